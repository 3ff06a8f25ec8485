import ArgumentParser

extension LadderCommand {
    struct Keys: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keys", abstract: "Manage grade-signing keys.", subcommands: [Generate.self])
    }
}
