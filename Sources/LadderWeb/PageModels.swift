import Foundation
import LadderStore

// What the templates render, one value per page; Mustache reads their stored properties by name. Learners' text is
// escaped by the templates' `{{…}}`; nothing here holds HTML except `LabPage.readme`, made by `Markdown`.

struct Column {
    let id: String
    let title: String
}

struct Option {
    let value: String
    let title: String
    let selected: Bool
}

/// A gradebook cell: the learner's latest grade of one lab, or none.
struct Cell {
    let graded: Bool
    let score: String
    let status: String
    let attemptID: Int64
    /// Graded at a deadline that later commits missed.
    let late: Bool

    init(_ attempt: AttemptRecord?) {
        graded = attempt != nil
        late = attempt?.late ?? false
        score = attempt.map(WebPages.score) ?? ""
        status = attempt?.status.rawValue ?? "none"
        attemptID = attempt?.id.rawValue ?? 0
    }
}

struct Row {
    let learnerID: Int64
    let name: String
    let email: String
    let cells: [Cell]
    let share: Double
    /// `share` as people read it: "83 %". Stored: the templates see stored properties only.
    let percent: String

    init(learnerID: Int64, name: String, email: String, cells: [Cell], share: Double) {
        self.learnerID = learnerID
        self.name = name
        self.email = email
        self.cells = cells
        self.share = share
        percent = "\(Int((share * 100).rounded())) %"
    }
}

/// The class's scores of one lab in ten bands of the points (0–9 %, …, 90–100 %), drawn as bars.
struct Histogram {
    struct Bar {
        let label: String
        let count: Int
        let x: Int
        let y: Int
        let height: Int
    }

    let title: String
    let graded: Int
    let bars: [Bar]

    static let height = 80

    init(title: String, shares: [Double]) {
        self.title = title
        graded = shares.count
        var counts = Array(repeating: 0, count: 10)
        for share in shares { counts[min(9, max(0, Int(share * 10)))] += 1 }
        let tallest = max(1, counts.max() ?? 0)
        bars = counts.enumerated().map { band, count in
            let height = count * Self.height / tallest
            return Bar(
                label: band == 9 ? "90–100 %" : "\(band * 10)–\(band * 10 + 9) %", count: count, x: band * 24,
                y: Self.height - height, height: height)
        }
    }
}

struct GradebookPage {
    let title: String
    let columns: [Column]
    let rows: [Row]
    let learners: Int
    let histograms: [Histogram]
    let options: [Option]
    let anyLab: Bool
    let byScore: Bool
    let studentOrder: String
    let scoreOrder: String
    let csv: String?
    let canvas: String
}

struct RungRow {
    let title: String
    let reached: Bool
    let current: Bool
    let labs: String
    let areas: String
    let missing: String
}

struct AreaBar {
    let title: String
    let passed: Int
    let percent: Int
}

struct AttemptRow {
    let id: Int64
    let lab: String
    let labID: String
    let when: String
    let status: String
    let score: String
}

/// A learner's attempts as points over time: the share of the points of each, oldest on the left.
struct Timeline {
    struct Point {
        let x: Int
        let y: Int
        let status: String
        let label: String
    }

    let points: [Point]
    let polyline: String
    let width: Int

    static let height = 100

    init(_ attempts: some Collection<AttemptRecord>) {
        let graded = attempts.filter { $0.maxScore.map { $0 > 0 } ?? false }
        width = max(200, graded.count * 16)
        let step = graded.count > 1 ? Double(width - 16) / Double(graded.count - 1) : 0
        points = graded.enumerated().map { index, attempt in
            let share = (attempt.score ?? 0) / (attempt.maxScore ?? 1)
            return Point(
                x: 8 + Int(Double(index) * step), y: 8 + Int((1 - share) * Double(Self.height - 16)),
                status: attempt.status.rawValue,
                label: "\(attempt.labID) \(WebPages.score(attempt)) \(WebPages.time(attempt.startedAt))")
        }
        polyline = points.map { "\($0.x),\($0.y)" }.joined(separator: " ")
    }
}

struct Suggestion {
    let id: String
    let title: String
    let rung: String
}

struct LearnerPage {
    let title: String
    let name: String
    let email: String
    let current: String
    let rungs: [RungRow]
    let areas: [AreaBar]
    let attempts: [AttemptRow]
    let timeline: Timeline
    let next: [Suggestion]
}

struct TestRow {
    let title: String
    let verdict: String
    let passed: Bool
    let points: String
    let milliseconds: Int
    let required: Bool
    let hint: String?
    let detail: String?
    let input: String?
}

struct StageSection {
    let title: String
    let score: String
    let tests: [TestRow]
}

struct AttemptPage {
    let title: String
    let id: Int64
    let lab: String
    let labID: String
    let version: String
    let learner: String
    let learnerID: Int64
    let status: String
    let score: String
    let passMark: String
    let commit: String
    let language: String
    let started: String
    let finished: String
    let message: String?
    let late: Bool
    let signature: SignatureCheck?
    let stages: [StageSection]
    let permalink: String
    /// The catalog no longer has this lab's grader: tests are shown by id, without titles or hints.
    let staleGrader: Bool
}

/// What an attempt's page says of the grade's signature.
struct SignatureCheck {
    let verified: Bool
    let failed: Bool
    let text: String
}

struct LabEntry {
    let id: String
    let title: String
    let summary: String
    let areas: String
    let languages: String
}

struct RungLabs {
    let title: String
    let labs: [LabEntry]
}

struct CatalogPage {
    let title: String
    let rungs: [RungLabs]
}

struct StageEntry {
    let title: String
    let points: Int
}

struct LabPage {
    let title: String
    let id: String
    let rung: String
    let summary: String
    let languages: String
    let stages: [StageEntry]
    let readme: String
}
