/// Finds the table headers the TOML library cannot be trusted to reject.
///
/// TOMLKit 0.6 parses with toml++ 3, which *asserts* (aborts the process) on a table header
/// whose first key starts with a character that starts no key: `[!]`, `[[[`, `[[.a]]`,
/// `[ =]`, or a lone `[` at the end of a line. `make fuzz` found it. Such text is never valid
/// TOML, so ``ConfigurationParser`` rejects it with a configuration error before the library
/// sees it.
///
/// The reading is just enough TOML to know where a table header can be: a line that starts with
/// `[` at the top level, not inside a multi-line string (`"""`, `'''`) and not inside an array
/// or inline table value that runs over several lines.
///
/// toml++ also asserts inside its date, time and number readers on malformed text
/// (`a = 1978-05-27T.07:32:00`). No relnotes key takes a date, a time or a fraction, so every
/// value that starts like a number must be a plain integer (`100`, `0x1F`, `1_000`); anything
/// else (`1.5`, `1979-05-27`, `07:32:00`, `inf`, `nan`) is rejected before the library reads it.
enum TableHeaderChecker {
    /// The first value toml++ would read as a date, time or float (or could assert on): its
    /// 1-based line and the text of the value.
    /// How deep arrays and inline tables may nest; no relnotes key needs more than two.
    static let maximumNesting = 16

    static func unsupportedValue(in text: String) -> (line: Int, value: String)? {
        var scanner = Scanner()
        for (offset, line) in text.utf8.split(separator: newline, omittingEmptySubsequences: false).enumerated() {
            var bytes = Array(line)
            if offset == 0, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            if scanner.openString == nil, scanner.stack.isEmpty {
                let start = bytes.firstIndex { $0 != space && $0 != tab } ?? bytes.count
                if start < bytes.count, bytes[start] == openBracket { continue }
                scanner.expectsValue = false
            }
            scanner.scan(bytes)
            if let value = scanner.unsupported { return (offset + 1, value) }
        }
        return nil
    }

    /// Whether `token` (a value that starts with neither a quote nor a bracket) is a plain TOML
    /// integer, or a word (`true`, `false`, or text toml++ rejects by itself without asserting).
    static func isSupportedScalar(_ token: ArraySlice<UInt8>) -> Bool {
        guard let first = token.first else { return true }
        if (first | 0x20) &- UInt8(ascii: "a") < 26 {
            let word = String(decoding: token, as: UTF8.self)
            return word != "inf" && word != "nan"
        }
        var digits = token
        if first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { digits = digits.dropFirst() }
        guard let lead = digits.first, lead &- UInt8(ascii: "0") < 10 else { return false }
        func valid(_ body: ArraySlice<UInt8>, _ isDigit: (UInt8) -> Bool) -> Bool {
            guard let head = body.first, isDigit(head), let last = body.last, isDigit(last) else { return false }
            var previousUnderscore = false
            for byte in body {
                if byte == UInt8(ascii: "_") {
                    if previousUnderscore { return false }
                    previousUnderscore = true
                } else if isDigit(byte) {
                    previousUnderscore = false
                } else {
                    return false
                }
            }
            return true
        }
        let decimal: (UInt8) -> Bool = { $0 &- UInt8(ascii: "0") < 10 }
        if digits.count > 2, lead == UInt8(ascii: "0"), digits.count == token.count {
            let body = digits.dropFirst(2)
            switch digits[digits.index(after: digits.startIndex)] {
            case UInt8(ascii: "x"): return valid(body) { decimal($0) || ($0 | 0x20) &- UInt8(ascii: "a") < 6 }
            case UInt8(ascii: "o"): return valid(body) { $0 &- UInt8(ascii: "0") < 8 }
            case UInt8(ascii: "b"): return valid(body) { $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: "1") }
            default: break
            }
        }
        if lead == UInt8(ascii: "0") { return digits.count == 1 }
        return valid(digits, decimal)
    }

    /// The 1-based line of the first table header toml++ would assert on, or `nil`.
    static func lineOfUnreadableHeader(in text: String) -> Int? {
        var scanner = Scanner()
        for (offset, line) in text.utf8.split(separator: newline, omittingEmptySubsequences: false).enumerated() {
            var bytes = Array(line)
            if offset == 0, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            if scanner.openString == nil, scanner.depth == 0 {
                let start = bytes.firstIndex { $0 != space && $0 != tab } ?? bytes.count
                if start < bytes.count, bytes[start] == openBracket {
                    if !isReadableHeader(bytes[(start + 1)...]) { return offset + 1 }
                    continue
                }
            }
            scanner.scan(bytes)
        }
        return nil
    }

    /// `rest` is what follows a header's first `[`: toml++ reads a key next, after an optional
    /// second `[` (only right after the first) and spaces, unless it finds `]`.
    private static func isReadableHeader(_ rest: ArraySlice<UInt8>) -> Bool {
        var rest = rest
        let afterSpaces = rest.drop { $0 == space || $0 == tab }
        if afterSpaces.first == openBracket {
            // `[ [` is reported as an error by toml++ itself.
            if afterSpaces.startIndex != rest.startIndex { return true }
            rest = afterSpaces.dropFirst()
        }
        guard let first = rest.drop(while: { $0 == space || $0 == tab }).first else { return false }
        return isBareKeyByte(first) || first == doubleQuote || first == singleQuote || first == closeBracket
    }

    /// Tracks strings and brackets of values across lines.
    private struct Scanner {
        /// The delimiter of a multi-line string that is still open.
        var openString: [UInt8]?
        /// The arrays (`[`) and inline tables (`{`) of a value that are open, innermost last.
        var stack: [UInt8] = []
        /// How many arrays or inline tables of a value are open.
        var depth: Int { stack.count }
        /// Whether the next token is a value (after `=`, or after `[` or `,` in an array).
        var expectsValue = false
        /// A value that must not reach toml++, once found.
        var unsupported: String?

        /// Checks the value token starting at `index`; returns the index after it.
        private mutating func value(_ bytes: [UInt8], at index: Int) -> Int {
            var end = index
            let stops: [UInt8] = [UInt8(ascii: ","), closeBracket, UInt8(ascii: "}"), space, tab, UInt8(ascii: "#"), UInt8(ascii: "\r")]
            while end < bytes.count, !stops.contains(bytes[end]) { end += 1 }
            if !TableHeaderChecker.isSupportedScalar(bytes[index..<end]), unsupported == nil {
                unsupported = String(decoding: bytes[index..<end], as: UTF8.self)
            }
            expectsValue = false
            return max(end, index + 1)
        }

        mutating func scan(_ bytes: [UInt8]) {

            var index = 0
            if let delimiter = openString {
                guard let end = Self.find(delimiter, in: bytes, from: 0, escapes: delimiter[0] == doubleQuote) else { return }
                openString = nil
                index = end
            }
            while index < bytes.count {
                let byte = bytes[index]
                if expectsValue, ![space, tab, UInt8(ascii: "\r"), UInt8(ascii: "#"), doubleQuote, singleQuote, openBracket, UInt8(ascii: "{"), closeBracket].contains(byte) {
                    index = value(bytes, at: index)
                    continue
                }
                switch byte {
                case UInt8(ascii: "="):
                    expectsValue = true
                    index += 1
                case UInt8(ascii: ","):
                    expectsValue = stack.last == openBracket
                    index += 1
                case UInt8(ascii: "#"):
                    return
                case doubleQuote, singleQuote:
                    expectsValue = false

                    let escapes = byte == doubleQuote
                    let triple = [byte, byte, byte]
                    if bytes[index...].starts(with: triple) {
                        guard let end = Self.find(triple, in: bytes, from: index + 3, escapes: escapes) else {
                            openString = triple
                            return
                        }
                        index = end
                    } else {
                        index = Self.find([byte], in: bytes, from: index + 1, escapes: escapes) ?? bytes.count
                    }
                case openBracket, UInt8(ascii: "{"):
                    // toml++ reads nested values by recursion: deep nesting overflows its stack.
                    if stack.count >= TableHeaderChecker.maximumNesting, unsupported == nil {
                        unsupported = String(repeating: String(UnicodeScalar(byte)), count: stack.count + 1) + "…"
                    }
                    stack.append(byte)
                    expectsValue = byte == openBracket
                    index += 1
                case closeBracket, UInt8(ascii: "}"):
                    if !stack.isEmpty { stack.removeLast() }
                    expectsValue = false
                    index += 1

                default:
                    index += 1
                }
            }
        }

        /// The index just past `delimiter` in `bytes` from `start`, skipping backslash escapes
        /// in basic strings; `nil` when it is not on this line.
        static func find(_ delimiter: [UInt8], in bytes: [UInt8], from start: Int, escapes: Bool) -> Int? {
            var index = start
            while index < bytes.count {
                if escapes, bytes[index] == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if bytes[index...].starts(with: delimiter) {
                    // TOML: up to two more quotes right before a multi-line string's closing
                    // delimiter belong to the string (four quotes: a quote, then the end).
                    var end = index + delimiter.count
                    if delimiter.count == 3 {
                        var extra = 0
                        while extra < 2, end < bytes.count, bytes[end] == delimiter[0] {
                            end += 1
                            extra += 1
                        }
                    }
                    return end
                }
                index += 1
            }
            return nil
        }
    }

    private static func isBareKeyByte(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "0") < 10 || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    private static let newline = UInt8(ascii: "\n")
    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")
    private static let openBracket = UInt8(ascii: "[")
    private static let closeBracket = UInt8(ascii: "]")
    private static let doubleQuote = UInt8(ascii: "\"")
    private static let singleQuote = UInt8(ascii: "'")
}
