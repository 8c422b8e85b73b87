@testable import RelnotesCore
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

    @Test("the first byte that can start a control character decides, whatever text is around it", arguments: [
        ("plain text, tab\tand newline\n", false),
        ("no-break\u{A0}space and \u{C0}", false),   // 0xC2 0xA0 starts no control character
        ("c1 \u{85} next line", true),                // 0xC2 0x85 does
        ("\u{A0} then escape \u{1B}", true),          // after a harmless 0xC2, the scalars decide
        ("DEL \u{7F}", true),
        ("tab\t then ESC \u{1B}", true),
        ("", false),
    ])
    func decides(text: String, expected: Bool) {
        #expect(TextSanitizer.needsSanitizing(text) == expected)
        // A slice of a longer string scans only its own bytes.
        let padded = "\u{1B}" + text + "\u{1B}"
        let inner = padded.dropFirst().dropLast()
        #expect(TextSanitizer.needsSanitizing(inner) == expected)
        #expect(TextSanitizer.needsSanitizing(padded))
    }

    @Test("blank text is whitespace as Character says, decided by the first byte only when that is plain ASCII", arguments: [
        ("", true), (" \t\n", true), ("\r\n", true), ("\u{A0}\u{2003}", true),
        ("a", false), ("  a", false), ("\u{2003}x", false), ("é", false),
    ])
    func blank(text: String, expected: Bool) {
        #expect(MessageText.isBlank(text) == expected)
        #expect(MessageText.isBlank(text) == text.allSatisfy(\.isWhitespace))
    }

    @Test("one-line text has no newline or tab")
    func singleLine() {
        #expect(TextSanitizer.singleLine("a\nb\tc\u{1B}") == "a b c\u{FFFD}")
    }
}
