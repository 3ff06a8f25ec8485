import Foundation
import LadderModel
import Testing

@testable import LadderGrading

/// The `http` runner: a learner's service in its own box, reached through the launcher's forwarder.
@Suite(.requires(.sandbox))
struct RunnerHTTPTests {
    /// A small items service on $PORT: POST /items, GET /items/ID, GET /crash kills it.
    static let service = #"""
        import json, os, signal, sys
        from http.server import BaseHTTPRequestHandler, HTTPServer

        items = {}

        class Handler(BaseHTTPRequestHandler):
            def send(self, status, body, headers=None):
                data = json.dumps(body).encode() if not isinstance(body, bytes) else body
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                payload = json.loads(self.rfile.read(length) or b"{}")
                if self.path != "/items" or "name" not in payload:
                    return self.send(400, {"error": "bad request"})
                item = {"id": len(items) + 1, "name": payload["name"], "tags": ["new"],
                        "auth": self.headers.get("Authorization", "")}
                items[item["id"]] = item
                self.send(201, item, {"Location": "/items/%d" % item["id"], "X-Trace": "trace-123"})

            def do_GET(self):
                if self.path == "/":
                    return self.send(200, {"ready": True})
                if self.path == "/crash":
                    sys.stderr.write("about to crash on /crash\n")
                    sys.stderr.flush()
                    os.kill(os.getpid(), signal.SIGSEGV)
                if self.path == "/text":
                    return self.send(200, b"plain words, not json")
                if self.path.startswith("/items/"):
                    item = items.get(int(self.path.rsplit("/", 1)[1]))
                    if not item:
                        return self.send(404, {"error": "no such item"})
                    return self.send(200, dict(item, self="/items/%d" % item["id"]))
                self.send(404, {"error": "not found"})

            def log_message(self, *args):
                pass

        HTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
        """#

    func lab(_ tests: [String], service: String = Self.service) throws -> SyntheticLab {
        try SyntheticLab(grader: oneStageSpec(tests), solution: ["main.py": service])
    }

    @Test func stepsWithCapturesJSONPointersHeadersAndPatterns() async throws {
        let lab = try lab([
            """
            id = "crud"
            points = 5
            kind = "http"
            ready-path = "/"
              [[stages.tests.steps]]
              method = "POST"
              path = "/items"
              headers = { Authorization = "Bearer abc" }
              body = '{"name": "widget"}'
              status = 201
              expect-headers = { Location = "/items/[0-9]+", X-Trace = "trace-[0-9]+" }
              json = '{"name": "widget", "tags": ["new"], "auth": "Bearer abc"}'
              capture = { id = "/id", where = "header:Location" }
              [[stages.tests.steps]]
              path = "/items/{{id}}"
              status = 200
              json = '{"id": {{id}}}'
              pointers = { "/name" = '"widget"', "/tags/0" = '"new"', "/id" = "{{id}}", "/self" = '"{{where}}"' }
              body-pattern = '"name":\\s*"widget"'
              [[stages.tests.steps]]
              path = "/items/99"
              status = 404
              pointers = { "/error" = '"no such item"' }
            """
        ])
        let (report, _) = try await lab.grade()
        let test = try #require(report.test("crud"))
        #expect(test.verdict == .passed, "\(test.detail ?? "")")
        #expect(test.points == 5)
    }

    @Test func mismatchesNameTheStep() async throws {
        let lab = try lab([
            """
            id = "status"
            points = 1
            kind = "http"
              [[stages.tests.steps]]
              path = "/items/1"
              status = 200
            """,
            """
            id = "subset"
            points = 1
            kind = "http"
              [[stages.tests.steps]]
              method = "POST"
              path = "/items"
              body = '{"name": "a"}'
              json = '{"name": "b"}'
            """,
            """
            id = "pointer"
            points = 1
            kind = "http"
              [[stages.tests.steps]]
              method = "POST"
              path = "/items"
              body = '{"name": "a"}'
              pointers = { "/tags/0" = '"old"' }
            """,
            """
            id = "header"
            points = 1
            kind = "http"
              [[stages.tests.steps]]
              method = "POST"
              path = "/items"
              body = '{"name": "a"}'
              expect-headers = { Location = "/things/[0-9]+" }
            """,
            """
            id = "missing-header"
            points = 1
            kind = "http"
              [[stages.tests.steps]]
              path = "/"
              expect-headers = { ETag = ".*" }
            """,
            """
            id = "pattern"
            points = 1
            kind = "http"
              [[stages.tests.steps]]
              path = "/text"
              body-pattern = "^json"
            """,
            """
            id = "not-json"
            points = 1
            kind = "http"
              [[stages.tests.steps]]
              path = "/text"
              json = '{}'
            """,
        ])
        let (report, _) = try await lab.grade()
        func detail(_ id: String) -> String { report.test(id)?.detail ?? "" }
        #expect(
            report.tests.allSatisfy { $0.verdict == .wrongAnswer },
            "\(report.tests.map { "\($0.id): \($0.verdict) \($0.detail ?? "")" })")
        #expect(detail("status").contains("step 1 (GET /items/1): expected status 200, got 404"), "\(detail("status"))")
        #expect(detail("status").contains("no such item"), "the body is previewed: \(detail("status"))")
        #expect(detail("subset").contains("step 1 (POST /items)"), "\(detail("subset"))")
        #expect(detail("subset").contains("/name"), "\(detail("subset"))")
        #expect(detail("pointer").contains("at /tags/0"), "\(detail("pointer"))")
        #expect(
            detail("header").contains("header Location is '/items/1', which does not match /things/[0-9]+"),
            "\(detail("header"))")
        #expect(detail("missing-header").contains("has no ETag header"), "\(detail("missing-header"))")
        #expect(detail("pattern").contains("the body does not match ^json"), "\(detail("pattern"))")
        #expect(detail("not-json").contains("the body is not JSON"), "\(detail("not-json"))")
    }

    @Test func aPathMayStartWithACapturedLocation() async throws {
        let lab = try lab([
            """
            id = "follow"
            points = 1
            kind = "http"
              [[stages.tests.steps]]
              method = "POST"
              path = "/items"
              body = '{"name": "b"}'
              capture = { where = "header:Location" }
              [[stages.tests.steps]]
              path = "{{where}}"
              pointers = { "/name" = '"b"' }
            """
        ])
        let (report, _) = try await lab.grade()
        #expect(report.test("follow")?.verdict == .passed, "\(report.test("follow")?.detail ?? "")")
    }

    @Test func aServiceThatNeverListensRunsOutOfTime() async throws {
        let lab = try lab(
            [
                "id = \"deaf\"\npoints = 1\nkind = \"http\"\nstartup-timeout = \"700ms\"\n[[stages.tests.steps]]\npath = \"/\""
            ],
            service: "import time\nprint('starting but never listening', flush=True)\ntime.sleep(60)\n")
        let started = ContinuousClock.now
        let (report, _) = try await lab.grade()
        let test = try #require(report.test("deaf"))
        #expect(test.verdict == .timeLimit)
        #expect(test.detail?.contains("did not answer GET / within 700 ms") == true, "\(test.detail ?? "")")
        #expect(test.detail?.contains("$PORT") == true)
        #expect(
            ContinuousClock.now - started < .seconds(30), "the wait ends at the startup timeout, not the service's 60 s"
        )
    }

    @Test func aServiceThatExitsAtOnceIsARuntimeError() async throws {
        let lab = try lab(
            [
                "id = \"quits\"\npoints = 1\nkind = \"http\"\nstartup-timeout = \"30s\"\n[[stages.tests.steps]]\npath = \"/\""
            ],
            service: "import sys\nprint('no port for me', file=sys.stderr)\nsys.exit(4)\n")
        let started = ContinuousClock.now
        let (report, _) = try await lab.grade()
        let test = try #require(report.test("quits"))
        #expect(test.verdict == .runtimeError, "\(test.detail ?? "")")
        #expect(test.detail?.contains("exited with status 4") == true, "\(test.detail ?? "")")
        #expect(test.detail?.contains("no port for me") == true, "\(test.detail ?? "")")
        #expect(
            ContinuousClock.now - started < .seconds(25),
            "the runner noticed the exit instead of waiting out the 30 s timeout")
    }

    @Test func aServiceThatExitsCleanlyAtOnceIsStillARuntimeError() async throws {
        let lab = try lab(
            ["id = \"done\"\npoints = 1\nkind = \"http\"\n[[stages.tests.steps]]\npath = \"/\""],
            service: "print('nothing to serve')\n")
        let (report, _) = try await lab.grade()
        let test = try #require(report.test("done"))
        #expect(test.verdict == .runtimeError, "\(test.detail ?? "")")
        #expect(test.detail?.contains("before it answered any request") == true, "\(test.detail ?? "")")
    }

    @Test func aServiceThatCrashesOnARequestNamesTheStep() async throws {
        let lab = try lab([
            """
            id = "crash"
            points = 1
            kind = "http"
              [[stages.tests.steps]]
              path = "/"
              status = 200
              [[stages.tests.steps]]
              path = "/crash"
              status = 200
            """
        ])
        let (report, _) = try await lab.grade()
        let test = try #require(report.test("crash"))
        #expect(test.verdict == .crashed, "\(test.detail ?? "")")
        let detail = try #require(test.detail)
        #expect(detail.contains("step 2 (GET /crash)"), "\(detail)")
        #expect(detail.contains("SIGSEGV"), "\(detail)")
    }

    @Test func eachTestGetsAFreshService() async throws {
        let post = """
              [[stages.tests.steps]]
              method = "POST"
              path = "/items"
              body = '{"name": "a"}'
              pointers = { "/id" = "1" }
            """
        let lab = try lab([
            "id = \"first\"\npoints = 1\nkind = \"http\"\n" + post,
            "id = \"second\"\npoints = 1\nkind = \"http\"\n" + post,
        ])
        let (report, _) = try await lab.grade()
        #expect(report.test("first")?.verdict == .passed, "\(report.test("first")?.detail ?? "")")
        #expect(
            report.test("second")?.verdict == .passed,
            "the second service saw the first one's item: \(report.test("second")?.detail ?? "")")
    }

    @Test func anUnknownCaptureOrBadPatternIsTheGradersFault() async throws {
        let lab = try lab([
            "id = \"unknown-capture\"\npoints = 1\nkind = \"http\"\n[[stages.tests.steps]]\npath = \"/items/{{nope}}\"",
            "id = \"bad-pattern\"\npoints = 1\nkind = \"http\"\n[[stages.tests.steps]]\npath = \"/\"\nexpect-headers = { Content-Type = \"{{nope}}(\" }",
            "id = \"bad-json\"\npoints = 1\nkind = \"http\"\n[[stages.tests.steps]]\npath = \"/\"\njson = \"{not json\"",
        ])
        let (report, _) = try await lab.grade()
        for id in ["unknown-capture", "bad-pattern", "bad-json"] {
            #expect(report.test(id)?.verdict == .graderError, "\(id): \(report.test(id)?.detail ?? "")")
        }
        #expect(report.test("unknown-capture")?.detail?.contains("nope") == true)
        #expect(report.status == .error)
    }

    @Test func theServiceHasNoNetworkButItsOwnLoopback() async throws {
        let probe = #"""
            import os, socket
            from http.server import BaseHTTPRequestHandler, HTTPServer
            def reach(host, port):
                try:
                    socket.create_connection((host, port), timeout=1).close()
                    return "reached"
                except OSError as e:
                    return "blocked"
            interfaces = sorted(name for _, name in socket.if_nameindex())
            result = ",".join([reach("1.1.1.1", 53), reach("10.0.0.1", 80)] + interfaces).encode()
            class H(BaseHTTPRequestHandler):
                def do_GET(self):
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(result)))
                    self.end_headers()
                    self.wfile.write(result)
                def log_message(self, *a):
                    pass
            HTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()
            """#
        let lab = try lab(
            [
                "id = \"net\"\npoints = 1\nkind = \"http\"\n[[stages.tests.steps]]\npath = \"/\"\nbody-pattern = \"^blocked,blocked,lo$\""
            ],
            service: probe)
        let (report, _) = try await lab.grade()
        #expect(report.test("net")?.verdict == .passed, "\(report.test("net")?.detail ?? "")")
    }
}
