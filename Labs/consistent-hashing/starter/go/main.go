// consistent-hashing: a hash ring with virtual nodes (see README.md).
package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// ringHash is the first 8 hex digits of the SHA-256 of the UTF-8 text, as an integer (0 to 2^32 - 1).
func ringHash(text string) uint32 {
	sum := sha256.Sum256([]byte(text))
	return binary.BigEndian.Uint32(sum[:4])
}

func main() {
	data, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "consistent-hashing:", err)
		os.Exit(1)
	}
	var lines []string
	for _, raw := range strings.Split(string(data), "\n") {
		if line := strings.TrimSpace(raw); line != "" {
			lines = append(lines, line)
		}
	}
	if len(lines) == 0 {
		return
	}
	_, vnodesText, _ := strings.Cut(lines[0], "=")
	vnodes, _ := strconv.Atoi(vnodesText)
	_ = vnodes // Go rejects unused variables: delete this line once the TODOs use it.
	var nodes []string
	var tracked []string // the tracked keys
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for _, line := range lines[1:] {
		words := strings.Fields(line)
		switch words[0] {
		case "add":
			// TODO (stage 1): put the node on the ring at ringHash(node + "#0").
			// TODO (stage 2): ... and at #1, #2, ... up to vnodes - 1.
			if indexOf(nodes, words[1]) < 0 {
				nodes = append(nodes, words[1])
			}
		case "remove":
			if i := indexOf(nodes, words[1]); i >= 0 {
				nodes = append(nodes[:i], nodes[i+1:]...)
			}
		case "lookup":
			// TODO (stage 1): the owner is the node of the first point at or after ringHash(key), wrapping around.
			owner := "none"
			if len(nodes) > 0 {
				owner = nodes[0]
			}
			fmt.Fprintf(out, "%s -> %s\n", words[1], owner)
		case "track":
			count, _ := strconv.Atoi(words[2])
			tracked = tracked[:0]
			for i := 0; i < count; i++ {
				tracked = append(tracked, words[1]+strconv.Itoa(i))
			}
		case "load":
			// TODO (stage 2): "load NODE COUNT" for every node, sorted by name.
		case "moved-after":
			// TODO (stage 3): apply the add or remove, and print "moved M of N".
		}
	}
}

func indexOf(list []string, value string) int {
	for i, item := range list {
		if item == value {
			return i
		}
	}
	return -1
}
