// A small durable key-value store, standing in for a DynamoDB table. You do not need to change it.
//
// Items are JSON objects kept under $STORE_DIR/<table>/, one file per key. The directory outlives every
// function instance: it is the only state that does. Writes are atomic (a reader never sees half an item), and
// putIfAbsent is a conditional write -- like DynamoDB's `attribute_not_exists` condition, it succeeds for
// exactly one writer even when several instances race.
"use strict";
const fs = require("fs");
const path = require("path");
const crypto = require("crypto");

const ROOT = process.env.STORE_DIR || "./store";

class Table {
  constructor(name) {
    this.directory = path.join(ROOT, name);
    fs.mkdirSync(this.directory, { recursive: true });
  }

  pathOf(key) {
    return path.join(this.directory, `${encodeURIComponent(String(key))}.json`);
  }

  staged(item) {
    const file = path.join(this.directory, `.staged-${process.pid}-${crypto.randomBytes(6).toString("hex")}`);
    fs.writeFileSync(file, JSON.stringify(item));
    return file;
  }

  // The item stored under `key`, or null.
  get(key) {
    try {
      return JSON.parse(fs.readFileSync(this.pathOf(key), "utf8"));
    } catch (error) {
      if (error.code === "ENOENT") return null;
      throw error;
    }
  }

  // Stores `item` under `key`, replacing what was there.
  put(key, item) {
    fs.renameSync(this.staged(item), this.pathOf(key));
  }

  // Stores `item` only if `key` has no item yet; true if it did, false if the key was taken.
  putIfAbsent(key, item) {
    const file = this.staged(item);
    try {
      fs.linkSync(file, this.pathOf(key));
      return true;
    } catch (error) {
      if (error.code === "EEXIST") return false;
      throw error;
    } finally {
      fs.unlinkSync(file);
    }
  }

  // Every [key, item] of the table, in no particular order.
  scan() {
    return fs.readdirSync(this.directory)
      .filter((name) => name.endsWith(".json") && !name.startsWith("."))
      .map((name) => [decodeURIComponent(name.slice(0, -".json".length)), this.get(decodeURIComponent(name.slice(0, -".json".length)))])
      .filter(([, item]) => item !== null);
  }
}

module.exports = { Table };
