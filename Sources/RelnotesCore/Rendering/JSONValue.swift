/// A JSON document held as plain values, printed by relnotes' own writer: keys sorted,
/// two-space indentation, `"key" : value`, `[]` and `{}` for empty containers, slashes and
/// non-ASCII text unescaped — the same text Foundation's pretty printer gives, at a fraction of
/// its time and memory on a changelog of a hundred thousand commits.
///
/// It is the one model behind `--format json` and Mustache templates, so both always agree.
public enum JSONValue: Hashable, Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A whole number.
    case integer(Int)
    /// A string, escaped when printed.
    case string(String)
    /// An array, in order.
    case array([JSONValue])
    /// An object; its keys are printed sorted.
    case object([String: JSONValue])

    /// `.string` for a value, `.null` for `nil`.
    public static func string(_ value: String?) -> JSONValue {
        value.map(JSONValue.string) ?? .null
    }

    /// `.integer` for a value, `.null` for `nil`.
    public static func integer(_ value: Int?) -> JSONValue {
        value.map(JSONValue.integer) ?? .null
    }

    /// The pretty-printed text, ending in a newline.
    public var text: String {
        var output: [UInt8] = []
        output.reserveCapacity(1 << 16)
        write(to: &output, indent: 0)
        output.append(UInt8(ascii: "\n"))
        return String(decoding: output, as: UTF8.self)
    }

    /// The text at a given indentation, without a final newline (for ``JSONWriter``).
    func inlineText(indent: Int) -> String {
        var output: [UInt8] = []
        write(to: &output, indent: indent)
        return String(decoding: output, as: UTF8.self)
    }

    private func write(to output: inout [UInt8], indent: Int) {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let value): output.append(contentsOf: (value ? "true" : "false").utf8)
        case .integer(let value): output.append(contentsOf: String(value).utf8)
        case .string(let value): Self.appendString(value, to: &output)
        case .array(let values):
            guard !values.isEmpty else { return output.append(contentsOf: "[]".utf8) }
            output.append(contentsOf: "[\n".utf8)
            for (index, value) in values.enumerated() {
                Self.pad(&output, indent + 2)
                value.write(to: &output, indent: indent + 2)
                if index < values.count - 1 { output.append(UInt8(ascii: ",")) }
                output.append(UInt8(ascii: "\n"))
            }
            Self.pad(&output, indent)
            output.append(UInt8(ascii: "]"))
        case .object(let fields):
            guard !fields.isEmpty else { return output.append(contentsOf: "{}".utf8) }
            output.append(contentsOf: "{\n".utf8)
            let keys = fields.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, key) in keys.enumerated() {
                Self.pad(&output, indent + 2)
                Self.appendString(key, to: &output)
                output.append(contentsOf: " : ".utf8)
                fields[key]?.write(to: &output, indent: indent + 2)
                if index < keys.count - 1 { output.append(UInt8(ascii: ",")) }
                output.append(UInt8(ascii: "\n"))
            }
            Self.pad(&output, indent)
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func pad(_ output: inout [UInt8], _ count: Int) {
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A JSON string literal. The value is kept exactly (JSON is the faithful format), and every
    /// control character is written as an escape, DEL and the C1 codes (U+0080–U+009F) too, so
    /// printing the document on a terminal never sends it a control sequence.
    static func appendString<Output: JSONOutput>(_ value: String, to output: inout Output) {
        output.append(UInt8(ascii: "\""))
        // A native string's bytes are read in place; only another kind is copied first.
        if value.utf8.withContiguousStorageIfAvailable({ appendEscaped($0, to: &output) }) == nil {
            var value = value
            value.withUTF8 { appendEscaped($0, to: &output) }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// The body of ``appendString(_:to:)``: `bytes` escaped, without the quotes.
    private static func appendEscaped<Output: JSONOutput>(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout Output) {
        // Runs of bytes that go out as they are are copied whole; only the rest is looked at.
        var runStart = 0
        var index = 0
        while index < bytes.count {
            // Eight plain bytes at a time (commit text is mostly plain ASCII).
            if index + 8 <= bytes.count,
               Self.isPlain(UnsafeRawPointer(bytes.baseAddress.unsafelyUnwrapped + index).loadUnaligned(as: UInt64.self)) {
                index += 8
                continue
            }
            let byte = bytes[index]
            if byte >= 0x20, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\"), byte != 0x7F, byte != 0xC2 {
                index += 1
                continue
            }
            output.append(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[runStart..<index])))
            index += 1
            if byte == 0xC2 {
                // U+0080–U+009F (C1 controls) are 0xC2 then 0x80–0x9F in UTF-8.
                if index < bytes.count, (0x80...0x9F).contains(bytes[index]) {
                    appendEscape(bytes[index], to: &output)
                    index += 1
                } else {
                    output.append(byte)
                }
            } else {
                appendEscape(byte, to: &output)
            }
            runStart = index
        }
        output.append(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count])))
    }

    /// Whether eight bytes all go out as they are, and are ASCII (anything else is looked at
    /// byte by byte): none is a C0 control, a quote, a backslash or DEL.
    private static func isPlain(_ word: UInt64) -> Bool {
        let high: UInt64 = 0x8080_8080_8080_8080, ones: UInt64 = 0x0101_0101_0101_0101
        // With every byte below 0x80, no sum or difference below carries into the next byte.
        func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & high != 0 }
        guard word & high == 0 else { return false }
        let control = ~(word &+ 0x60 &* ones) & high != 0
        let delete = (word &+ ones) & high != 0
        return !control && !delete && !hasZeroByte(word ^ (0x22 &* ones)) && !hasZeroByte(word ^ (0x5C &* ones))
    }

    /// The JSON escape of one byte: a control character (C0, DEL, or the second byte of a C1
    /// code), a quote or a backslash.
    private static func appendEscape<Output: JSONOutput>(_ byte: UInt8, to output: inout Output) {
        func text(_ literal: StaticString) { literal.withUTF8Buffer { output.append(bytes: UnsafeRawBufferPointer($0)) } }
        switch byte {
        case UInt8(ascii: "\""): text("\\\"")
        case UInt8(ascii: "\\"): text("\\\\")
        case 0x0A: text("\\n")
        case 0x0D: text("\\r")
        case 0x09: text("\\t")
        case 0x08: text("\\b")
        case 0x0C: text("\\f")
        default:
            text("\\u00")
            output.append(hexDigits[Int(byte >> 4)])
            output.append(hexDigits[Int(byte & 0x0F)])
        }
    }

    /// Plain Swift values for a Mustache context: `null` fields left out, so that
    /// `{{#field}}…{{/field}}` tests for presence.
    var mustacheContext: Any {
        switch self {
        case .null: return ""
        case .bool(let value): return value
        case .integer(let value): return value
        // Templates print text, so control characters in commit text are replaced here, as
        // for every other text output; the JSON document itself keeps them (escaped).
        case .string(let value): return TextSanitizer.printable(value)
        case .array(let values): return values.map(\.mustacheContext)
        case .object(let fields):
            var dictionary: [String: Any] = [:]
            for (key, value) in fields where value != .null { dictionary[key] = value.mustacheContext }
            return dictionary
        }
    }
}

/// Where JSON text is written: bytes appended at the end (an array, or ``JSONWriter``'s buffer).
protocol JSONOutput {
    mutating func append(_ byte: UInt8)
    mutating func append(bytes: UnsafeRawBufferPointer)
}

extension [UInt8]: JSONOutput {
    mutating func append(bytes: UnsafeRawBufferPointer) {
        append(contentsOf: bytes)
    }
}
