"""A small durable key-value store, standing in for a DynamoDB table. You do not need to change it.

Items are JSON objects kept under $STORE_DIR/<table>/, one file per key. The directory outlives every
function instance: it is the only state that does. Writes are atomic (a reader never sees half an item), and
put_if_absent is a conditional write -- like DynamoDB's `attribute_not_exists` condition, it succeeds for
exactly one writer even when several instances race.
"""
import json
import os
import tempfile
from urllib.parse import quote, unquote

ROOT = os.environ.get("STORE_DIR", "./store")


class Table:
    def __init__(self, name):
        self.directory = os.path.join(ROOT, name)
        os.makedirs(self.directory, exist_ok=True)

    def _path(self, key):
        return os.path.join(self.directory, quote(str(key), safe="") + ".json")

    def _staged(self, item):
        handle, staged = tempfile.mkstemp(dir=self.directory, prefix=".staged-")
        with os.fdopen(handle, "w", encoding="utf-8") as f:
            json.dump(item, f)
        return staged

    def get(self, key):
        """The item stored under `key`, or None."""
        try:
            with open(self._path(key), encoding="utf-8") as f:
                return json.load(f)
        except FileNotFoundError:
            return None

    def put(self, key, item):
        """Stores `item` under `key`, replacing what was there."""
        os.replace(self._staged(item), self._path(key))

    def put_if_absent(self, key, item):
        """Stores `item` only if `key` has no item yet; True if it did, False if the key was taken."""
        staged = self._staged(item)
        try:
            os.link(staged, self._path(key))
            return True
        except FileExistsError:
            return False
        finally:
            os.unlink(staged)

    def scan(self):
        """Every (key, item) of the table, in no particular order."""
        items = []
        for name in os.listdir(self.directory):
            if name.endswith(".json") and not name.startswith("."):
                key = unquote(name[: -len(".json")])
                item = self.get(key)
                if item is not None:
                    items.append((key, item))
        return items
