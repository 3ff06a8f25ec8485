import ArgumentParser

extension LadderCommand {
    struct Classroom: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "classroom", abstract: "Grade a whole class.",
            subcommands: [ClassroomGrade.self, ClassroomRegrade.self])
    }
}
