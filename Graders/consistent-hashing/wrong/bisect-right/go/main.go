// Known-wrong (bisect-right): searches for the first point after the key's hash (>), so a key that lands exactly on a point goes to the next node.
// consistent-hashing: a hash ring with virtual nodes, lookups, load and key movement.
package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
)

// ringHash is the first 8 hex digits of the SHA-256 of the UTF-8 text, as an integer (0 to 2^32 - 1).
func ringHash(text string) uint32 {
	sum := sha256.Sum256([]byte(text))
	return binary.BigEndian.Uint32(sum[:4])
}

type point struct {
	position uint32
	node     string
}

// Ring holds every virtual node, sorted by position and then by node name.
type Ring struct {
	vnodes int
	nodes  map[string]bool
	points []point
}

func newRing(vnodes int) *Ring {
	return &Ring{vnodes: vnodes, nodes: map[string]bool{}}
}

func (r *Ring) rebuild() {
	r.points = r.points[:0]
	for node := range r.nodes {
		for i := 0; i < r.vnodes; i++ {
			r.points = append(r.points, point{ringHash(node + "#" + strconv.Itoa(i)), node})
		}
	}
	sort.Slice(r.points, func(i, j int) bool {
		a, b := r.points[i], r.points[j]
		if a.position != b.position {
			return a.position < b.position
		}
		return a.node < b.node
	})
}

func (r *Ring) add(node string) {
	if !r.nodes[node] {
		r.nodes[node] = true
		r.rebuild()
	}
}

func (r *Ring) remove(node string) {
	if r.nodes[node] {
		delete(r.nodes, node)
		r.rebuild()
	}
}

// owner is the node of the first virtual node at or after position, wrapping past the top of the ring
// ("" when the ring is empty).
func (r *Ring) owner(position uint32) string {
	if len(r.points) == 0 {
		return ""
	}
	index := sort.Search(len(r.points), func(i int) bool { return r.points[i].position > position })
	return r.points[index%len(r.points)].node
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
	ring := newRing(vnodes)
	var tracked []uint32 // positions of the tracked keys
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for _, line := range lines[1:] {
		words := strings.Fields(line)
		switch words[0] {
		case "add":
			ring.add(words[1])
		case "remove":
			ring.remove(words[1])
		case "lookup":
			owner := ring.owner(ringHash(words[1]))
			if owner == "" {
				owner = "none"
			}
			fmt.Fprintf(out, "%s -> %s\n", words[1], owner)
		case "track":
			count, _ := strconv.Atoi(words[2])
			tracked = make([]uint32, count)
			for i := range tracked {
				tracked[i] = ringHash(words[1] + strconv.Itoa(i))
			}
		case "load":
			counts := map[string]int{}
			names := make([]string, 0, len(ring.nodes))
			for node := range ring.nodes {
				names = append(names, node)
			}
			sort.Strings(names)
			for _, position := range tracked {
				counts[ring.owner(position)]++
			}
			for _, node := range names {
				fmt.Fprintf(out, "load %s %d\n", node, counts[node])
			}
		case "moved-after":
			before := make([]string, len(tracked))
			for i, position := range tracked {
				before[i] = ring.owner(position)
			}
			if words[1] == "add" {
				ring.add(words[2])
			} else {
				ring.remove(words[2])
			}
			moved := 0
			for i, position := range tracked {
				if ring.owner(position) != before[i] {
					moved++
				}
			}
			fmt.Fprintf(out, "moved %d of %d\n", moved, len(tracked))
		}
	}
}
