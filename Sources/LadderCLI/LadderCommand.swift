import ArgumentParser
import LadderCore

/// The root `ladder` command.
public struct LadderCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ladder",
        abstract: "Hands-on backend labs, graded in a sandbox, recorded against a career ladder."
    )

    public init() {}
}
