import Foundation
import Testing

/// The shared prerequisite trait: a missing prerequisite fails the test with what is missing and how to provide it,
/// and the test's body never runs without it.
struct PrerequisiteTests {
    static let missing = Prerequisite("a frobnicator at /opt/frob", remedy: "install frob", check: { false })
    static let present = Prerequisite("the root directory", remedy: "none needed", check: { true })

    @Test func aMissingPrerequisiteFailsTheTestAndSaysWhatToDo() async throws {
        let trait = PrerequisiteTrait(prerequisites: [Self.present, Self.missing], skipping: false)
        let test = try #require(Test.current)
        let ran = Flag()
        try await withKnownIssue {
            try await trait.provideScope(for: test, testCase: Test.Case.current) { ran.set() }
        } matching: { issue in
            let text = issue.comments.map(\.rawValue).joined()
            return text.contains("lacks a frobnicator at /opt/frob: install frob")
                && text.contains("LADDER_ALLOW_SKIP=1")
                && !text.contains("the root directory")
        }
        #expect(!ran.value, "the test's body ran without its prerequisite")
    }

    @Test func metPrerequisitesRunTheTest() async throws {
        let trait = PrerequisiteTrait(prerequisites: [Self.present], skipping: false)
        let ran = Flag()
        try await trait.provideScope(for: try #require(Test.current), testCase: Test.Case.current) { ran.set() }
        #expect(ran.value)
    }

    @Test func theTraitDescribesWhatItNeeds() {
        let trait = PrerequisiteTrait(prerequisites: [Self.missing])
        #expect(trait.comments.map(\.rawValue) == ["needs a frobnicator at /opt/frob"])
    }
}

/// Set from a closure the trait runs, read after it.
private final class Flag: @unchecked Sendable {
    private var isSet = false
    private let lock = NSLock()

    func set() { lock.withLock { isSet = true } }
    var value: Bool { lock.withLock { isSet } }
}
