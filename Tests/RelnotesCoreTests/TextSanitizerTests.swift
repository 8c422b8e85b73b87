import RelnotesCore
import Testing

@Suite("text sanitiser")
struct TextSanitizerTests {
    @Test("terminal escape sequences are replaced, the rest of the text kept", arguments: [
        ("fix: \u{1B}[2Jclear", "fix: \u{FFFD}[2Jclear"),
        ("\u{1B}]0;title\u{07}x", "\u{FFFD}]0;title\u{FFFD}x"),
        ("\u{1B}]8;;https://evil\u{1B}\\link\u{1B}]8;;\u{1B}\\", "\u{FFFD}]8;;https://evil\u{FFFD}\\link\u{FFFD}]8;;\u{FFFD}\\"),
        ("c1 \u{9B}31m csi", "c1 \u{FFFD}31m csi"),
        ("nul\u{0}del\u{7F}", "nul\u{FFFD}del\u{FFFD}"),
    ])
    func escapes(input: String, expected: String) {
        #expect(TextSanitizer.printable(input) == expected)
        #expect(!TextSanitizer.needsSanitizing(TextSanitizer.printable(input)))
    }

    @Test("tab, newline, CRLF and non-ASCII text pass; a lone CR does not")
    func keeps() {
        #expect(TextSanitizer.printable("a\tb\nc") == "a\tb\nc")
        #expect(TextSanitizer.printable("a\r\nb") == "a\nb")
        #expect(TextSanitizer.printable("over\rwrite") == "over\u{FFFD}write")
        #expect(TextSanitizer.printable("héllo ✓ 日本 \u{A0}") == "héllo ✓ 日本 \u{A0}")
        #expect(!TextSanitizer.needsSanitizing("héllo ✓ 日本 \u{A0}\u{C0}"))
    }

    @Test("one-line text has no newline or tab")
    func singleLine() {
        #expect(TextSanitizer.singleLine("a\nb\tc\u{1B}") == "a b c\u{FFFD}")
    }
}
