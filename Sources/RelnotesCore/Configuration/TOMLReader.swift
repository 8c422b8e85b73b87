/// Reads a TOML 1.0 document (`.relnotes.toml`) into a ``TOMLTable``.
///
/// It is total: any bytes give a table or a ``TOMLError`` naming the line and column, never a
/// trap. It reads bytes with bounds-checked indexing, does arithmetic on input only with
/// overflow reporting, and recurses only into arrays and inline tables, at most
/// ``maximumNesting`` levels deep (tables named by headers and dotted keys count too).
///
/// It reads what TOML 1.0 allows: comments; bare, quoted and dotted keys; the four kinds of
/// strings with every escape; integers (decimal, hexadecimal, octal, binary; 64-bit); booleans;
/// arrays; inline tables; `[tables]` and `[[arrays of tables]]`, with TOML's rules against
/// defining a key or a table twice. Floats, dates and times are recognised and refused, as no
/// relnotes key takes one. A byte-order mark at the start is skipped.
package struct TOMLReader: Sendable {
    /// How deep tables, arrays and inline tables may nest; no relnotes key needs more than three.
    package static let maximumNesting = 16

    package init() {}

    /// Reads `text`.
    package func read(_ text: String) throws(TOMLError) -> TOMLTable {
        try read(utf8: Array(text.utf8))
    }

    /// Reads UTF-8 bytes; invalid UTF-8 is an error on its line.
    package func read(utf8 bytes: [UInt8]) throws(TOMLError) -> TOMLTable {
        var parser = TOMLParser(bytes: bytes)
        try parser.document()
        return parser.tree(0, line: nil)
    }
}

private let defaultHint = "see docs/configuration.md for the format"

/// The reading itself: a cursor over the bytes, and the tables read so far in an arena (tables
/// refer to each other by index), which makes "add a key to the table `[a.b]` named" a loop.
private struct TOMLParser {
    enum State {
        /// Made as the parent of a `[header]` (`a` of `[a.b]`): a later `[a]` may still define it.
        case implicit
        /// Made by dotted keys in the current section; explicit once a header follows.
        case dotted
        /// Defined by a header, or by dotted keys of a section that has ended.
        case explicit
        /// An inline table: complete as written.
        case frozen
    }

    enum Entry {
        case value(Value, line: Int)
        case table(Int, line: Int)
        /// An array of tables: the index of its list of tables in `lists`.
        case tables(Int, line: Int)
    }

    indirect enum Value {
        case string(String)
        case integer(Int)
        case boolean(Bool)
        case array([Value])
        case table(Int)
    }

    struct Node {
        var entries: [String: Entry] = [:]
        var order: [String] = []
        var state: State
        var line: Int?
        var depth: Int
    }

    let bytes: [UInt8]
    var position = 0
    var line = 1
    var lineStart = 0
    var nodes = [Node(state: .explicit, line: nil, depth: 0)]
    /// The table the current section's keys go into.
    var section = 0
    /// Tables made by dotted keys since the last header.
    var pending: [Int] = []
    /// The tables of each array of tables, kept apart so that appending one does not copy.
    var lists: [[Int]] = []

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    // MARK: Errors

    /// A place in the text: its line, where that line starts, and the byte offset.
    struct Mark {
        var line: Int
        var lineStart: Int
        var offset: Int
    }

    var here: Mark { Mark(line: line, lineStart: lineStart, offset: position) }

    typealias KeyPart = (name: String, mark: Mark)

    func error(_ problem: String, hint: String = defaultHint, at mark: Mark? = nil) -> TOMLError {
        let mark = mark ?? here
        let start = min(max(mark.lineStart, 0), bytes.count)
        let end = min(max(mark.offset, start), bytes.count)
        let column = bytes[start..<end].count { $0 & 0xC0 != 0x80 } + 1
        return TOMLError(line: mark.line, column: column, problem: problem, hint: hint)
    }

    /// What stands at the cursor, for "expected …, found …".
    var found: String {
        guard position < bytes.count else { return "the end of the file" }
        let byte = bytes[position]
        if byte == 0x0A || byte == 0x0D { return "the end of the line" }
        var end = position + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        return "'\(TextSanitizer.singleLine(String(decoding: bytes[position..<end], as: UTF8.self)))'"
    }

    /// An error for the byte at the cursor: a control character gets its own message.
    func unexpected(_ expected: String, hint: String = defaultHint) -> TOMLError {
        if position < bytes.count, Self.isControl(bytes[position]), bytes[position] != 0x0A, bytes[position] != 0x0D {
            return controlCharacter()
        }
        return error("not valid TOML: expected \(expected), found \(found)", hint: hint)
    }

    func controlCharacter() -> TOMLError {
        error("not valid TOML: a control character (other than tab) stands in the text", hint: "remove it; inside a \"…\" string write an escape such as \\t or \\u001b")
    }

    static func isControl(_ byte: UInt8) -> Bool { (byte < 0x20 && byte != 0x09) || byte == 0x7F }

    // MARK: Document

    mutating func document() throws(TOMLError) {
        try validateUTF8()
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            position = 3
            lineStart = 3
        }
        while true {
            skipWhitespace()
            guard position < bytes.count else { return }
            switch bytes[position] {
            case UInt8(ascii: "["): try header()
            case UInt8(ascii: "#"), 0x0A, 0x0D: break
            default: try keyValue(into: section)
            }
            try endOfLine()
        }
    }

    func validateUTF8() throws(TOMLError) {
        var lineNumber = 1
        var column = 1
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar):
                if scalar.count == 1, scalar.first == 0x0A {
                    lineNumber += 1
                    column = 1
                } else {
                    column += 1
                }
            case .error:
                throw TOMLError(line: lineNumber, column: column, problem: "not valid UTF-8", hint: "save the configuration file as UTF-8")
            case .emptyInput:
                return
            }
        }
    }

    mutating func skipWhitespace() {
        while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 { position += 1 }
    }

    /// Consumes a line end (LF or CRLF) at the cursor; `false` when there is none. A carriage
    /// return alone is an error.
    mutating func newline() throws(TOMLError) -> Bool {
        guard position < bytes.count else { return false }
        if bytes[position] == 0x0A {
            position += 1
        } else if bytes[position] == 0x0D {
            guard position + 1 < bytes.count, bytes[position + 1] == 0x0A else { throw controlCharacter() }
            position += 2
        } else {
            return false
        }
        line += 1
        lineStart = position
        return true
    }

    /// Skips a comment at the cursor, up to (not over) the line end.
    mutating func comment() throws(TOMLError) {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "#") else { return }
        while position < bytes.count {
            let byte = bytes[position]
            if byte == 0x0A || (byte == 0x0D && position + 1 < bytes.count && bytes[position + 1] == 0x0A) { return }
            if Self.isControl(byte) { throw controlCharacter() }
            position += 1
        }
    }

    /// After a header or a key/value pair: spaces, a comment, then a line end or the end.
    mutating func endOfLine() throws(TOMLError) {
        skipWhitespace()
        try comment()
        if position < bytes.count, try !newline() {
            throw unexpected("the end of the line", hint: "write each key = value and each [table] on its own line")
        }
    }

    /// Skips spaces, line ends and comments (inside an array).
    mutating func skipBlank() throws(TOMLError) {
        while true {
            skipWhitespace()
            try comment()
            if try !newline() { return }
        }
    }

    // MARK: Tables

    mutating func makeNode(_ state: State, line: Int, parent: Int) -> Int {
        nodes.append(Node(state: state, line: line, depth: nodes[parent].depth + 1))
        return nodes.count - 1
    }

    mutating func insert(_ entry: Entry, for key: String, into node: Int) {
        nodes[node].entries[key] = entry
        nodes[node].order.append(key)
    }

    static func line(of entry: Entry) -> Int {
        switch entry {
        case .value(_, let line), .table(_, let line), .tables(_, let line): line
        }
    }

    static func dotted(_ keys: [KeyPart]) -> String {
        TextSanitizer.singleLine(keys.map(\.name).joined(separator: "."))
    }

    mutating func header() throws(TOMLError) {
        let headerLine = line
        position += 1
        let isArray = position < bytes.count && bytes[position] == UInt8(ascii: "[")
        if isArray { position += 1 }
        skipWhitespace()
        let keys = try key()
        skipWhitespace()
        for _ in 0..<(isArray ? 2 : 1) {
            guard position < bytes.count, bytes[position] == UInt8(ascii: "]") else {
                throw unexpected(isArray ? "']]' to close the [[array]] header" : "']' to close the [table] header")
            }
            position += 1
        }
        guard keys.count <= TOMLReader.maximumNesting else {
            throw error("not valid TOML: tables nest deeper than \(TOMLReader.maximumNesting) levels", hint: "no relnotes key is more than three levels deep", at: keys.first?.mark)
        }
        for node in pending where nodes[node].state == .dotted { nodes[node].state = .explicit }
        pending = []
        let name = Self.dotted(keys)
        var current = 0
        for key in keys.dropLast() {
            switch nodes[current].entries[key.name] {
            case nil:
                let node = makeNode(.implicit, line: headerLine, parent: current)
                insert(.table(node, line: headerLine), for: key.name, into: current)
                current = node
            case .table(let node, _):
                guard nodes[node].state != .frozen else {
                    throw error("not valid TOML: [\(name)] adds to an inline table, which is complete as written", at: key.mark)
                }
                current = node
            case .tables(let list, _):
                guard let last = lists[list].last else { throw error("not valid TOML: an empty array of tables", at: key.mark) }
                current = last
            case .value(_, let first):
                throw error("not valid TOML: [\(name)] names a key that holds a value (line \(first)), not a table", at: key.mark)
            }
        }
        guard let last = keys.last else { throw unexpected("a key") }
        let existing = nodes[current].entries[last.name]
        if isArray {
            switch existing {
            case nil:
                let node = makeNode(.explicit, line: headerLine, parent: current)
                lists.append([node])
                insert(.tables(lists.count - 1, line: headerLine), for: last.name, into: current)
                section = node
            case .tables(let list, _):
                let node = makeNode(.explicit, line: headerLine, parent: current)
                lists[list].append(node)
                section = node
            case let entry?:
                throw error("not valid TOML: [[\(name)]] appends to '\(name)', which is not an array of tables (line \(Self.line(of: entry)))", hint: "use one name for one kind of table", at: last.mark)
            }
        } else {
            switch existing {
            case nil:
                let node = makeNode(.explicit, line: headerLine, parent: current)
                insert(.table(node, line: headerLine), for: last.name, into: current)
                section = node
            case .table(let node, _) where nodes[node].state == .implicit:
                nodes[node].state = .explicit
                nodes[node].line = headerLine
                nodes[current].entries[last.name] = .table(node, line: headerLine)
                section = node
            case let entry?:
                throw error("not valid TOML: table [\(name)] is defined twice (first on line \(Self.line(of: entry)))", hint: "merge the two into one [\(name)] table", at: last.mark)
            }
        }
    }

    /// Reads `key = value` at the cursor into the table `table`.
    mutating func keyValue(into table: Int) throws(TOMLError) {
        let keys = try key()
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "=") else {
            throw unexpected("'=' after the key \(Self.dotted(keys))", hint: "write key = value, with text in quotes")
        }
        position += 1
        skipWhitespace()
        guard nodes[table].depth + keys.count - 1 <= TOMLReader.maximumNesting else {
            throw error("not valid TOML: tables nest deeper than \(TOMLReader.maximumNesting) levels", hint: "no relnotes key is more than three levels deep", at: keys.first?.mark)
        }
        let name = Self.dotted(keys)
        var current = table
        for key in keys.dropLast() {
            switch nodes[current].entries[key.name] {
            case nil:
                let node = makeNode(.dotted, line: key.mark.line, parent: current)
                insert(.table(node, line: key.mark.line), for: key.name, into: current)
                pending.append(node)
                current = node
            case .table(let node, let first):
                switch nodes[node].state {
                case .implicit:
                    nodes[node].state = .dotted
                    pending.append(node)
                case .dotted:
                    break
                case .explicit:
                    throw error("not valid TOML: \(name) adds to a table defined on line \(first); dotted keys cannot add to it", hint: "write the key inside that table", at: key.mark)
                case .frozen:
                    throw error("not valid TOML: \(name) adds to an inline table (line \(first)), which is complete as written", at: key.mark)
                }
                current = node
            case let entry?:
                throw error("not valid TOML: \(name) needs '\(TextSanitizer.singleLine(key.name))' to be a table, but line \(Self.line(of: entry)) gave it another value", at: key.mark)
            }
        }
        guard let last = keys.last else { throw unexpected("a key") }
        if let entry = nodes[current].entries[last.name] {
            throw error("not valid TOML: key \(name) is defined twice (first on line \(Self.line(of: entry)))", hint: "keep one of them", at: last.mark)
        }
        let value = try value(depth: nodes[current].depth + 1, line: last.mark.line)
        if case .table(let node) = value {
            insert(.table(node, line: last.mark.line), for: last.name, into: current)
        } else {
            insert(.value(value, line: last.mark.line), for: last.name, into: current)
        }
    }

    /// Reads a bare, quoted or dotted key.
    mutating func key() throws(TOMLError) -> [KeyPart] {
        var parts: [KeyPart] = []
        while true {
            skipWhitespace()
            let start = here
            guard position < bytes.count else { throw unexpected("a key") }
            switch bytes[position] {
            case UInt8(ascii: "\""):
                parts.append((try basicString(), start))
            case UInt8(ascii: "'"):
                parts.append((try literalString(), start))
            default:
                while position < bytes.count, Self.isBareKeyByte(bytes[position]) { position += 1 }
                guard position > start.offset else {
                    throw unexpected("a key", hint: "write keys as words of letters, digits, '-' and '_', or in quotes")
                }
                parts.append((String(decoding: bytes[start.offset..<position], as: UTF8.self), start))
            }
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ".") else { return parts }
            position += 1
        }
    }

    static func isBareKeyByte(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "0") < 10 || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    // MARK: Values

    /// Reads a value `depth` levels deep; `line` is the line of its key (an inline table's line,
    /// also inside an array).
    mutating func value(depth: Int, line keyLine: Int) throws(TOMLError) -> Value {
        guard position < bytes.count else { throw unexpected("a value") }
        switch bytes[position] {
        case UInt8(ascii: "\""):
            return .string(bytes[position...].starts(with: [0x22, 0x22, 0x22]) ? try multilineString(quote: 0x22) : try basicString())
        case UInt8(ascii: "'"):
            return .string(bytes[position...].starts(with: [0x27, 0x27, 0x27]) ? try multilineString(quote: 0x27) : try literalString())
        case UInt8(ascii: "["):
            return try array(depth: depth, line: keyLine)
        case UInt8(ascii: "{"):
            return try inlineTable(depth: depth, line: keyLine)
        default:
            return try scalar()
        }
    }

    func tooDeep() -> TOMLError {
        error("not valid TOML: values nest deeper than \(TOMLReader.maximumNesting) levels", hint: "no relnotes key takes more than a list of strings or a table of them")
    }

    mutating func array(depth: Int, line keyLine: Int) throws(TOMLError) -> Value {
        guard depth <= TOMLReader.maximumNesting else { throw tooDeep() }
        let opening = here
        position += 1
        var elements: [Value] = []
        while true {
            try skipBlank()
            guard position < bytes.count else {
                throw error("not valid TOML: the array opened here is not closed", hint: "close it with ]", at: opening)
            }
            if bytes[position] == UInt8(ascii: "]") {
                position += 1
                return .array(elements)
            }
            elements.append(try value(depth: depth + 1, line: keyLine))
            try skipBlank()
            guard position < bytes.count else {
                throw error("not valid TOML: the array opened here is not closed", hint: "close it with ]", at: opening)
            }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
            } else if bytes[position] != UInt8(ascii: "]") {
                throw unexpected("',' or ']' in an array", hint: "separate the elements of an array with commas")
            }
        }
    }

    mutating func inlineTable(depth: Int, line keyLine: Int) throws(TOMLError) -> Value {
        guard depth <= TOMLReader.maximumNesting else { throw tooDeep() }
        position += 1
        nodes.append(Node(state: .dotted, line: keyLine, depth: depth))
        let node = nodes.count - 1
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
        } else {
            let hint = "write an inline table on one line, without a comma after the last key, or use a [table]"
            while true {
                guard position < bytes.count, bytes[position] != 0x0A, bytes[position] != 0x0D else {
                    throw unexpected("a key in an inline table", hint: hint)
                }
                try keyValue(into: node)
                skipWhitespace()
                guard position < bytes.count else { throw unexpected("',' or '}' in an inline table", hint: hint) }
                if bytes[position] == UInt8(ascii: "}") {
                    position += 1
                    break
                }
                guard bytes[position] == UInt8(ascii: ",") else { throw unexpected("',' or '}' in an inline table", hint: hint) }
                position += 1
                skipWhitespace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                    throw error("not valid TOML: a comma after the last key of an inline table", hint: hint)
                }
            }
        }
        nodes[node].state = .frozen
        return .table(node)
    }

    /// A value that is not a string, an array or an inline table: a boolean or an integer, or
    /// a float, date or time, which is refused.
    mutating func scalar() throws(TOMLError) -> Value {
        let start = here
        while position < bytes.count, Self.isScalarByte(bytes[position]) { position += 1 }
        let token = bytes[start.offset..<position]
        guard !token.isEmpty else { throw unexpected("a value", hint: "write text in quotes, e.g. key = \"text\"") }
        let text = String(decoding: token, as: UTF8.self)
        if text == "true" { return .boolean(true) }
        if text == "false" { return .boolean(false) }
        switch Self.integer(token) {
        case .value(let number):
            return .integer(number)
        case .overflow:
            throw error("not valid TOML: \(text.prefix(40)) does not fit in a 64-bit integer", hint: "whole numbers go from -9223372036854775808 to 9223372036854775807", at: start)
        case .invalid:
            break
        }
        let unsigned = token.first == UInt8(ascii: "+") || token.first == UInt8(ascii: "-") ? token.dropFirst() : token
        let isHex = unsigned.starts(with: [0x30, UInt8(ascii: "x")])
        let looksLikeFloatOrDate = ["inf", "nan"].contains(String(decoding: unsigned, as: UTF8.self))
            || (unsigned.first.map { $0 &- UInt8(ascii: "0") < 10 } == true
                && (unsigned.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "-") } || (!isHex && unsigned.contains { $0 | 0x20 == UInt8(ascii: "e") })))
        if looksLikeFloatOrDate {
            throw error(
                "'\(TextSanitizer.singleLine(text.prefix(40)))' is not a value relnotes reads: keys take strings, whole numbers, true or false, and lists of them",
                hint: "quote text (\"1.2.0\"); dates, times and fractions are not used by any key", at: start
            )
        }
        if unsigned.first.map({ $0 &- UInt8(ascii: "0") < 10 }) == true {
            throw error("not valid TOML: '\(TextSanitizer.singleLine(text.prefix(40)))' is not a whole number", hint: "write whole numbers as 42, 1_000, 0x2A, 0o52 or 0b101010, without leading zeros", at: start)
        }
        throw error("not valid TOML: '\(TextSanitizer.singleLine(text.prefix(40)))' is not a value", hint: "write text in quotes, e.g. key = \"text\"; flags are true or false", at: start)
    }

    static func isScalarByte(_ byte: UInt8) -> Bool {
        isBareKeyByte(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
    }

    enum IntegerReading: Equatable {
        case value(Int)
        case overflow
        case invalid
    }

    /// Reads a TOML integer: decimal with an optional sign and no leading zero, or `0x`, `0o`,
    /// `0b` without a sign; `_` only between digits.
    static func integer(_ token: ArraySlice<UInt8>) -> IntegerReading {
        var digits = token
        var negative = false
        if let sign = digits.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        var radix: UInt64 = 10
        if digits.count > 2, digits.first == UInt8(ascii: "0"), digits.count == token.count {
            switch digits.dropFirst().first {
            case UInt8(ascii: "x"): radix = 16
            case UInt8(ascii: "o"): radix = 8
            case UInt8(ascii: "b"): radix = 2
            default: break
            }
            if radix != 10 { digits = digits.dropFirst(2) }
        }
        if radix == 10, digits.first == UInt8(ascii: "0"), digits.count > 1 { return .invalid }
        guard digits.first != UInt8(ascii: "_"), digits.last != UInt8(ascii: "_"), !digits.isEmpty else { return .invalid }
        var magnitude: UInt64 = 0
        var overflow = false
        var previousUnderscore = false
        for byte in digits {
            if byte == UInt8(ascii: "_") {
                if previousUnderscore { return .invalid }
                previousUnderscore = true
                continue
            }
            previousUnderscore = false
            let digit: UInt64
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte &- UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt64(byte &- UInt8(ascii: "a")) &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt64(byte &- UInt8(ascii: "A")) &+ 10
            default: return .invalid
            }
            guard digit < radix else { return .invalid }
            let (shifted, over1) = magnitude.multipliedReportingOverflow(by: radix)
            let (sum, over2) = shifted.addingReportingOverflow(digit)
            overflow = overflow || over1 || over2
            magnitude = sum
        }
        if overflow { return .overflow }
        if negative {
            if magnitude == UInt64(Int64.max) &+ 1 { return Int(exactly: Int64.min).map(IntegerReading.value) ?? .overflow }
            guard let positive = Int64(exactly: magnitude), let number = Int(exactly: 0 &- positive) else { return .overflow }
            return .value(number)
        }
        guard let number = Int64(exactly: magnitude).flatMap({ Int(exactly: $0) }) else { return .overflow }
        return .value(number)
    }

    // MARK: Strings

    /// A `"…"` string on one line, with escapes.
    mutating func basicString() throws(TOMLError) -> String {
        position += 1
        var text: [UInt8] = []
        while true {
            guard position < bytes.count, bytes[position] != 0x0A, bytes[position] != 0x0D else {
                throw unexpected("'\"' to close the string", hint: "close the string on its line; write \\n for a line break, or use \"\"\" for text over several lines")
            }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return String(decoding: text, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                try escape(into: &text, multiline: false)
            } else if Self.isControl(byte) {
                throw controlCharacter()
            } else {
                text.append(byte)
                position += 1
            }
        }
    }

    /// A `'…'` string on one line, taken as written.
    mutating func literalString() throws(TOMLError) -> String {
        position += 1
        let start = position
        while true {
            guard position < bytes.count, bytes[position] != 0x0A, bytes[position] != 0x0D else {
                throw unexpected("\"'\" to close the string", hint: "close the string on its line, or use ''' for text over several lines")
            }
            let byte = bytes[position]
            if byte == UInt8(ascii: "'") {
                position += 1
                return String(decoding: bytes[start..<(position - 1)], as: UTF8.self)
            }
            if Self.isControl(byte) { throw controlCharacter() }
            position += 1
        }
    }

    /// A `"""…"""` (escapes, line-ending backslashes) or `'''…'''` string; a line end right
    /// after the opening delimiter is not part of it, and up to two quotes before the closing
    /// delimiter are.
    mutating func multilineString(quote: UInt8) throws(TOMLError) -> String {
        let opening = here
        position += 3
        if position < bytes.count, bytes[position] == 0x0A || bytes[position] == 0x0D { _ = try newline() }
        var text: [UInt8] = []
        while true {
            guard position < bytes.count else {
                let delimiter = String(repeating: String(UnicodeScalar(quote)), count: 3)
                throw error("not valid TOML: the \(delimiter) string opened here is not closed", hint: "close it with \(delimiter)", at: opening)
            }
            let byte = bytes[position]
            if byte == quote {
                var run = 0
                while position + run < bytes.count, bytes[position + run] == quote, run < 5 { run += 1 }
                if run >= 3 {
                    text.append(contentsOf: repeatElement(quote, count: run - 3))
                    position += run
                    return String(decoding: text, as: UTF8.self)
                }
                text.append(contentsOf: repeatElement(quote, count: run))
                position += run
            } else if byte == UInt8(ascii: "\\"), quote == 0x22 {
                try escape(into: &text, multiline: true)
            } else if byte == 0x0A || byte == 0x0D {
                _ = try newline()
                text.append(0x0A)
            } else if Self.isControl(byte) {
                throw controlCharacter()
            } else {
                text.append(byte)
                position += 1
            }
        }
    }

    /// Reads the escape at the cursor (a backslash) into `text`.
    mutating func escape(into text: inout [UInt8], multiline: Bool) throws(TOMLError) {
        let start = here
        position += 1
        guard position < bytes.count else { throw unexpected("an escape after '\\'") }
        let byte = bytes[position]
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "b"): 0x08, UInt8(ascii: "t"): 0x09, UInt8(ascii: "n"): 0x0A, UInt8(ascii: "f"): 0x0C,
            UInt8(ascii: "r"): 0x0D, UInt8(ascii: "\""): 0x22, UInt8(ascii: "\\"): 0x5C,
        ]
        if let replacement = simple[byte] {
            text.append(replacement)
            position += 1
            return
        }
        if byte == UInt8(ascii: "u") || byte == UInt8(ascii: "U") {
            let count = byte == UInt8(ascii: "u") ? 4 : 8
            position += 1
            var code: UInt32 = 0
            for _ in 0..<count {
                guard position < bytes.count, let digit = Self.hexDigit(bytes[position]) else {
                    throw error("not valid TOML: \\\(UnicodeScalar(byte)) needs \(count) hexadecimal digits", hint: "e.g. \\u00e9 or \\U0001F600", at: start)
                }
                code = code &<< 4 | digit
                position += 1
            }
            guard let scalar = Unicode.Scalar(code) else {
                let shown = String(bytes[(start.offset + 1)..<position].map { Character(UnicodeScalar($0)) })
                throw error("not valid TOML: \\\(shown) is not a Unicode character", hint: "surrogates (D800-DFFF) and code points above 10FFFF cannot be written", at: start)
            }
            text.append(contentsOf: String(scalar).utf8)
            return
        }
        if multiline, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
            skipWhitespace()
            guard try newline() else {
                throw error("not valid TOML: a backslash in a \"\"\" string must be an escape or end its line", hint: "write \\\\ for a backslash", at: start)
            }
            while true {
                skipWhitespace()
                if try !newline() { return }
            }
        }
        if byte == 0x0A || byte == 0x0D {
            throw error("not valid TOML: a backslash ends a line inside a one-line string", hint: "write \\\\ for a backslash, or use \"\"\" for text over several lines", at: start)
        }
        throw error("not valid TOML: '\\\(found.dropFirst().dropLast())' is not an escape", hint: "escapes are \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX; write \\\\ for a backslash, or use a 'literal string'", at: start)
    }

    static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte &- UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte &- UInt8(ascii: "a")) &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte &- UInt8(ascii: "A")) &+ 10
        default: nil
        }
    }

    // MARK: Result

    /// The table `node` as a value tree; recursion is bounded by ``TOMLReader/maximumNesting``.
    func tree(_ node: Int, line: Int?) -> TOMLTable {
        var table = TOMLTable(line: line)
        guard node < nodes.count else { return table }
        for key in nodes[node].order {
            guard let entry = nodes[node].entries[key] else { continue }
            switch entry {
            case .value(let value, let line):
                table.values[key] = tree(value, line: line)
                table.lines[key] = line
            case .table(let child, let line):
                table.values[key] = .table(tree(child, line: nodes[child].line ?? line))
                table.lines[key] = line
            case .tables(let list, let line):
                let elements = list < lists.count ? lists[list] : []
                table.values[key] = .array(elements.map { .table(tree($0, line: nodes[$0].line ?? line)) })
                table.lines[key] = line
            }
            table.keys.append(key)
        }
        return table
    }

    func tree(_ value: Value, line: Int) -> TOMLValue {
        switch value {
        case .string(let text): .string(text)
        case .integer(let number): .integer(number)
        case .boolean(let flag): .boolean(flag)
        case .array(let elements): .array(elements.map { tree($0, line: line) })
        case .table(let node): .table(tree(node, line: line))
        }
    }
}
