import ArgumentParser

extension LadderCommand {
    /// `ladder lab`: the instructor's tools.
    struct LabGroup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lab",
            abstract: "Write, prove and publish labs: scaffold a new one, validate it, publish it into a catalog.",
            discussion: """
                A lab has two halves: Labs/<id>/ (what learners see: lab.toml, README.md, starter code, visible \
                tests) and Graders/<id>/ (hidden: grader.toml, fixtures, the reference solution and known-wrong \
                solutions). docs/lab-format.md describes every file.
                """,
            subcommands: [New.self, Validate.self, Publish.self]
        )
    }
}
