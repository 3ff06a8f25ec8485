/// A command line read without ArgumentParser, for the commands run most often (`sandbox run`, `submit`).
///
/// ArgumentParser reflects over the whole command tree and instantiates its generic option types before it parses
/// anything: about 5 ms of CPU at every start of the release build, more than a box costs (issue 15). This reads only
/// the simple lines: the command's words, then options as `--name value` or `--name=value` and flags, each at most once,
/// then (for a command that takes one) `--` and the rest. Anything else (help, an unknown, repeated or empty option, a
/// value that starts with `-`, a missing `--` or command) gives nil, and ArgumentParser parses the line and words its
/// errors. Each command's tests hold this reading and ArgumentParser's to the same result, and its options to the
/// same names.
struct QuickCommandLine {
    /// The options' values by name (`--catalog`).
    var values: [String: String] = [:]
    /// The flags given (`--json`).
    var flags: Set<String> = []
    /// What came after `--`, for a command that takes a command to run.
    var rest: [String] = []

    /// Reads `arguments` as the command `words` with `options` and `flags`; with `rest`, a `--` and at least one more
    /// word must end the line.
    init?(_ arguments: [String], words: [String], options: Set<String>, flags known: Set<String>, rest: Bool = false) {
        guard arguments.starts(with: words) else { return nil }
        var index = words.count
        while index < arguments.count, !(rest && arguments[index] == "--") {
            let word = arguments[index]
            index += 1
            if known.contains(word) {
                guard flags.insert(word).inserted else { return nil }
                continue
            }
            let name: String
            let value: String
            if let equals = word.firstIndex(of: "=") {
                name = String(word[..<equals])
                value = String(word[word.index(after: equals)...])
            } else {
                guard index < arguments.count, !arguments[index].hasPrefix("-") else { return nil }
                name = word
                value = arguments[index]
                index += 1
            }
            guard options.contains(name), values[name] == nil, !value.isEmpty else { return nil }
            values[name] = value
        }
        if rest {
            guard index + 1 < arguments.count else { return nil }
            self.rest = Array(arguments[(index + 1)...])
        }
    }
}
