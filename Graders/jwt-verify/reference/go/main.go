// Verifies HS256 JSON Web Tokens: one JSON request per input line, one verdict per output line.
//
// Checks run in a fixed order and the first failure is the answer: malformed, unsupported-alg,
// bad-signature, expired, not-yet-valid. The header is never trusted to choose the algorithm: HS256 is the
// only one accepted, and the signature is recomputed and compared in constant time.
package main

import (
	"bufio"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"unicode/utf8"
)

const leeway = 30

var segmentPattern = regexp.MustCompile(`^[A-Za-z0-9_-]*$`)

type invalid string

func (reason invalid) Error() string { return string(reason) }

const malformed = invalid("malformed")

// wellFormedSegment says whether s is unpadded base64url of a possible length.
func wellFormedSegment(s string) bool {
	return segmentPattern.MatchString(s) && len(s)%4 != 1
}

func jsonObject(segment string) (map[string]any, error) {
	if !wellFormedSegment(segment) {
		return nil, malformed
	}
	data, err := base64.RawURLEncoding.DecodeString(segment)
	if err != nil || !utf8.Valid(data) {
		return nil, malformed
	}
	var value map[string]any
	if err := json.Unmarshal(data, &value); err != nil || value == nil {
		return nil, malformed
	}
	return value, nil
}

func verify(token, secret string, now float64) (string, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" {
		return "", malformed
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
	if !wellFormedSegment(signature) {
		return "", malformed
	}
	alg, ok := header["alg"].(string)
	if !ok {
		return "", malformed
	}
	// encoding/json decodes every JSON number as a float64 and nothing else (not true, not "1") as one.
	sub, _ := payload["sub"].(string)
	exp, expOK := payload["exp"].(float64)
	nbfValue, hasNbf := payload["nbf"]
	nbf, nbfOK := nbfValue.(float64)
	if sub == "" || !expOK || (hasNbf && !nbfOK) {
		return "", malformed
	}

	if alg != "HS256" {
		return "", invalid("unsupported-alg")
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(headerSegment + "." + payloadSegment))
	expected := base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
	if !hmac.Equal([]byte(expected), []byte(signature)) {
		return "", invalid("bad-signature")
	}

	if now >= exp+leeway {
		return "", invalid("expired")
	}
	if hasNbf && now < nbf-leeway {
		return "", invalid("not-yet-valid")
	}
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
