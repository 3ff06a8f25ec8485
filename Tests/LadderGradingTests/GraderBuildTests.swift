import Foundation
import LadderModel
import Testing

@testable import LadderGrading

/// The build step: run once in the sandbox before the tests; a compiler's complaint is a `build-error`.
@Suite(.requires(.sandbox + [.gcc]))
struct GraderBuildTests {
    static let spec = """
        format = 1
        [[stages]]
        id = "one"
          [[stages.tests]]
          id = "hello"
          points = 2
          stdout = "hello from c"
          [[stages.tests]]
          id = "args"
          points = 1
          args = ["x", "y"]
          stdout = "hello from c\\n2"
        [[stages]]
        id = "two"
          [[stages.tests]]
          id = "again"
          points = 1
          stdout = "hello from c"
        """

    static let good = """
        #include <stdio.h>
        int main(int argc, char **argv) {
            printf("hello from c\\n");
            if (argc > 1) printf("%d\\n", argc - 1);
            return 0;
        }
        """

    @Test func aProgramThatBuildsIsGradedAndTheBuildIsReported() async throws {
        let lab = try SyntheticLab(language: TestLanguage.c, grader: Self.spec, solution: ["main.c": Self.good])
        let (report, events) = try await lab.grade()
        let build = try #require(report.build)
        #expect(build.succeeded)
        #expect(build.verdict == .passed)
        #expect(build.command == ["gcc", "-O0", "-o", "prog", "main.c"])
        #expect(report.tests.map(\.verdict) == [.passed, .passed, .passed], "\(report.tests.map { $0.detail ?? "" })")
        #expect(report.status == .passed)
        #expect(
            events.map(\.name) == [
                "buildStarted", "buildFinished", "stageStarted:one", "testFinished:one/hello", "testFinished:one/args",
                "stageFinished:one", "stageStarted:two", "testFinished:two/again", "stageFinished:two",
            ])
        #expect(!FileManager.default.fileExists(atPath: lab.solutionDirectory + "/prog"), "the build ran in a copy")
    }

    @Test func aBuiltProgramCanWriteTheFixturesPlacedInItsCopy() async throws {
        // The per-test copy of a built tree keeps its top directory's owner, the box's; a fixture placed after the
        // copy must be the box's too, or a program that updates its data file (a SQLite database) cannot.
        let spec = """
            format = 1
            [[stages]]
            id = "one"
              [[stages.tests]]
              id = "appends"
              points = 1
              files = { "data/notes.txt" = "notes.txt" }
              stdout = "seed\\nappended"
            """
        let program = """
            #include <stdio.h>
            int main(void) {
                FILE *f = fopen("data/notes.txt", "a");
                if (!f) { perror("data/notes.txt"); return 1; }
                fputs("appended\\n", f);
                fclose(f);
                f = fopen("data/notes.txt", "r");
                int c;
                while ((c = fgetc(f)) != EOF) putchar(c);
                return 0;
            }
            """
        let lab = try SyntheticLab(
            language: TestLanguage.c, grader: spec, fixtures: ["notes.txt": "seed\n"], solution: ["main.c": program])
        let (report, _) = try await lab.grade()
        #expect(report.build?.succeeded == true)
        #expect(report.test("appends")?.verdict == .passed, "\(report.test("appends")?.detail ?? "")")
    }

    @Test func aCompileErrorIsABuildErrorWithTheCompilersMessage() async throws {
        let broken = "int main(void) {\n    return undeclared_thing;\n}\n"
        let lab = try SyntheticLab(language: TestLanguage.c, grader: Self.spec, solution: ["main.c": broken])
        let (report, events) = try await lab.grade()
        let build = try #require(report.build)
        #expect(!build.succeeded)
        #expect(build.verdict == .buildError)
        #expect(build.output.contains("undeclared_thing"), "\(build.output)")
        #expect(build.output.contains("error"))
        #expect(report.tests.count == 3)
        #expect(report.tests.allSatisfy { $0.verdict == .buildError && $0.points == 0 })
        #expect(report.test("hello")?.detail == "not run: the build failed")
        #expect(report.stages.map(\.id) == ["one", "two"])
        #expect(report.score == 0)
        #expect(report.status == .failed, "a build error is the learner's failure, not an infrastructure error")
        #expect(events.map(\.name) == ["buildStarted", "buildFinished"])
    }

    @Test func aTreeGradedTwiceAtOnceWithABuildCacheIsBuiltOnceAndPassesBothTimes() async throws {
        let lab = try SyntheticLab(language: TestLanguage.c, grader: Self.spec, solution: ["main.c": Self.good])
        let builds = BuildCache()
        async let first = lab.grade(builds: builds)
        async let second = lab.grade(builds: builds)
        let reports = [try await first.0, try await second.0]
        for report in reports {
            #expect(report.build?.succeeded == true)
            #expect(report.status == .passed, "\(report.tests.map { $0.detail ?? "" })")
            #expect(report.tests.map(\.verdict) == [.passed, .passed, .passed])
        }
        #expect(builds.statistics.made == 1)
        #expect(builds.statistics.reused == 1)
        // Another tree is another build.
        try lab.root.write("solution/main.c", Self.good + "\n/* changed */\n")
        let (third, _) = try await lab.grade(builds: builds)
        #expect(third.status == .passed)
        #expect(builds.statistics.made == 2)
    }

    @Test func aFailedBuildIsNotKeptButMadeAgain() async throws {
        let broken = "int main(void) {\n    return undeclared_thing;\n}\n"
        let lab = try SyntheticLab(language: TestLanguage.c, grader: Self.spec, solution: ["main.c": broken])
        let builds = BuildCache()
        for _ in 0..<2 {
            let (report, _) = try await lab.grade(builds: builds)
            #expect(report.build?.verdict == .buildError)
            #expect(report.tests.allSatisfy { $0.verdict == .buildError })
        }
        #expect(builds.statistics.made == 2)
        #expect(builds.statistics.reused == 0)
    }
}
