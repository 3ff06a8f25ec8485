import Foundation
import LadderGit
import Testing

/// A smart-HTTP git server on 127.0.0.1 (python3 + git-http-backend) that serves the
/// repositories under a root directory only to Basic auth `x-access-token:<token>`.
final class TokenGitServer {
    /// python3 runs the server, git's http backend serves the repositories.
    static let prerequisites: [Prerequisite] = [
        .python3,
        .executable("/usr/lib/git-core/git-http-backend", for: "serves repositories over HTTP", package: "git"),
    ]

    let port: Int
    private let process: Process

    init(root: String, token: String) throws {
        let script = root + "/token_git_server.py"
        try Self.script.write(toFile: script, atomically: false, encoding: .utf8)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [script, root, token]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        guard let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            kill(process.processIdentifier, SIGKILL)
            throw GitCLIError(arguments: [script], status: -1, stderr: "the test server did not report its port")
        }
        self.port = port
    }

    func stop() {
        // SIGKILL, not terminate(): children of the test runner inherit a signal mask
        // that blocks SIGTERM, so a SIGTERM would stay pending forever.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    private static let script = #"""
        """Smart-HTTP git server for tests: serves the repositories under ROOT through
        git-http-backend, only to requests with Basic auth x-access-token:TOKEN.
        Prints the port it listens on, then serves until killed."""
        import base64
        import http.server
        import os
        import subprocess
        import sys

        ROOT, TOKEN = sys.argv[1], sys.argv[2]
        EXPECTED = "Basic " + base64.b64encode(f"x-access-token:{TOKEN}".encode()).decode()


        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                self.serve()

            def do_POST(self):
                self.serve()

            def read_body(self):
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    body = b""
                    while True:
                        size = int(self.rfile.readline().strip(), 16)
                        if size == 0:
                            self.rfile.readline()
                            return body
                        body += self.rfile.read(size)
                        self.rfile.readline()
                return self.rfile.read(int(self.headers.get("Content-Length", 0)))

            def serve(self):
                body = self.read_body() if self.command == "POST" else b""
                if self.headers.get("Authorization") != EXPECTED:
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="test"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                path, _, query = self.path.partition("?")
                env = dict(os.environ, GIT_PROJECT_ROOT=ROOT, GIT_HTTP_EXPORT_ALL="1", PATH_INFO=path,
                           QUERY_STRING=query, REQUEST_METHOD=self.command, REMOTE_USER="x-access-token",
                           CONTENT_TYPE=self.headers.get("Content-Type", ""), CONTENT_LENGTH=str(len(body)),
                           GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_SYSTEM="/dev/null")
                output = subprocess.run(["/usr/lib/git-core/git-http-backend"], input=body, env=env,
                                        capture_output=True, check=True).stdout
                head, _, payload = output.partition(b"\r\n\r\n")
                status = 200
                headers = []
                for line in head.decode().split("\r\n"):
                    name, _, value = line.partition(": ")
                    if name.lower() == "status":
                        status = int(value.split()[0])
                    else:
                        headers.append((name, value))
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)


        server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#
}
