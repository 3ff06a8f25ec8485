import ArgumentParser

extension LadderCommand {
    struct Classroom: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Grade a whole class.", subcommands: [ClassroomGrade.self, ClassroomRegrade.self])
    }
}
