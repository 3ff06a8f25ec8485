import ArgumentParser

extension LadderCommand {
    struct Keys: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage grade-signing keys.", subcommands: [Generate.self])
    }
}
