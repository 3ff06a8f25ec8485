import ArgumentParser

extension LadderCommand {
    struct SandboxGroup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sandbox",
            abstract: "Run any command in Ladder's sandbox.",
            subcommands: [SandboxRun.self]
        )
    }
}
