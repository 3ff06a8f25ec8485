"""A throwaway PostgreSQL cluster for the browser tests, as Tests/LadderTestSupport/PostgresCluster.swift makes one for
the Swift tests: `initdb` in a new temporary directory, a Unix socket there and no TCP, the superuser `ladder` let in
without a password, nothing kept safe on disk. PostgreSQL refuses to run as root, so under root the server runs as
`nobody`. Use it as a context manager: leaving stops the server and removes the directory.
"""

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid


class PostgresMissing(Exception):
    pass


def server_programs():
    """The newest of Debian's /usr/lib/postgresql/VERSION/bin, else the directory on PATH holding initdb."""
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]), reverse=True)
    candidates = versions + os.environ.get("PATH", "").split(":")
    for directory in candidates:
        if all(os.access(os.path.join(directory, p), os.X_OK) for p in ("initdb", "pg_ctl", "postgres", "psql")):
            return directory
    raise PostgresMissing("PostgreSQL's server programs (initdb, pg_ctl, postgres, psql) are not installed; "
                          "install them with `apt-get install postgresql` (scripts/bootstrap.sh --tests does)")


class Cluster:
    USER = "ladder"

    def __init__(self):
        self.programs = server_programs()
        self.directory = os.path.realpath(tempfile.mkdtemp(prefix="ladder-web-postgres-"))
        self.socket = os.path.join(self.directory, "socket")
        os.mkdir(self.socket)
        self.as_server = []
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            for path in (self.directory, self.socket):
                os.chown(path, nobody.pw_uid, nobody.pw_gid)
            self.as_server = ["setpriv", f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}", "--clear-groups",
                              "--"]
        self.started = False

    def _run(self, program, *arguments, as_server=True):
        command = (self.as_server if as_server else []) + [os.path.join(self.programs, program), *arguments]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{program} {' '.join(arguments)} failed: {done.stdout}{done.stderr}")
        return done.stdout

    def __enter__(self):
        data = os.path.join(self.directory, "data")
        # A watchdog that stops the server and removes the directory once this process ends, however it ends (a
        # kill -9 too): it waits for the end of a pipe only this process can write.
        read_end, self._watchdog = os.pipe()
        script = 'cat >/dev/null; "$1" -D "$2" -m immediate -s stop >/dev/null 2>&1; rm -rf "$3"'
        subprocess.Popen(self.as_server + ["/bin/sh", "-c", script, "watchdog", os.path.join(self.programs, "pg_ctl"),
                                           data, self.directory],
                         stdin=read_end, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        os.close(read_end)
        os.set_inheritable(self._watchdog, False)
        self._run("initdb", "-D", data, "-U", self.USER, "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync")
        with open(os.path.join(data, "postgresql.conf"), "a") as conf:
            conf.write(f"\nlisten_addresses = ''\nunix_socket_directories = '{self.socket}'\n"
                       "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n")
        self._run("pg_ctl", "-D", data, "-l", os.path.join(self.directory, "server.log"), "-w", "-t", "120", "-s",
                  "start")
        self.started = True
        return self

    def __exit__(self, *_):
        if self.started:
            try:
                self._run("pg_ctl", "-D", os.path.join(self.directory, "data"), "-m", "immediate", "-s", "stop")
            except RuntimeError:
                pass
        shutil.rmtree(self.directory, ignore_errors=True)

    def create_database(self):
        """A new, empty database; returns its URL as `--store` and `--queue` take it."""
        name = "web_" + uuid.uuid4().hex
        self._run("psql", "-X", "-q", "-h", self.socket, "-U", self.USER, "-d", "postgres", "-c",
                  f"CREATE DATABASE {name}", as_server=False)
        return f"postgres://{self.USER}@/{name}?host={self.socket}"
