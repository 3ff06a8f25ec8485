import Foundation
import Testing

@testable import LadderGrading

@Suite struct BoundedDiffTests {
    @Test func identicalIsEmpty() {
        let diff = BoundedDiff(expected: "a\nb\n", actual: Data("a\nb\n".utf8))
        #expect(diff.isEmpty)
        #expect(diff.description == "")
    }

    @Test func oneChangedLineWithContext() {
        let diff = BoundedDiff(expected: "1\n2\n3\n4\n5\n6\n7\n", actual: Data("1\n2\n3\nfour\n5\n6\n7\n".utf8))
        #expect(
            diff.description == """
                --- expected
                +++ output
                @@ -2,5 +2,5 @@
                 2
                 3
                -4
                +four
                 5
                 6
                """)
    }

    @Test func insertionsAndDeletions() {
        let diff = BoundedDiff(expected: "a\nb\nc\n", actual: Data("a\nc\nd\n".utf8), contextLines: 1)
        #expect(
            diff.description == """
                --- expected
                +++ output
                @@ -1,3 +1,3 @@
                 a
                -b
                 c
                +d
                """)
    }

    @Test func emptyOutput() {
        let diff = BoundedDiff(expected: "a\nb\n", actual: Data())
        #expect(
            diff.hunks == [
                BoundedDiff.Hunk(
                    expectedStart: 1, expectedCount: 2, actualStart: 0, actualCount: 0,
                    lines: [.removed("a"), .removed("b")])
            ])
    }

    @Test func hunksAreLimited() {
        let expected = (1...100).map { "line \($0)" }.joined(separator: "\n") + "\n"
        let actual = (1...100).map { $0 % 10 == 0 ? "changed \($0)" : "line \($0)" }.joined(separator: "\n") + "\n"
        let diff = BoundedDiff(expected: expected, actual: Data(actual.utf8), contextLines: 1, maxHunks: 2)
        #expect(diff.hunks.count == 2)
        #expect(diff.omittedHunks == 8)
        #expect(
            diff.hunks[1].lines == [
                .context("line 19"), .removed("line 20"), .added("changed 20"), .context("line 21"),
            ])
        #expect(diff.description.hasSuffix("… 8 more changes not shown"))
    }

    @Test func finalNewlineAndCRLFAreVisible() {
        let noNewline = BoundedDiff(expected: "a\n", actual: Data("a".utf8))
        #expect(noNewline.hunks.isEmpty)
        #expect(noNewline.notes == ["the output has no newline at its end"])
        let crlf = BoundedDiff(expected: "a\n", actual: Data("a\r\n".utf8))
        #expect(crlf.hunks.first?.lines == [.removed("a"), .added("a\\r")])
        #expect(BoundedDiff(expected: "a\n", actual: Data("a \r\n".utf8), ignoringTrailingWhitespace: true).isEmpty)
    }

    @Test func binaryAndLongLinesAreEscapedAndCut() throws {
        let long = String(repeating: "x", count: 1000)
        let diff = BoundedDiff(expected: "ok\n", actual: Data([0xFF, 0x00, 0x0A]) + Data(long.utf8))
        let lines = try #require(diff.hunks.first?.lines)
        #expect(lines[0] == .removed("ok"))
        #expect(lines[1] == .added("\\xFF\\x00"))
        #expect(lines[2] == .added(String(repeating: "x", count: 200) + "… (+800 bytes)"))
    }

    @Test func hugeOutputIsBounded() {
        let actual = Data(String(repeating: "noise\n", count: 2_000_000).utf8)
        let start = ContinuousClock.now
        let diff = BoundedDiff(expected: "a\nb\nc\n", actual: actual)
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(diff.notes == ["only the first 2000 lines were compared"])
        #expect(diff.hunks.count == 1)
        #expect(diff.hunks[0].lines.count == 31)
        #expect(diff.hunks[0].lines.last == .omitted(2003 - 30))
        #expect(diff.description.count < 2000)
    }

    @Test func manyScatteredEditsFallBackToReplacement() {
        let expected = (0..<600).map { "e\($0)" }.joined(separator: "\n")
        let actual = (0..<600).map { "a\($0)" }.joined(separator: "\n")
        let diff = BoundedDiff(expected: expected, actual: Data(actual.utf8), maxEdits: 50)
        #expect(diff.hunks.count == 1)
        #expect(diff.hunks[0].expectedCount == 600)
        #expect(diff.hunks[0].actualCount == 600)
    }

    @Test(arguments: [
        ("abcabba", "cbabac"), ("", "abc"), ("abc", ""), ("aaaa", "aa"), ("xaxbxc", "abc"), ("kitten", "sitting"),
    ])
    func editScriptReproducesBothSides(a: String, b: String) {
        let left = a.map { Int($0.asciiValue!) }
        let right = b.map { Int($0.asciiValue!) }
        let ops = BoundedDiff.editScript(left, right, maxEdits: 100)
        var i = 0
        var j = 0
        var rebuiltLeft: [Int] = []
        var rebuiltRight: [Int] = []
        for op in ops {
            switch op {
            case .equal:
                #expect(left[i] == right[j])
                rebuiltLeft.append(left[i])
                rebuiltRight.append(right[j])
                i += 1
                j += 1
            case .delete:
                rebuiltLeft.append(left[i])
                i += 1
            case .insert:
                rebuiltRight.append(right[j])
                j += 1
            }
        }
        #expect(rebuiltLeft == left)
        #expect(rebuiltRight == right)
    }

    @Test func editScriptIsShortest() {
        let ops = BoundedDiff.editScript(
            Array("abcabba".utf8).map(Int.init), Array("cbabac".utf8).map(Int.init), maxEdits: 100)
        #expect(ops.filter { $0 != .equal }.count == 5)
    }
}
