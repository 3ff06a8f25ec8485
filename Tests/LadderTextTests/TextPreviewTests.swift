import Testing

@testable import LadderText

@Suite struct TextPreviewTests {
    @Test(arguments: [
        ([UInt8]("plain text".utf8), "plain text"),
        ([0x61, 0x0A, 0x09, 0x0D, 0x00, 0x1B, 0x7F], "a\\n\\t\\r\\x00\\x1B\\x7F"),
        ([0xC3, 0xA9, 0xFF, 0xC3], "é\\xFF\\xC3"),
        ([0xC0, 0xAF], "\\xC0\\xAF"),
        ([0xED, 0xA0, 0x80], "\\xED\\xA0\\x80"),
        ([0xF4, 0x90, 0x80, 0x80], "\\xF4\\x90\\x80\\x80"),
        ([UInt8]("\u{9B}31m".utf8), "\\u{9B}31m"),
        ([UInt8]("abc\u{202E}fed".utf8), "abc\\u{202E}fed"),
        ([UInt8]("😀".utf8), "😀"),
    ])
    func rendering(bytes: [UInt8], rendered: String) {
        #expect(TextPreview.render(bytes) == rendered)
    }

    @Test func truncationSaysHowMuchWasCut() {
        #expect(
            TextPreview.render(Array(repeating: UInt8(ascii: "x"), count: 50), limit: 10) == "xxxxxxxxxx… (+40 bytes)")
        #expect(TextPreview.render(String(repeating: "é", count: 20), limit: 5) == "ééééé… (+30 bytes)")
    }

    @Test func invalidOffsets() {
        #expect(TextPreview.firstInvalidUTF8Offset([UInt8]("héllo".utf8)) == nil)
        #expect(TextPreview.firstInvalidUTF8Offset([0x61, 0x62, 0xFE]) == 2)
        #expect(TextPreview.firstInvalidUTF8Offset([0x61, 0xE2, 0x82]) == 1)
    }
}
