import LadderModel

extension AutogradingConfig {
    /// The autograding file as a lab of its own with one stage, whose pass mark is every point: together with every
    /// test being required, a failing test fails the grade whatever its points (0 and `null` included), as it fails
    /// GitHub's run, while the points still add up as GitHub's do.
    ///
    /// - Parameters:
    ///   - file: the autograding file as the user named it, for the lab's summary.
    ///   - directory: the submission's directory.
    public func lab(file: String, directory: String) -> Lab {
        Lab(
            id: "autograding", title: "GitHub Classroom autograding", version: SemanticVersion(1, 0, 0),
            summary: "The tests of \(file)", competencies: [], rung: .junior,
            languages: [LabLanguage(id: "shell", name: "Shell", profile: AutogradingCheck.profile, run: [])],
            stages: [Stage(id: "autograding", title: "Autograding tests", points: totalPoints)],
            passMark: totalPoints, limits: Limits(), directory: directory)
    }

    /// Refuses a test whose timeout is longer than the sandbox can give (`maximum`, the `autograding` profile's
    /// longest wall time), naming the test and the field, before any test runs.
    public func requireTimeouts(atMost maximum: Duration, file: String) throws(AutogradingError) {
        guard let index = tests.indices.first(where: { tests[$0].timeout > maximum }) else { return }
        throw AutogradingError(
            file: file, testIndex: index, testName: tests[index].name, field: "timeout",
            reason: "\(AutogradingCheck.minutes(tests[index].timeout)) is longer than Ladder's sandbox allows ("
                + "\(AutogradingCheck.minutes(maximum)), the `\(AutogradingCheck.profile)` sandbox profile's maximum "
                + "wall time); lower it to \(AutogradingCheck.minutes(maximum)) or less")
    }
}
