/// Writes pretty-printed JSON as it goes, in the same layout as ``JSONValue/text``, handing
/// out full buffers to `flush` so that a large document never sits in memory whole.
///
/// Callers write object keys in sorted order themselves (as the schema's types do), which is
/// what keeps this path free of per-object dictionaries.
public struct JSONWriter {
    /// The text not handed out yet. A class of its own: appending the many short pieces of a
    /// document (a comma, an indent, a key) costs a copy, with no array's uniqueness and
    /// capacity checks around each.
    private var buffer = Bytes(capacity: 1 << 16 + 1 << 10)
    private let flush: ([UInt8]) -> Void
    private var indent = 0
    /// Whether each open container has had an element yet: bit `n` for the container at depth
    /// `n + 1` (a word, not an array: no uniqueness check or bounds check per element), and
    /// ``deeper`` past 64 levels.
    private var started: UInt64 = 0
    private var depth = 0
    private var deeper: [Bool] = []
    private var afterKey = false

    /// Creates a writer that hands its buffer to `flush` when it holds 64 KiB or more as a
    /// container closes, and the rest at ``finish()``.
    public init(flush: @escaping ([UInt8]) -> Void) {
        self.flush = flush
    }

    /// Hands out what is left; call once at the end.
    public mutating func finish() {
        buffer.append(UInt8(ascii: "\n"))
        flush(buffer.take())
    }

    private mutating func element() {
        if afterKey {
            afterKey = false
            return
        }
        guard depth > 0 else { return }
        buffer.appendLineBreak(comma: markStarted(), indent: indent)
    }

    /// Marks the innermost container as having an element; whether it had one already.
    private mutating func markStarted() -> Bool {
        guard depth <= 64 else {
            defer { deeper[deeper.count - 1] = true }
            return deeper[deeper.count - 1]
        }
        let bit: UInt64 = 1 << UInt64(depth - 1)
        defer { started |= bit }
        return started & bit != 0
    }

    /// Opens an object (`{`); write its keys in sorted order.
    public mutating func beginObject() { open(UInt8(ascii: "{")) }
    /// Closes the innermost object (`}`).
    public mutating func endObject() { close(UInt8(ascii: "}")) }
    /// Opens an array (`[`).
    public mutating func beginArray() { open(UInt8(ascii: "[")) }
    /// Closes the innermost array (`]`).
    public mutating func endArray() { close(UInt8(ascii: "]")) }

    private mutating func open(_ bracket: UInt8) {
        element()
        buffer.append(bracket)
        depth += 1
        if depth <= 64 { started &= ~(1 << UInt64(depth - 1)) } else { deeper.append(false) }
        indent += 2
    }

    private mutating func close(_ bracket: UInt8) {
        indent -= 2
        let hadElements = depth <= 64 ? started & 1 << UInt64(depth - 1) != 0 : deeper.removeLast()
        depth -= 1
        if hadElements { buffer.appendLineBreak(comma: false, indent: indent) }
        buffer.append(bracket)
        // Handed out here only, when a container closes: writing a value then calls nothing
        // unknown, so the fields being written are not retained around each call.
        if buffer.count >= 1 << 16 { flush(buffer.take()) }
    }

    /// Appends literal text (its bytes at once, not through a `String.UTF8View`).
    private mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { buffer.append(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// `"key" : ` — the next value written belongs to it. Keys are the schema's names, plain
    /// text written as it is (no escaping needed).
    public mutating func key(_ name: StaticString) {
        if afterKey || depth == 0 {
            // Not where a key belongs; written as ever, for the text to show it.
            element()
            buffer.append(UInt8(ascii: "\""))
            append(name)
            append("\" : ")
        } else {
            let comma = markStarted()
            name.withUTF8Buffer { buffer.appendKeyLine(comma: comma, indent: indent, name: UnsafeRawBufferPointer($0)) }
        }
        afterKey = true
    }

    /// Writes a string, escaped, or `null` for `nil`.
    public mutating func string(_ value: String?) {
        element()
        if let value { writeString(value) } else { append("null") }
    }

    /// Writes a commit id's 40 hexadecimal digits as a string, with no `String` in between.
    mutating func string(_ id: CommitID) {
        element()
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 42) { digits in
            digits[0] = UInt8(ascii: "\"")
            id.writeHexDigits(40, to: UnsafeMutableBufferPointer(rebasing: digits[1...]))
            digits[41] = UInt8(ascii: "\"")
            buffer.append(bytes: UnsafeRawBufferPointer(digits))
        }
    }

    /// Writes a time as ``Timestamp/iso8601`` text, with no `String` in between.
    mutating func string(_ time: Timestamp) {
        element()
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Timestamp.iso8601Length + 2) { text in
            text[0] = UInt8(ascii: "\"")
            let length = time.writeISO8601(to: UnsafeMutableBufferPointer(rebasing: text[1...]))
            text[length + 1] = UInt8(ascii: "\"")
            buffer.append(bytes: UnsafeRawBufferPointer(UnsafeMutableBufferPointer(rebasing: text[..<(length + 2)])))
        }
    }

    /// Writes `true` or `false`.
    public mutating func bool(_ value: Bool) {
        element()
        if value { append("true") } else { append("false") }
    }

    /// Writes a whole number, or `null` for `nil`.
    public mutating func integer(_ value: Int?) {
        element()
        var text = value.map(String.init) ?? "null"
        text.withUTF8 { buffer.append(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Writes a whole value, laid out as ``JSONValue/text`` lays it out at this depth.
    public mutating func value(_ value: JSONValue) {
        element()
        var text = value.inlineText(indent: indent)
        text.withUTF8 { buffer.append(bytes: UnsafeRawBufferPointer($0)) }
    }

    private mutating func writeString(_ value: String) {
        JSONValue.appendString(value, to: &buffer)
    }

    /// Bytes in one allocation that grows only for a string longer than it.
    private final class Bytes: JSONOutput {
        private var base: UnsafeMutablePointer<UInt8>
        private var capacity: Int
        private(set) var count = 0

        init(capacity: Int) {
            self.capacity = capacity
            base = .allocate(capacity: capacity)
        }

        deinit {
            base.deallocate()
        }

        func append(_ byte: UInt8) {
            if count == capacity { grow(to: count + 1) }
            base[count] = byte
            count += 1
        }

        func append(bytes: UnsafeRawBufferPointer) {
            guard let start = bytes.baseAddress, !bytes.isEmpty else { return }
            if count + bytes.count > capacity { grow(to: count + bytes.count) }
            Self.copy(start, bytes.count, to: base + count)
            count += bytes.count
        }

        /// `,` when `comma`, a line break and `indent` spaces, with one capacity check.
        func appendLineBreak(comma: Bool, indent: Int) {
            count += Self.lineBreak(comma: comma, indent: indent, at: reserve((comma ? 2 : 1) + indent))
        }

        /// A line break (after `,` when `comma`), `indent` spaces and `"name" : `, with one
        /// capacity check: the most frequent piece of a document.
        func appendKeyLine(comma: Bool, indent: Int, name: UnsafeRawBufferPointer) {
            let start = reserve((comma ? 2 : 1) + indent + name.count + 5)
            var end = start + Self.lineBreak(comma: comma, indent: indent, at: start)
            end.initialize(to: UInt8(ascii: "\""))
            if let bytes = name.baseAddress { Self.copy(bytes, name.count, to: end + 1) }
            end += 1 + name.count
            // `" : ` as one word.
            UnsafeMutableRawPointer(end).storeBytes(of: UInt32(0x203A_2022).littleEndian, as: UInt32.self)
            count = end + 4 - base
        }

        /// Room for `length` more bytes and 8 to spare (``spaces(_:at:)`` writes whole words);
        /// where they go.
        private func reserve(_ length: Int) -> UnsafeMutablePointer<UInt8> {
            if count + length + 8 > capacity { grow(to: count + length + 8) }
            return base + count
        }

        /// Writes `,` when `comma`, a line break and `indent` spaces at `target`; how many bytes.
        private static func lineBreak(comma: Bool, indent: Int, at target: UnsafeMutablePointer<UInt8>) -> Int {
            var end = target
            if comma {
                end.initialize(to: UInt8(ascii: ","))
                end += 1
            }
            end.initialize(to: UInt8(ascii: "\n"))
            spaces(indent, at: end + 1)
            return end + 1 + indent - target
        }

        /// `count` bytes from `source` to `target`: short runs (keys, small words) without a
        /// call to `memcpy`.
        @inline(__always)
        private static func copy(_ source: UnsafeRawPointer, _ count: Int, to target: UnsafeMutablePointer<UInt8>) {
            let target = UnsafeMutableRawPointer(target)
            switch count {
            case 8...16:
                let first = source.loadUnaligned(as: UInt64.self)
                let last = source.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
                target.storeBytes(of: first, as: UInt64.self)
                target.storeBytes(of: last, toByteOffset: count - 8, as: UInt64.self)
            case 4..<8:
                let first = source.loadUnaligned(as: UInt32.self)
                let last = source.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
                target.storeBytes(of: first, as: UInt32.self)
                target.storeBytes(of: last, toByteOffset: count - 4, as: UInt32.self)
            case 0..<4:
                for index in 0..<count { target.storeBytes(of: source.load(fromByteOffset: index, as: UInt8.self), toByteOffset: index, as: UInt8.self) }
            default:
                target.copyMemory(from: source, byteCount: count)
            }
        }

        /// `count` spaces at `target`, eight at a time (up to seven more bytes may be written
        /// past them, which the callers leave room for and overwrite).
        @inline(__always)
        private static func spaces(_ count: Int, at target: UnsafeMutablePointer<UInt8>) {
            let target = UnsafeMutableRawPointer(target)
            var offset = 0
            while offset < count {
                target.storeBytes(of: 0x2020_2020_2020_2020 as UInt64, toByteOffset: offset, as: UInt64.self)
                offset += 8
            }
        }

        /// The bytes so far, leaving none.
        func take() -> [UInt8] {
            defer { count = 0 }
            return Array(UnsafeBufferPointer(start: base, count: count))
        }

        private func grow(to needed: Int) {
            let grown = max(needed, 2 * capacity)
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
            larger.update(from: base, count: count)
            base.deallocate()
            base = larger
            capacity = grown
        }
    }
}
