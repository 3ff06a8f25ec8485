import Foundation
import LadderModel

/// A GitHub Classroom test as Ladder runs it: the test from the autograding file, and whether its setup may use the
/// host's network.
public struct AutogradingCheck: Sendable, Equatable {
    /// The test as the autograding file gives it.
    public var test: AutogradingTest
    /// Whether the setup command gets the host's network and a `sudo` that runs the rest of its line as the box's
    /// user (`ladder grade --allow-network-setup`). The run command never gets either.
    public var networkSetup: Bool

    /// The sandbox profile every autograding test runs under: every runtime Ladder knows, GitHub-like environment,
    /// generous limits.
    public static let profile = "autograding"

    /// A duration in minutes, the unit of an autograding file's `timeout`: `1 minute`, `2.5 minutes`.
    public static func minutes(_ duration: Duration) -> String {
        let minutes = Double(Units.milliseconds(duration)) / 60_000
        let text = String(format: "%g", minutes)
        return text + (text == "1" ? " minute" : " minutes")
    }

    public init(test: AutogradingTest, networkSetup: Bool = false) {
        self.test = test
        self.networkSetup = networkSetup
    }
}
