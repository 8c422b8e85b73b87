// Finders of one dotted key's value in YAML, TOML and JSON text. They read just enough of each
// format to know where a value's bytes are (nesting, quoting, comments, multi-line strings),
// so that the editor changes those bytes and nothing else. Values inside sequences, arrays of
// tables, inline tables or flow collections are never matched by a dotted key.

private let newline = UInt8(ascii: "\n")
private let carriageReturn = UInt8(ascii: "\r")
private let space = UInt8(ascii: " ")
private let tab = UInt8(ascii: "\t")
private let hash = UInt8(ascii: "#")
private let doubleQuote = UInt8(ascii: "\"")
private let singleQuote = UInt8(ascii: "'")
private let backslash = UInt8(ascii: "\\")

/// The lines of `bytes` as ranges without their `\n` and a `\r` before it.
private func lineRanges(_ bytes: [UInt8]) -> [Range<Int>] {
    var ranges: [Range<Int>] = []
    var start = 0
    for index in bytes.indices where bytes[index] == newline {
        ranges.append(start..<(index > start && bytes[index - 1] == carriageReturn ? index - 1 : index))
        start = index + 1
    }
    if start < bytes.count { ranges.append(start..<bytes.count) }
    return ranges
}

/// The end of a quoted run that starts after the opening quote at `start`: the index of the
/// closing quote, or `nil` when the line ends first.
private func closingQuote(_ bytes: [UInt8], from start: Int, end: Int, quote: UInt8, backslashEscapes: Bool, doubledEscapes: Bool) -> Int? {
    var index = start
    while index < end {
        let byte = bytes[index]
        if backslashEscapes, byte == backslash {
            index += 2
            continue
        }
        if byte == quote {
            if doubledEscapes, index + 1 < end, bytes[index + 1] == quote {
                index += 2
                continue
            }
            return index
        }
        index += 1
    }
    return nil
}

/// The value range of a scalar starting at `start`: inside its quotes when quoted, else up to
/// a comment (` #`) or the end, without trailing spaces.
private func scalarValue(_ bytes: [UInt8], from start: Int, end: Int, backslashInDouble: Bool, doubledInSingle: Bool) -> (range: Range<Int>?, problem: String?) {
    guard start < end else { return (nil, "has no value (write an empty \"\" value first)") }
    let first = bytes[start]
    if first == doubleQuote || first == singleQuote {
        let escapes = first == doubleQuote && backslashInDouble
        guard let close = closingQuote(bytes, from: start + 1, end: end, quote: first, backslashEscapes: escapes, doubledEscapes: first == singleQuote && doubledInSingle) else {
            return (nil, "is a string that does not end on its line")
        }
        return (start + 1..<close, nil)
    }
    if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") { return (nil, "is a collection, not a single value") }
    var stop = end
    var index = start
    while index < end {
        if bytes[index] == hash, index > start, bytes[index - 1] == space || bytes[index - 1] == tab {
            stop = index
            break
        }
        index += 1
    }
    while stop > start, bytes[stop - 1] == space || bytes[stop - 1] == tab { stop -= 1 }
    return (start..<stop, nil)
}

private func lineNumber(of offset: Int, in bytes: [UInt8]) -> Int {
    var line = 1
    for index in 0..<min(offset, bytes.count) where bytes[index] == newline { line += 1 }
    return line
}

/// YAML block mappings: `key: value` lines nested by indentation; `- ` items start sequences
/// (never matched); `|` and `>` block scalars and comments are skipped.
struct YAMLLocator {
    let bytes: [UInt8]

    func values(at path: [String]) -> [VersionFileEditor.Found] {
        var found: [VersionFileEditor.Found] = []
        var stack: [(indent: Int, key: String?)] = []
        var blockScalarIndent: Int?
        for (number, line) in lineRanges(bytes).enumerated() {
            var position = line.lowerBound
            while position < line.upperBound, bytes[position] == space { position += 1 }
            let indent = position - line.lowerBound
            if position == line.upperBound || bytes[position] == hash { continue }
            if let block = blockScalarIndent {
                if indent > block { continue }
                blockScalarIndent = nil
            }
            if indent == 0, line.count >= 3, bytes[line.lowerBound..<line.lowerBound + 3].elementsEqual("---".utf8) || bytes[line.lowerBound..<line.lowerBound + 3].elementsEqual("...".utf8) {
                stack.removeAll()
                continue
            }
            var keyIndent = indent
            while position < line.upperBound, bytes[position] == UInt8(ascii: "-"), position + 1 == line.upperBound || bytes[position + 1] == space {
                while let last = stack.last, last.indent >= keyIndent { stack.removeLast() }
                stack.append((keyIndent, nil))
                position += 1
                while position < line.upperBound, bytes[position] == space { position += 1 }
                keyIndent = position - line.lowerBound
            }
            guard position < line.upperBound, let (key, afterColon) = mappingKey(from: position, end: line.upperBound) else { continue }
            while let last = stack.last, last.indent >= keyIndent { stack.removeLast() }
            var valueStart = afterColon
            while valueStart < line.upperBound, bytes[valueStart] == space || bytes[valueStart] == tab { valueStart += 1 }
            let isBlockScalar = valueStart < line.upperBound && (bytes[valueStart] == UInt8(ascii: "|") || bytes[valueStart] == UInt8(ascii: ">"))
            let keyPath = stack.map(\.key)
            if !keyPath.contains(nil), keyPath.compactMap({ $0 }) + [key] == path {
                if isBlockScalar {
                    found.append(.init(range: nil, line: number + 1, problem: "is a block scalar, not a single-line value"))
                } else if valueStart == line.upperBound || bytes[valueStart] == hash {
                    found.append(.init(range: nil, line: number + 1, problem: "is a mapping or has no value"))
                } else {
                    let value = scalarValue(bytes, from: valueStart, end: line.upperBound, backslashInDouble: true, doubledInSingle: true)
                    found.append(.init(range: value.range, line: number + 1, problem: value.problem))
                }
            }
            if isBlockScalar { blockScalarIndent = keyIndent }
            stack.append((keyIndent, key))
        }
        return found
    }

    /// A key (plain or quoted) followed by `:` and a space or the end of the line.
    private func mappingKey(from start: Int, end: Int) -> (String, Int)? {
        let first = bytes[start]
        if first == doubleQuote || first == singleQuote {
            guard let close = closingQuote(bytes, from: start + 1, end: end, quote: first, backslashEscapes: first == doubleQuote, doubledEscapes: first == singleQuote),
                  close + 1 < end, bytes[close + 1] == UInt8(ascii: ":"),
                  close + 2 == end || bytes[close + 2] == space || bytes[close + 2] == tab else { return nil }
            return (String(decoding: bytes[start + 1..<close], as: UTF8.self), close + 2)
        }
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") || first == UInt8(ascii: "&") || first == UInt8(ascii: "*") || first == UInt8(ascii: "?") { return nil }
        var index = start
        while index < end {
            if bytes[index] == UInt8(ascii: ":"), index + 1 == end || bytes[index + 1] == space || bytes[index + 1] == tab {
                var keyEnd = index
                while keyEnd > start, bytes[keyEnd - 1] == space { keyEnd -= 1 }
                return (String(decoding: bytes[start..<keyEnd], as: UTF8.self), index + 1)
            }
            if bytes[index] == hash, index > start, bytes[index - 1] == space { return nil }
            index += 1
        }
        return nil
    }
}

/// TOML: `[table]` and `[[array]]` headers, `dotted.key = value` lines; multi-line strings are
/// skipped; values in arrays of tables and inline tables are never matched.
struct TOMLLocator {
    let bytes: [UInt8]

    func values(at path: [String]) -> [VersionFileEditor.Found] {
        var found: [VersionFileEditor.Found] = []
        var table: [String] = []
        var inArrayOfTables = false
        var openMultiline: [UInt8]?
        for (number, line) in lineRanges(bytes).enumerated() {
            if let delimiter = openMultiline {
                if contains(delimiter, in: line) { openMultiline = nil }
                continue
            }
            var position = line.lowerBound
            while position < line.upperBound, bytes[position] == space || bytes[position] == tab { position += 1 }
            guard position < line.upperBound, bytes[position] != hash else { continue }
            if bytes[position] == UInt8(ascii: "[") {
                let isArray = position + 1 < line.upperBound && bytes[position + 1] == UInt8(ascii: "[")
                if let (keys, _) = dottedKey(from: position + (isArray ? 2 : 1), end: line.upperBound, terminator: UInt8(ascii: "]")) {
                    table = keys
                    inArrayOfTables = isArray
                }
                continue
            }
            guard let (keys, afterEquals) = dottedKey(from: position, end: line.upperBound, terminator: UInt8(ascii: "=")) else { continue }
            var valueStart = afterEquals
            while valueStart < line.upperBound, bytes[valueStart] == space || bytes[valueStart] == tab { valueStart += 1 }
            for delimiter in [Array("\"\"\"".utf8), Array("'''".utf8)] where starts(with: delimiter, at: valueStart, end: line.upperBound) {
                let rest = valueStart + 3..<line.upperBound
                if !contains(delimiter, in: rest) { openMultiline = delimiter }
                if !inArrayOfTables, table + keys == path {
                    found.append(.init(range: nil, line: number + 1, problem: "is a multi-line string, not a single-line value"))
                }
            }
            if starts(with: Array("\"\"\"".utf8), at: valueStart, end: line.upperBound) || starts(with: Array("'''".utf8), at: valueStart, end: line.upperBound) { continue }
            guard !inArrayOfTables, table + keys == path else { continue }
            let value = scalarValue(bytes, from: valueStart, end: line.upperBound, backslashInDouble: true, doubledInSingle: false)
            found.append(.init(range: value.range, line: number + 1, problem: value.problem))
        }
        return found
    }

    private func starts(with prefix: [UInt8], at start: Int, end: Int) -> Bool {
        start + prefix.count <= end && bytes[start..<start + prefix.count].elementsEqual(prefix)
    }

    private func contains(_ needle: [UInt8], in range: Range<Int>) -> Bool {
        guard range.count >= needle.count else { return false }
        for start in range.lowerBound...(range.upperBound - needle.count) where bytes[start..<start + needle.count].elementsEqual(needle) {
            return true
        }
        return false
    }

    /// `a.b."c d"` up to `terminator` (`=` for keys, `]` for table headers): the parts and the
    /// index after the terminator.
    private func dottedKey(from start: Int, end: Int, terminator: UInt8) -> ([String], Int)? {
        var keys: [String] = []
        var index = start
        while true {
            while index < end, bytes[index] == space || bytes[index] == tab { index += 1 }
            guard index < end else { return nil }
            let first = bytes[index]
            if first == doubleQuote || first == singleQuote {
                guard let close = closingQuote(bytes, from: index + 1, end: end, quote: first, backslashEscapes: first == doubleQuote, doubledEscapes: false) else { return nil }
                keys.append(String(decoding: bytes[index + 1..<close], as: UTF8.self))
                index = close + 1
            } else {
                let keyStart = index
                while index < end, MessageText.isLetter(bytes[index]) || MessageText.isDigit(bytes[index]) || bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "_") { index += 1 }
                guard index > keyStart else { return nil }
                keys.append(String(decoding: bytes[keyStart..<index], as: UTF8.self))
            }
            while index < end, bytes[index] == space || bytes[index] == tab { index += 1 }
            guard index < end else { return nil }
            if bytes[index] == UInt8(ascii: ".") {
                index += 1
                continue
            }
            if bytes[index] == terminator {
                if terminator == UInt8(ascii: "]"), index + 1 < end, bytes[index + 1] == UInt8(ascii: "]") { return (keys, index + 2) }
                return (keys, index + 1)
            }
            return nil
        }
    }
}

/// JSON: objects, arrays, strings, scalars; a key path through objects only.
struct JSONLocator {
    let bytes: [UInt8]

    func values(at path: [String]) -> [VersionFileEditor.Found] {
        var scanner = Scanner(bytes: bytes, target: path)
        scanner.value(path: [], depth: 0)
        scanner.skipSpace()
        if scanner.failed || scanner.index < bytes.count {
            return [.init(range: nil, line: lineNumber(of: scanner.index, in: bytes), problem: "cannot be found: the file is not valid JSON near there")]
        }
        return scanner.found
    }

    private struct Scanner {
        let bytes: [UInt8]
        let target: [String]
        var index = 0
        var found: [VersionFileEditor.Found] = []
        var failed = false

        init(bytes: [UInt8], target: [String]) {
            self.bytes = bytes
            self.target = target
            // A byte-order mark is not JSON but some editors write one.
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        }

        mutating func skipSpace() {
            while index < bytes.count, bytes[index] == space || bytes[index] == tab || bytes[index] == newline || bytes[index] == carriageReturn { index += 1 }
        }

        /// A string starting at `index` (on its opening quote): the range inside the quotes.
        mutating func string() -> Range<Int>? {
            guard index < bytes.count, bytes[index] == doubleQuote,
                  let close = closingQuote(bytes, from: index + 1, end: bytes.count, quote: doubleQuote, backslashEscapes: true, doubledEscapes: false) else {
                failed = true
                return nil
            }
            defer { index = close + 1 }
            return index + 1..<close
        }

        mutating func value(path: [String?], depth: Int) {
            guard !failed, depth < 512 else { failed = true; return }
            skipSpace()
            guard index < bytes.count else { failed = true; return }
            let matches = !path.contains(nil) && path.compactMap({ $0 }) == target
            let start = index
            switch bytes[index] {
            case UInt8(ascii: "{"):
                if matches { found.append(.init(range: nil, line: lineNumber(of: start, in: bytes), problem: "is an object, not a single value")) }
                index += 1
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return }
                while !failed {
                    skipSpace()
                    guard let keyRange = string() else { return }
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { failed = true; return }
                    index += 1
                    value(path: path + [String(decoding: bytes[keyRange], as: UTF8.self)], depth: depth + 1)
                    skipSpace()
                    guard index < bytes.count else { failed = true; return }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == UInt8(ascii: "}") { index += 1; return }
                    failed = true
                }
            case UInt8(ascii: "["):
                if matches { found.append(.init(range: nil, line: lineNumber(of: start, in: bytes), problem: "is an array, not a single value")) }
                index += 1
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return }
                while !failed {
                    value(path: path + [nil], depth: depth + 1)
                    skipSpace()
                    guard index < bytes.count else { failed = true; return }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == UInt8(ascii: "]") { index += 1; return }
                    failed = true
                }
            case doubleQuote:
                guard let range = string() else { return }
                if matches { found.append(.init(range: range, line: lineNumber(of: start, in: bytes), problem: nil)) }
            default:
                while index < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), space, tab, newline, carriageReturn].contains(bytes[index]) { index += 1 }
                guard index > start else { failed = true; return }
                if matches { found.append(.init(range: start..<index, line: lineNumber(of: start, in: bytes), problem: nil)) }
            }
        }
    }
}
