// lru-ttl-cache reference: an LRU cache whose entries also expire after a time to live.
package main

import (
	"bufio"
	"container/heap"
	"container/list"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

type entry struct {
	key       string
	value     string
	expiresAt int64
}

type expiry struct {
	at  int64
	key string
}

// expiries is a min-heap of expiry times; an expiry is stale when its key was set again since.
type expiries []expiry

func (h expiries) Len() int           { return len(h) }
func (h expiries) Less(i, j int) bool { return h[i].at < h[j].at }
func (h expiries) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *expiries) Push(x any)        { *h = append(*h, x.(expiry)) }
func (h *expiries) Pop() any {
	old := *h
	last := old[len(old)-1]
	*h = old[:len(old)-1]
	return last
}

type Cache struct {
	capacity int
	order    *list.List               // of *entry, least recently used at the front
	entries  map[string]*list.Element // key -> its element in order
	expiries expiries
	now      int64
}

func newCache(capacity int) *Cache {
	return &Cache{capacity: capacity, order: list.New(), entries: map[string]*list.Element{}}
}

// live returns the key's element when it holds a live entry.
func (c *Cache) live(key string) (*list.Element, bool) {
	element, ok := c.entries[key]
	return element, ok && c.now < element.Value.(*entry).expiresAt
}

func (c *Cache) remove(key string) {
	if element, ok := c.entries[key]; ok {
		c.order.Remove(element)
		delete(c.entries, key)
	}
}

func (c *Cache) purgeExpired() {
	for len(c.expiries) > 0 && c.expiries[0].at <= c.now {
		e := heap.Pop(&c.expiries).(expiry)
		if element, ok := c.entries[e.key]; ok && element.Value.(*entry).expiresAt == e.at {
			c.remove(e.key)
		}
	}
}

func (c *Cache) get(key string) (string, bool) {
	element, ok := c.live(key)
	if !ok {
		c.remove(key)
		return "", false
	}
	c.order.MoveToBack(element)
	return element.Value.(*entry).value, true
}

func (c *Cache) set(key, value string, ttl int64) {
	expiresAt := c.now + ttl
	if element, ok := c.live(key); ok {
		e := element.Value.(*entry)
		e.value, e.expiresAt = value, expiresAt
		c.order.MoveToBack(element)
	} else {
		c.remove(key)
		c.purgeExpired()
		if c.order.Len() >= c.capacity {
			c.remove(c.order.Front().Value.(*entry).key)
		}
		c.entries[key] = c.order.PushBack(&entry{key: key, value: value, expiresAt: expiresAt})
	}
	heap.Push(&c.expiries, expiry{at: expiresAt, key: key})
}

func (c *Cache) size() int {
	c.purgeExpired()
	return c.order.Len()
}

func main() {
	data, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "lru-ttl-cache:", err)
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
	_, capacityText, _ := strings.Cut(lines[0], "=")
	capacity, err := strconv.Atoi(capacityText)
	if err != nil {
		fmt.Fprintf(os.Stderr, "lru-ttl-cache: not a capacity: %q\n", lines[0])
		os.Exit(1)
	}
	cache := newCache(capacity)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for _, line := range lines[1:] {
		words := strings.Fields(line)
		switch words[0] {
		case "set":
			ttl, _ := strconv.ParseInt(words[3], 10, 64)
			cache.set(words[1], words[2], ttl)
		case "get":
			if value, ok := cache.get(words[1]); ok {
				fmt.Fprintln(out, value)
			} else {
				fmt.Fprintln(out, "miss")
			}
		case "tick":
			ms, _ := strconv.ParseInt(words[1], 10, 64)
			cache.now += ms
		case "size":
			fmt.Fprintln(out, cache.size())
		}
	}
}
