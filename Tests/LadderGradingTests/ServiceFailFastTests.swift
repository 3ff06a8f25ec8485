import Foundation
import LadderModel
import Testing

@testable import LadderGrading

/// A service that does not listen on `$PORT` is found out once per stage, and says where it listens instead.
@Suite(.requires(.sandbox))
struct ServiceFailFastTests {
    static func httpTest(_ id: String, timeout: String = "3s") -> String {
        "id = \"\(id)\"\npoints = 1\nkind = \"http\"\nstartup-timeout = \"\(timeout)\"\n[[stages.tests.steps]]\npath = \"/\""
    }

    @Test func aServiceOnAnotherPortIsNamedWithThePortAndPORTsValue() async throws {
        let service = """
            from http.server import BaseHTTPRequestHandler, HTTPServer
            HTTPServer(("127.0.0.1", 9999), BaseHTTPRequestHandler).serve_forever()
            """
        let lab = try SyntheticLab(
            grader: oneStageSpec([Self.httpTest("one"), Self.httpTest("two"), Self.httpTest("three")]),
            solution: ["main.py": service])
        let started = ContinuousClock.now
        let (report, _) = try await lab.grade()
        let first = try #require(report.test("one"))
        #expect(first.verdict == .timeLimit, "\(first.detail ?? "")")
        #expect(first.detail?.contains("$PORT was \(LearnerService.port)") == true, "\(first.detail ?? "")")
        #expect(first.detail?.contains("it listens on port 9999 instead") == true, "\(first.detail ?? "")")
        for id in ["two", "three"] {
            let later = try #require(report.test(id))
            #expect(later.verdict == .timeLimit)
            #expect(later.detail == "not run: the service did not start in test one of this stage; fix that first")
        }
        // One startup timeout of 3 s, not three.
        #expect(ContinuousClock.now - started < .seconds(8), "each test waited for the service again")
    }

    @Test func aServiceThatExitsIsNotStartedAgainInTheSameStageButIsInTheNext() async throws {
        let spec = """
            format = 1
            [[stages]]
            id = "first"
              [[stages.tests]]
              \(Self.httpTest("a").replacingOccurrences(of: "\n", with: "\n  "))
              [[stages.tests]]
              id = "plain"
              points = 1
              exit-code = 4
              [[stages.tests]]
              \(Self.httpTest("b").replacingOccurrences(of: "\n", with: "\n  "))
            [[stages]]
            id = "second"
              [[stages.tests]]
              \(Self.httpTest("c").replacingOccurrences(of: "\n", with: "\n  "))
            """
        let lab = try SyntheticLab(
            grader: spec, solution: ["main.py": "import sys\nprint('port? what port', file=sys.stderr)\nsys.exit(4)\n"])
        let (report, _) = try await lab.grade()
        let a = try #require(report.test("a"))
        #expect(a.verdict == .runtimeError, "\(a.detail ?? "")")
        #expect(a.detail?.contains("$PORT=\(LearnerService.port)") == true, "\(a.detail ?? "")")
        // An io test of the same stage still runs: it does not start the service.
        #expect(report.test("plain")?.verdict == .passed, "\(report.test("plain")?.detail ?? "")")
        #expect(report.test("b")?.verdict == .runtimeError)
        #expect(report.test("b")?.detail?.hasPrefix("not run: the service did not start in test a") == true)
        #expect(a.detail?.contains("port? what port") == true, "\(a.detail ?? "")")
        // The next stage tries once more, on its own; its stderr, the same, is not shown twice in one grade.
        let c = try #require(report.test("c"))
        #expect(c.verdict == .runtimeError)
        #expect(c.detail?.contains("$PORT=\(LearnerService.port)") == true, "\(c.detail ?? "")")
        #expect(c.detail?.hasSuffix("stderr: the same as in first/a above") == true, "\(c.detail ?? "")")
    }
}

/// Reading a box's listening ports from /proc tables.
@Suite struct ServicePortsTests {
    @Test func listeningPortsComeFromStateOA() {
        let table = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 0100007F:270F 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 1 1 0 0
               1: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1000        0 2 1 0 0
            """
        #expect(ServicePorts.listeningPorts(tcpTable: table) == [9999])
    }

    @Test func theForwardSocketsInodeIsFoundByItsPath() {
        let table = """
            Num       RefCount Protocol Flags    Type St Inode Path
            0000000000000000: 00000002 00000000 00010000 0001 01 4242 /tmp/ladder-grade.abc/s3.sock
            0000000000000000: 00000002 00000000 00010000 0001 01 4343 /tmp/other.sock
            """
        #expect(ServicePorts.socketInode(path: "/tmp/ladder-grade.abc/s3.sock", unixTable: table) == "4242")
        #expect(ServicePorts.socketInode(path: "/tmp/missing.sock", unixTable: table) == nil)
    }

    @Test func adviceSaysWhereTheServiceListens() {
        #expect(
            LearnerService.portAdvice(listening: [3000]).hasSuffix(
                "$PORT was 8080; it listens on port 3000 instead (read the port from the PORT environment variable)"))
        #expect(LearnerService.portAdvice(listening: []).hasSuffix("it listened on no TCP port at all"))
        #expect(LearnerService.portAdvice(listening: [8080]).hasSuffix("it listens there but did not answer HTTP"))
        #expect(LearnerService.portAdvice(listening: nil) == "it must listen on 127.0.0.1:$PORT, and $PORT was 8080")
    }
}
