// Verifies HS256 JSON Web Tokens: one JSON request per input line, one verdict per output line.
//
// Each input line is {"token": ..., "secret": ..., "now": ...}; each output line is `valid SUB` or
// `invalid REASON`. See README.md for the exact rules and the order the checks run in.
//
// This starter splits and decodes tokens and prints the subject, but it checks nothing yet: as it stands it
// accepts any token anyone makes up. The TODOs say what each stage adds.
package main

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
)

const leeway = 30

// invalid is the reason a token is rejected: "malformed", "bad-signature", ...
type invalid string

func (reason invalid) Error() string { return string(reason) }

func b64urlDecode(segment string) ([]byte, error) {
	// TODO (stage 1): JWT segments are base64url WITHOUT the '=' padding, so this only works when the
	//       length happens to be a multiple of 4. Also reject anything that is not unpadded base64url.
	data, err := base64.URLEncoding.DecodeString(segment)
	if err != nil {
		return nil, invalid("malformed")
	}
	return data, nil
}

func jsonObject(segment string) (map[string]any, error) {
	data, err := b64urlDecode(segment)
	if err != nil {
		return nil, err
	}
	var value map[string]any
	if err := json.Unmarshal(data, &value); err != nil || value == nil {
		return nil, invalid("malformed")
	}
	return value, nil
}

// verify returns the token's subject, or an invalid error with the first reason it fails.
func verify(token, secret string, now float64) (string, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return "", invalid("malformed")
	}
	headerSegment, payloadSegment, signature := parts[0], parts[1], parts[2]
	header, err := jsonObject(headerSegment)
	if err != nil {
		return "", err
	}
	payload, err := jsonObject(payloadSegment)
	if err != nil {
		return "", err
	}
	_, _ = header, signature // delete once the TODOs use them
	// TODO (stage 1): check the claims the README requires, then recompute the HMAC-SHA256 signature
	//       of "headerSegment.payloadSegment" with the secret and compare it with `signature`.
	// TODO (stage 2): only HS256 is acceptable, whatever the header says.
	// TODO (stage 3): exp and nbf, with the leeway.
	sub, _ := payload["sub"].(string)
	return sub, nil
}

type request struct {
	Token  string  `json:"token"`
	Secret string  `json:"secret"`
	Now    float64 `json:"now"`
}

func main() {
	in := bufio.NewReader(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for {
		line, err := in.ReadString('\n')
		if strings.TrimSpace(line) != "" {
			var req request
			if err := json.Unmarshal([]byte(line), &req); err != nil {
				fmt.Fprintln(os.Stderr, "not a request:", err)
				os.Exit(1)
			}
			if sub, err := verify(req.Token, req.Secret, req.Now); err != nil {
				fmt.Fprintf(out, "invalid %v\n", err)
			} else {
				fmt.Fprintf(out, "valid %s\n", sub)
			}
		}
		if err == io.EOF {
			return
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
