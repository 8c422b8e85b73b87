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
    /// Whether the current container has had an element yet (one flag per open container).
    private var started: [Bool] = []
    private var afterKey = false

    /// Creates a writer that hands its buffer to `flush` whenever it reaches 64 KiB, and the
    /// rest at ``finish()``.
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
        guard !started.isEmpty else { return }
        if started[started.count - 1] { buffer.append(UInt8(ascii: ",")) }
        started[started.count - 1] = true
        buffer.append(UInt8(ascii: "\n"))
        appendIndent()
        if buffer.count >= 1 << 16 { flush(buffer.take()) }
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
        started.append(false)
        indent += 2
    }

    private mutating func close(_ bracket: UInt8) {
        indent -= 2
        if started.removeLast() {
            buffer.append(UInt8(ascii: "\n"))
            appendIndent()
        }
        buffer.append(bracket)
    }

    /// Spaces to indent with, copied as a slice (appending a repeated element went byte by
    /// byte; a slice of a static array was retained and released for every line written).
    private static let spaces: StaticString = "                                                                "

    private mutating func appendIndent() {
        var left = indent
        while left > 0 {
            let count = min(left, Self.spaces.utf8CodeUnitCount)
            Self.spaces.withUTF8Buffer { buffer.append(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: $0[0..<count]))) }
            left -= count
        }
    }

    /// Appends literal text (its bytes at once, not through a `String.UTF8View`).
    private mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { buffer.append(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// `"key" : ` — the next value written belongs to it. Keys are the schema's names, plain
    /// text written as it is (no escaping needed).
    public mutating func key(_ name: StaticString) {
        element()
        buffer.append(UInt8(ascii: "\""))
        append(name)
        append("\" : ")
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
            (base + count).update(from: start.assumingMemoryBound(to: UInt8.self), count: bytes.count)
            count += bytes.count
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
