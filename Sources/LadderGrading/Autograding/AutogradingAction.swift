/// Which of GitHub Classroom's runners a test was written for. They run a test the same way (setup, then the
/// command through a shell, a non-zero exit failing it, all or none of its points) but differ in small things,
/// which these say (from each runner's source).
public enum AutogradingAction: String, Sendable, Equatable, CaseIterable {
    /// `education/autograding`, which runs `.github/classroom/autograding.json`.
    case autograding
    /// `classroom-resources/autograding-command-grader`: the command's exit status decides.
    case commandGrader = "command-grader"
    /// `classroom-resources/autograding-io-grader`: standard input given, standard output compared.
    case ioGrader = "io-grader"
    /// `classroom-resources/autograding-python-grader`: pytest over the repository's `*_test.py` files.
    case pythonGrader = "python-grader"

    /// Whether `\r\n` becomes `\n` before the output is trimmed and compared: only `education/autograding` does this
    /// (`normalizeLineEndings`); the io grader only trims.
    public var normalizesLineEndings: Bool { self == .autograding }

    /// Whether standard input is at its end after the test's input (or at once, with none): the workflow graders run
    /// the command with Node's `execSync`, which always closes it; `education/autograding` leaves it open when the
    /// test has no input.
    public var closesStandardInput: Bool { self != .autograding }

    /// Whether setup and command each get the whole timeout (the workflow graders time each `execSync` on its own)
    /// rather than share it (`education/autograding` gives the command what setup left).
    public var timesSetupSeparately: Bool { self != .autograding }
}
