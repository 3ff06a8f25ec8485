import ArgumentParser
import Testing

@testable import LadderCLI

/// `ladder submit` read by its quick parser and by ArgumentParser gives the same request, and the quick parser steps
/// aside for every line it does not expect.
struct SubmitQuickParseTests {
    typealias Submit = LadderCommand.Submit

    @Test(arguments: [
        ["submit"],
        ["submit", "--json"],
        ["submit", "--catalog", "/srv/catalog", "--store", "/tmp/s.sqlite", "--jobs", "2"],
        ["submit", "--path=/tmp/lab", "--stage=2", "--json", "--jobs=1"],
        ["submit", "--server", "https://course.example/", "--path", "lab"],
    ])
    func readsWhatArgumentParserReads(arguments: [String]) throws {
        let quick = try #require(Submit.parseQuickly(arguments))
        let parsed = try #require(try LadderCommand.parseAsRoot(arguments) as? Submit)
        #expect(quick == parsed.request)
    }

    @Test(arguments: [
        ["submit", "--help"],
        ["submit", "-h"],
        ["submit", "--jobs", "0"],
        ["submit", "--jobs", "65"],
        ["submit", "--jobs", "many"],
        ["submit", "--json", "--json"],
        ["submit", "--stage", "1", "--stage", "2"],
        ["submit", "--stage"],
        ["submit", "--stage", "--json"],
        ["submit", "--stage="],
        ["submit", "extra"],
        ["submit", "--format", "junit"],
        ["grade", "--json"],
        ["sandbox", "run", "--", "/bin/true"],
    ])
    func leavesEverythingElseToArgumentParser(arguments: [String]) {
        #expect(Submit.parseQuickly(arguments) == nil)
    }

    /// The quick parser knows every option `submit` has: a new option must be added to both.
    @Test func knowsEveryOption() {
        let help = Submit.helpMessage(columns: 200)
        let named = Set(
            help.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\n" }).map(String.init)
                .filter { $0.hasPrefix("--") && $0.count > 2 && $0 != "--help" && $0 != "--version" })
        #expect(named == Submit.quickOptions.union(["--json"]), "options of `ladder submit`: \(named.sorted())")
    }
}
