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
enum TableHeaderChecker {
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
        /// How many arrays or inline tables of a value are open.
        var depth = 0

        mutating func scan(_ bytes: [UInt8]) {
            var index = 0
            if let delimiter = openString {
                guard let end = Self.find(delimiter, in: bytes, from: 0, escapes: delimiter[0] == doubleQuote) else { return }
                openString = nil
                index = end
            }
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "#"):
                    return
                case doubleQuote, singleQuote:
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
                    depth += 1
                    index += 1
                case closeBracket, UInt8(ascii: "}"):
                    depth = max(0, depth - 1)
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
                if bytes[index...].starts(with: delimiter) { return index + delimiter.count }
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
