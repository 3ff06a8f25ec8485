"""Checks that user input reaches SQLite only as bound parameters: python3 check-parameters.py [--submission DIR]

Output alone cannot tell a bound parameter from text pasted into the SQL and escaped by hand (doubling
apostrophes works for SQLite string literals), yet the lab's rule is to never mix code and data. So this
runs the learner's program (DIR defaults to /submission) on a copy of the fixture database with commands that
carry a marker, logging every statement text the program gives SQLite, and reports in JSON (one sub-test per
command kind) whether the marker ever appeared in a statement's text. The learner's output is not looked at
here; the io tests do that.

How the statements are seen depends on the language ($LADDER_LANGUAGE, default python):
- python: main.py runs with sqlite3.connect wrapped, so every text given to execute, executemany or
  executescript is logged;
- any other: the language's run command ($LADDER_RUN, a JSON array, run in DIR after the lab's build) runs
  with sql-log-shim.c, built here with gcc, in LD_PRELOAD: it logs the text given to sqlite3_prepare* and
  sqlite3_exec in the system's libsqlite3, which the starters' Go driver, Java connection and PHP
  connection call.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
MARKER = "qx7mark"

# Runs inside the learner's process, before main.py: logs each statement text, one JSON string per line.
BOOT = r'''
import json, os, runpy, sqlite3, sys
_log = open(os.environ["LADDER_SQL_LOG"], "a", encoding="utf-8")
def _record(sql):
    _log.write(json.dumps(sql if isinstance(sql, str) else repr(sql)) + "\n")
    _log.flush()
class _Cursor(sqlite3.Cursor):
    def execute(self, sql, *args, **kwargs):
        _record(sql)
        return super().execute(sql, *args, **kwargs)
    def executemany(self, sql, *args, **kwargs):
        _record(sql)
        return super().executemany(sql, *args, **kwargs)
    def executescript(self, sql, *args, **kwargs):
        _record(sql)
        return super().executescript(sql, *args, **kwargs)
class _Connection(sqlite3.Connection):
    def cursor(self, factory=_Cursor):
        return super().cursor(factory)
    def execute(self, sql, *args, **kwargs):
        _record(sql)
        return super().execute(sql, *args, **kwargs)
    def executemany(self, sql, *args, **kwargs):
        _record(sql)
        return super().executemany(sql, *args, **kwargs)
    def executescript(self, sql, *args, **kwargs):
        _record(sql)
        return super().executescript(sql, *args, **kwargs)
_connect = sqlite3.connect
def connect(*args, **kwargs):
    kwargs.setdefault("factory", _Connection)
    return _connect(*args, **kwargs)
sqlite3.connect = connect
sqlite3.dbapi2.connect = connect
script = sys.argv[1]
sys.argv = [script] + sys.argv[2:]
sys.path.insert(0, os.path.dirname(script))
runpy.run_path(script, run_name="__main__")
'''

# (sub-test name, commands): each command kind on its own, so the report says which one pastes text.
PROBES = [
    ("search passes the search text as a parameter",
     [f"search {MARKER}", f"search O'{MARKER}", f"search 50% {MARKER}_x"]),
    ("add passes the name as a parameter",
     [f"add Ada {MARKER} name-{MARKER[:3]}@example.com", f"add O'{MARKER} Brien ob@example.com"]),
    ("add passes the e-mail as a parameter",
     [f"add Grace Hopper {MARKER}@example.com", f"add Dara O'Hara {MARKER}'s@example.com"]),
]


def build_shim(directory):
    """Builds sql-log-shim.c into directory; returns the shared library's path."""
    library = os.path.join(directory, "sql-log-shim.so")
    result = subprocess.run(
        ["gcc", "-shared", "-fPIC", "-O1", "-o", library, os.path.join(HERE, "sql-log-shim.c"), "-ldl"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"gcc could not build the SQL logger (exit status {result.returncode}): {result.stdout[-500:]}")
    return library


def probe(submission, language, run, shim, commands):
    """Runs the program on the commands; returns (statements seen, exit code)."""
    with tempfile.TemporaryDirectory() as work:
        database = os.path.join(work, "users.db")
        shutil.copy(os.path.join(HERE, "fixtures", "users.db"), database)
        log = os.path.join(work, "sql.log")
        env = dict(os.environ, LADDER_SQL_LOG=log)
        if language == "python":
            command, cwd = [sys.executable, "-c", BOOT, os.path.join(submission, "main.py"), "users.db"], work
        else:
            command, cwd = run + [database], submission
            env["LD_PRELOAD"] = shim
        try:
            result = subprocess.run(
                command, cwd=cwd, env=env, input="\n".join(commands + ["count"]) + "\n",
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True, timeout=20)
            code = result.returncode
        except subprocess.TimeoutExpired:
            code = "timeout"
        statements = []
        if os.path.exists(log):
            if language == "python":
                with open(log, encoding="utf-8") as f:
                    statements = [json.loads(line) for line in f if line.strip()]
            else:
                with open(log, "rb") as f:
                    statements = [text.decode("utf-8", "replace") for text in f.read().split(b"\0") if text]
        return statements, code


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--submission", default="/submission")
    submission = os.path.abspath(parser.parse_args().submission)
    language = os.environ.get("LADDER_LANGUAGE", "python")
    run = json.loads(os.environ.get("LADDER_RUN", '["python3", "main.py"]'))
    tests = []
    with tempfile.TemporaryDirectory() as shim_directory:
        shim = None if language == "python" else build_shim(shim_directory)
        for name, commands in PROBES:
            tests.append(check(name, commands, probe(submission, language, run, shim, commands)))
    print(json.dumps({"tests": tests}))


def check(name, commands, seen):
    """One sub-test: did the marker stay out of every statement text?"""
    statements, code = seen
    pasted = [sql for sql in statements if MARKER in sql.lower()]
    if pasted:
        shown = " ".join(pasted[0].split())
        if len(shown) > 200:
            shown = shown[:200] + "..."
        message = (f"the user's text became part of an SQL statement: {shown!r} (sent for the commands "
                   f"{commands!r}); put a ? in the SQL and pass the value next to it instead")
        return {"name": name, "passed": False, "message": message}
    if not statements:
        return {"name": name, "passed": False,
                "message": f"no SQL statement was seen (exit status {code}): reach the database the way the "
                           "starter does (Python's sqlite3, the Go driver in sqlite.go, Java's Sqlite.connect, PHP's Sqlite::open)"}
    return {"name": name, "passed": True, "message": ""}


main()
