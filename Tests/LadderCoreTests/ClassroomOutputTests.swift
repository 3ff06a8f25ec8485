import Foundation
import Testing

@testable import LadderCore

/// Where a classroom run's files go: one distinct, stable report name per student, and output paths whose problems
/// are told about the path as given.
struct ClassroomOutputTests {
    @Test(arguments: [
        ("ada", "ada"),
        ("a_b", "a_b"),
        ("s-123.x", "s-123.x"),
        // Fixed values: the name must not change between runs or machines (Swift's Hasher is seeded per process).
        ("a/b", "a_b+e620c3190468cf61"),
        ("a b", "a_b+e63f991904833892"),
        ("José", "Jos_+31f604e649b299c7"),
        (".hidden", "_hidden+28280da0cdcb6865"),
        ("x.signed", "x.signed+075af0418f00a077"),
    ])
    func reportNames(student: String, name: String) {
        #expect(ClassroomOutput.reportName(for: student) == name)
    }

    @Test func idsThatReadAlikeGetDistinctNames() {
        let long = String(repeating: "x", count: 299)
        let students = [
            "a/b", "a b", "a_b", "a+b", "A_b", long + "1", long + "2", String(repeating: "é", count: 300), "", "x",
            "x.signed",
        ]
        let names = students.map(ClassroomOutput.reportName(for:))
        #expect(Set(names).count == students.count, "\(names)")
        for name in names {
            #expect(name.utf8.count <= ClassroomOutput.readableLength + 17, "\(name)")
            #expect(!name.hasPrefix("."), "\(name)")
            #expect(!name.contains("/"), "\(name)")
        }
        // A signed report is NAME.signed.json: no student's report may be named like it.
        let reports = Set(names.map { $0 + ".json" })
        #expect(reports.isDisjoint(with: names.map { $0 + ".signed.json" }))
        #expect(
            names[5].hasPrefix(String(repeating: "x", count: ClassroomOutput.readableLength) + "+"),
            "a long id keeps a readable prefix")
    }

    @Test func anOutputDirectoryThatIsAFileIsRefusedByName() throws {
        let temporary = try TemporaryDirectory("output")
        defer { withExtendedLifetime(temporary) {} }
        let work = temporary.path
        let file = work + "/taken"
        try "not a directory\n".write(toFile: file, atomically: false, encoding: .utf8)
        #expect {
            try ClassroomOutput(directory: file)
        } throws: { error in
            let message = (error as! LadderError).message
            return message
                == "cannot use \(file) as the output directory: it exists and is not a directory; name a directory (it is made if missing)"
        }
        #expect {
            try ClassroomOutput(directory: file + "/out")
        } throws: { error in
            (error as! LadderError).message.contains("\(file) is a file, not a directory")
        }
        let output = try ClassroomOutput(directory: work + "/new/out")
        #expect(FileManager.default.fileExists(atPath: output.reportsDirectory), "missing directories are made")
        _ = try ClassroomOutput(directory: work + "/new/out")
    }

    @Test func filesAreWrittenWholeAndFailuresNameThePath() throws {
        let temporary = try TemporaryDirectory("output")
        defer { withExtendedLifetime(temporary) {} }
        let work = temporary.path
        let target = work + "/report.json"
        let contents = { try String(contentsOfFile: target, encoding: .utf8) }
        try OutputFiles.write(Data("one".utf8), to: target, what: "the report")
        try OutputFiles.write(Data("two".utf8), to: target, what: "the report")
        #expect(try contents() == "two")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: work) == ["report.json"], "no temporary file is left")

        try OutputFiles.append(Data(" three".utf8), to: target, what: "the summary")
        #expect(try contents() == "two three")

        try FileManager.default.createDirectory(atPath: work + "/dir", withIntermediateDirectories: false)
        let cases: [(String, String)] = [
            (work + "/dir", "cannot write the report to \(work)/dir: it is a directory; name a file"),
            (
                work + "/report.json/inner.json",
                "cannot write the report to \(work)/report.json/inner.json: \(target) is a file, not a directory"
            ),
            (
                work + "/no/such/x.json",
                "cannot write the report to \(work)/no/such/x.json: the directory \(work)/no/such does not exist; create it first"
            ),
        ]
        for (path, message) in cases {
            #expect(throws: LadderError(.invalidInput, message)) {
                try OutputFiles.write(Data("x".utf8), to: path, what: "the report")
            }
            #expect(throws: LadderError(.invalidInput, message)) {
                try OutputFiles.requireWritable(path, what: "the report")
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: work + "/dir").isEmpty)
    }
}
