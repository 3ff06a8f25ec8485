import ArgumentParser
import LadderCLI
import Testing

/// The command tree as ArgumentParser sees it.
struct CommandTreeTests {
    /// A command without its own name costs every start of `ladder` a scan of the executable's conformances
    /// (see ``LadderCommand``).
    @Test func everyCommandNamesItself() {
        var unnamed: [String] = []
        var pending: [ParsableCommand.Type] = [LadderCommand.self]
        var seen = 0
        while let command = pending.popLast() {
            seen += 1
            if command.configuration.commandName == nil { unnamed.append("\(command)") }
            pending += command.configuration.subcommands
        }
        #expect(seen > 20, "the walk missed the subcommands: \(seen)")
        #expect(unnamed.isEmpty, "commands without commandName: \(unnamed)")
    }
}
