import ArgumentParser
import Testing

@testable import LadderCLI

/// `ladder sandbox run` read by its quick parser and by ArgumentParser gives the same command, and the quick parser
/// steps aside for every line it does not expect.
struct SandboxRunQuickParseTests {
    typealias Run = LadderCommand.SandboxRun

    static func parsedByArgumentParser(_ arguments: [String]) throws -> Run {
        let command = try LadderCommand.parseAsRoot(arguments)
        return try #require(command as? Run)
    }

    @Test(arguments: [
        ["sandbox", "run", "--", "/bin/true"],
        ["sandbox", "run", "--json", "--", "python3", "-c", "print(1)"],
        ["sandbox", "run", "--profile", "python", "--wall", "2s", "--memory", "128M", "--", "python3", "x.py"],
        ["sandbox", "run", "--profile=jvm", "--cpu=1s", "--pids=8", "--output=1M", "--", "java", "-version"],
        ["sandbox", "run", "--workdir", "/tmp", "--catalog", "/srv/catalog", "--json", "--", "sh", "-c", "ls --all"],
        ["sandbox", "run", "--wall=2s", "--", "/bin/echo", "--", "--json"],
    ])
    func readsWhatArgumentParserReads(arguments: [String]) throws {
        let quick = try #require(Run.parseQuickly(arguments))
        #expect(quick == (try Self.parsedByArgumentParser(arguments)).request)
    }

    /// Lines that ask for help, name an option the quick parser does not know, repeat one, lack a value or a command,
    /// or are another command: ArgumentParser reads them and words their errors.
    @Test(arguments: [
        ["sandbox", "run", "--help", "--", "/bin/true"],
        ["sandbox", "run", "-h", "--", "/bin/true"],
        ["sandbox", "run", "--"],
        ["sandbox", "run", "/bin/true"],
        ["sandbox", "run", "--wall", "--", "/bin/true"],
        ["sandbox", "run", "--wall=", "--", "/bin/true"],
        ["sandbox", "run", "--wall", "-5s", "--", "/bin/true"],
        ["sandbox", "run", "--json", "--json", "--", "/bin/true"],
        ["sandbox", "run", "--wall", "1s", "--wall", "2s", "--", "/bin/true"],
        ["sandbox", "run", "--network", "host", "--", "/bin/true"],
        ["sandbox", "run", "extra", "--", "/bin/true"],
        ["sandbox", "--", "run", "/bin/true"],
        ["submit", "run", "--", "/bin/true"],
    ])
    func leavesEverythingElseToArgumentParser(arguments: [String]) {
        #expect(Run.parseQuickly(arguments) == nil)
    }

    /// The quick parser knows every option `sandbox run` has: a new option must be added to both.
    @Test func knowsEveryOption() throws {
        let help = Run.helpMessage(columns: 200)
        let named = Set(
            help.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\n" }).map(String.init)
                .filter { $0.hasPrefix("--") && $0.count > 2 && $0 != "--help" && $0 != "--version" })
        #expect(named == Run.quickOptions.union(["--json"]), "options of `ladder sandbox run`: \(named.sorted())")
    }
}
