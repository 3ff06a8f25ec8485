import LadderText
import Testing

/// The one escaper of JSON, canonical JSON, TOML and TAP's YAML: what it writes for each kind of character.
@Suite struct QuotedStringTests {
    @Test(arguments: [
        ("plain", #""plain""#, #""plain""#),
        (#"say "hi" \ bye"#, #""say \"hi\" \\ bye""#, #""say \"hi\" \\ bye""#),
        ("a\nb\rc\td", #""a\nb\rc\td""#, #""a\nb\rc\td""#),
        ("\u{00}\u{08}\u{0C}\u{1B}\u{7F}", #""\u0000\u0008\u000C\u001B\u007F""#, #""\u0000\u0008\u000C\u001B\u007F""#),
        ("é 😀 \u{202E}", "\"é 😀 \u{202E}\"", "\"é 😀 \u{202E}\""),
        (
            "next\u{85}line\u{2028}para\u{2029}", "\"next\u{85}line\u{2028}para\u{2029}\"",
            #""next\u0085line\u2028para\u2029""#
        ),
    ])
    func quotes(text: String, json: String, oneLine: String) {
        #expect(QuotedString.json(text) == json)
        #expect(QuotedString.json(text, escapingLineBreakLookalikes: true) == oneLine)
        var appended = "x="
        QuotedString.write(text, into: &appended)
        #expect(appended == "x=" + json)
    }
}
