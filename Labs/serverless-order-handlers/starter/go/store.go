// A small durable key-value store, standing in for a DynamoDB table. You do not need to change it.
//
// Items are JSON objects kept under $STORE_DIR/<table>/, one file per key. The directory outlives every
// function instance: it is the only state that does. Writes are atomic (a reader never sees half an item), and
// PutIfAbsent is a conditional write -- like DynamoDB's `attribute_not_exists` condition, it succeeds for
// exactly one writer even when several instances race.
package main

import (
	"encoding/json"
	"errors"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

type Table struct {
	directory string
}

// NewTable opens (and creates if need be) the table called name.
func NewTable(name string) *Table {
	root := os.Getenv("STORE_DIR")
	if root == "" {
		root = "./store"
	}
	directory := filepath.Join(root, name)
	if err := os.MkdirAll(directory, 0o755); err != nil {
		panic(err)
	}
	return &Table{directory: directory}
}

func (t *Table) path(key string) string {
	return filepath.Join(t.directory, url.PathEscape(key)+".json")
}

func (t *Table) staged(item any) (string, error) {
	data, err := json.Marshal(item)
	if err != nil {
		return "", err
	}
	file, err := os.CreateTemp(t.directory, ".staged-")
	if err != nil {
		return "", err
	}
	defer file.Close()
	if _, err := file.Write(data); err != nil {
		os.Remove(file.Name())
		return "", err
	}
	return file.Name(), nil
}

// Get reads the item stored under key into item (a pointer, as for json.Unmarshal); false when there is none.
func (t *Table) Get(key string, item any) (bool, error) {
	data, err := os.ReadFile(t.path(key))
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, json.Unmarshal(data, item)
}

// Put stores item under key, replacing what was there.
func (t *Table) Put(key string, item any) error {
	staged, err := t.staged(item)
	if err != nil {
		return err
	}
	return os.Rename(staged, t.path(key))
}

// PutIfAbsent stores item only if key has no item yet; true if it did, false if the key was taken.
func (t *Table) PutIfAbsent(key string, item any) (bool, error) {
	staged, err := t.staged(item)
	if err != nil {
		return false, err
	}
	defer os.Remove(staged)
	err = os.Link(staged, t.path(key))
	if errors.Is(err, fs.ErrExist) {
		return false, nil
	}
	return err == nil, err
}

// Scan returns every item of the table as raw JSON, by key, in no particular order.
func (t *Table) Scan() (map[string]json.RawMessage, error) {
	entries, err := os.ReadDir(t.directory)
	if err != nil {
		return nil, err
	}
	items := map[string]json.RawMessage{}
	for _, entry := range entries {
		name := entry.Name()
		if !strings.HasSuffix(name, ".json") || strings.HasPrefix(name, ".") {
			continue
		}
		key, err := url.PathUnescape(strings.TrimSuffix(name, ".json"))
		if err != nil {
			continue
		}
		var item json.RawMessage
		if found, err := t.Get(key, &item); err != nil {
			return nil, err
		} else if found {
			items[key] = item
		}
	}
	return items, nil
}
