import Foundation
import LadderGrading
import LadderModel
import LadderStore

/// Working a stage at a time (`--stage N`): the lab and its tests cut to stages 1 through N.
///
/// Each stage adds to the last, so the earlier stages are graded too. A grade of part of the lab passes when every
/// required test of those stages passes; recorded, it is a partial attempt that never counts as passing the lab.
public struct StageSelection: Sendable, Equatable {
    /// The last stage graded.
    public let stage: Stage
    /// Its number, from 1.
    public let number: Int

    /// The stage `argument` names in `lab`: its number (`2`) or its id (`top-paths`).
    public init(_ argument: String, in lab: Lab) throws {
        let trimmed = argument.trimmingCharacters(in: .whitespaces)
        let index =
            Int(trimmed).flatMap { $0 >= 1 && $0 <= lab.stages.count ? $0 - 1 : nil }
            ?? lab.stages.firstIndex { $0.id == trimmed }
        guard let index else {
            let stages = lab.stages.enumerated().map { "\($0.offset + 1) (\($0.element.id))" }.joined(separator: ", ")
            throw LadderError(
                .invalidInput,
                "lab `\(lab.id)` has no stage `\(argument)`; give --stage a number or an id of its stages: \(stages)")
        }
        stage = lab.stages[index]
        number = index + 1
    }

    /// The lab with its stages cut to this one; a pass needs every required test of those stages.
    public func cut(_ lab: Lab, _ spec: GraderSpec) -> (Lab, GraderSpec) {
        let kept = Set(lab.stages.prefix(number).map(\.id))
        var cutSpec = spec
        // Visible tests may group their tests in stages of their own names; those cannot be told apart, so they stay.
        if spec.stages.contains(where: { lab.stages.map(\.id).contains($0.id) }) {
            cutSpec.stages = spec.stages.filter { kept.contains($0.id) }
        }
        var cutLab = lab
        cutLab.stages = Array(lab.stages.prefix(number))
        cutLab.passMark = cutSpec.requiredPoints
        return (cutLab, cutSpec)
    }
}

extension LadderEnvironment {
    /// The ids of the stages of `lab` that `learner` has passed in some finished attempt, whole or partial: every
    /// required test of the stage passed in the same attempt.
    public func passedStages(of learner: LearnerID, lab: Lab, store: any ResultStore) async throws -> [String] {
        let stretch = Set(
            ((try? graderSpec(for: lab))?.0.stages ?? []).flatMap { stage in
                stage.tests.filter { !$0.required }.map { "\(stage.id)/\($0.id)" }
            })
        var passed: Set<String> = []
        for attempt in try await store.attempts(learner: learner, labID: lab.id)
        where attempt.status == .passed || attempt.status == .failed {
            guard let results = try await store.attempt(attempt.id)?.results else { continue }
            for (stageID, tests) in Dictionary(grouping: results, by: \.stageID)
            where tests.allSatisfy({ $0.verdict == .passed || stretch.contains("\(stageID)/\($0.testID)") }) {
                passed.insert(stageID)
            }
        }
        return lab.stages.map(\.id).filter(passed.contains)
    }
}
