import Foundation
import LadderModel

/// A lab's hidden grader: `Graders/<lab-id>/grader.toml` decoded, with the directory its fixtures live in.
public struct GraderSpec: Sendable, Equatable {
    /// The directory holding `grader.toml` and its fixtures; never visible to the learner's code.
    public var directory: String
    public var stages: [GraderStage]
    /// Where the tests run, and so whether they may run side by side.
    public var workspace: TestWorkspace

    public init(directory: String, stages: [GraderStage], workspace: TestWorkspace = .copyPerTest) {
        self.directory = directory
        self.stages = stages
        self.workspace = workspace
    }

    public var totalPoints: Int { stages.reduce(0) { $0 + $1.tests.reduce(0) { $0 + $1.points } } }

    /// The points of the tests a pass needs; the rest are stretch goals.
    public var requiredPoints: Int {
        stages.reduce(0) { $0 + $1.tests.filter(\.required).reduce(0) { $0 + $1.points } }
    }
}

/// Where the tests of a spec run.
public enum TestWorkspace: Sendable, Equatable {
    /// Each test in a fresh copy of the built submission, nothing carried from one test to another, so the tests run
    /// side by side: a lab's grader.toml.
    case copyPerTest
    /// One checkout for all the tests, run one after another in the spec's order, each finding what the ones before
    /// it left: GitHub Classroom's autograding, whose tests share one runner machine. Each test still gets boxes of its
    /// own (no process outlives its test); the checkout holds the repository's `.git` when the repository is known,
    /// and comes with a home directory that carries over as well.
    case sharedCheckout
}

/// The tests of one stage of a lab, in order.
public struct GraderStage: Sendable, Equatable {
    public var id: String
    public var tests: [GraderTest]
    /// The line of its `[[stages]]` header in grader.toml, for errors about the stage as a whole.
    public var line: Int?

    public init(id: String, tests: [GraderTest], line: Int? = nil) {
        self.id = id
        self.tests = tests
        self.line = line
    }
}

/// One hidden test: what to run, what to expect, what it is worth and what to tell a learner who fails it.
public struct GraderTest: Sendable, Equatable {
    public var id: String
    public var title: String
    public var points: Int
    /// A hint that helps without giving the answer away.
    public var feedback: String?
    /// Tightens (or, up to the profile's maxima, loosens) the lab's limits for this test.
    public var limits: Limits?
    public var kind: Kind
    /// Whether passing the lab needs this test (`required = false` marks a stretch goal that only adds points).
    public var required: Bool
    /// Whether the report hides the test's input (`secret = true`); its feedback must then name the rule it checks.
    public var secret: Bool
    /// The README rules this test checks, by their ids (`covers = ["ids-never-reused"]`).
    public var covers: [String]
    /// The line of its `[[stages.tests]]` header in grader.toml, for errors about the test as a whole.
    public var line: Int?

    public init(
        id: String, title: String, points: Int, feedback: String?, limits: Limits?, kind: Kind,
        required: Bool = true, secret: Bool = false, covers: [String] = [], line: Int? = nil
    ) {
        self.id = id
        self.title = title
        self.points = points
        self.feedback = feedback
        self.limits = limits
        self.kind = kind
        self.required = required
        self.secret = secret
        self.covers = covers
        self.line = line
    }
}

/// Text the grader expects, given inline or as a fixture file under the grader directory.
public enum ExpectedText: Sendable, Equatable {
    case inline(String)
    case file(String)
}
