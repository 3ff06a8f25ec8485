// The regex matcher: matches one pattern against one text in a process of its own, so that a pattern that
// backtracks for hours can be stopped by killing the process; Swift's `Regex` has no way to stop a match in
// progress, and a thread left running one is lost to the grader until the match ends.
//
// Usage: ladder-regex SECONDS [javascript]. Standard input: the pattern's length in bytes (8 bytes, little-endian),
// the pattern, then the text, all UTF-8, to end of input. Answer on standard output, one byte: `Y` when the pattern
// matches the whole text (or the text without one final newline, `\n` or `\r\n`) with `.` matching newlines, `N`
// when it does not, `E` when the pattern does not compile. With `javascript` (for patterns translated from
// JavaScript, which spell out what `.` matches) the text is matched Unicode scalar by scalar, as JavaScript matches
// code units, not character by character, and whole: no final newline is let off. The process ends itself
// (SIGALRM) after SECONDS, in case whoever started it is no longer there to.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

let arguments = CommandLine.arguments
guard (2...3).contains(arguments.count), let seconds = UInt32(arguments[1]), seconds > 0,
    arguments.count == 2 || arguments[2] == "javascript"
else {
    let usage = Array("usage: ladder-regex SECONDS [javascript] < pattern-and-text\n".utf8)
    _ = write(2, usage, usage.count)
    exit(64)
}
// Whatever this process inherited (an ignored or blocked SIGALRM), the alarm must end it.
signal(SIGALRM, SIG_DFL)
var alarmOnly = sigset_t()
sigemptyset(&alarmOnly)
sigaddset(&alarmOnly, SIGALRM)
sigprocmask(SIG_UNBLOCK, &alarmOnly, nil)
alarm(seconds)

var input: [UInt8] = []
var chunk = [UInt8](repeating: 0, count: 1 << 16)
while true {
    let count = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
    if count > 0 {
        input.append(contentsOf: chunk[0..<count])
    } else if count == 0 {
        break
    } else if errno != EINTR {
        exit(65)
    }
}
guard input.count >= 8 else { exit(65) }
let patternLength = input[0..<8].enumerated().reduce(0) { $0 | (Int($1.element) << (8 * $1.offset)) }
guard patternLength >= 0, patternLength <= input.count - 8 else { exit(65) }
let pattern = String(decoding: input[8..<(8 + patternLength)], as: UTF8.self)
let text = String(decoding: input[(8 + patternLength)...], as: UTF8.self)

func answer(_ byte: UInt8) -> Never {
    var byte = byte
    _ = write(1, &byte, 1)
    exit(0)
}

let javaScript = arguments.count == 3
guard var regex = try? Regex(pattern).dotMatchesNewlines() else { answer(UInt8(ascii: "E")) }
if javaScript { regex = regex.matchingSemantics(.unicodeScalar) }
if (try? regex.wholeMatch(in: text)) != nil { answer(UInt8(ascii: "Y")) }
guard !javaScript, text.utf8.last == 0x0A else { answer(UInt8(ascii: "N")) }
var end = text.utf8.index(before: text.utf8.endIndex)
if end > text.utf8.startIndex, text.utf8[text.utf8.index(before: end)] == 0x0D { end = text.utf8.index(before: end) }
answer((try? regex.wholeMatch(in: Substring(text.utf8[..<end]))) != nil ? UInt8(ascii: "Y") : UInt8(ascii: "N"))
