/// The 20-byte object id of a commit, printed as 40 lower-case hexadecimal digits.
///
/// Stored as three integers so that hashing and comparing ids on a hot path (walking tens of
/// thousands of commits) costs no allocation.
public struct CommitID: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    @usableFromInline let high: UInt64
    @usableFromInline let middle: UInt64
    @usableFromInline let low: UInt32

    /// Creates an id from its 20 raw bytes; returns `nil` unless there are exactly 20.
    public init?<Bytes: Collection>(bytes: Bytes) where Bytes.Element == UInt8 {
        guard bytes.count == 20 else { return nil }
        if let id = bytes.withContiguousStorageIfAvailable({ CommitID(raw: UnsafeRawBufferPointer($0)) }) {
            self = id
            return
        }
        var high: UInt64 = 0, middle: UInt64 = 0, low: UInt32 = 0
        for (offset, byte) in bytes.enumerated() {
            switch offset {
            case 0..<8: high = high << 8 | UInt64(byte)
            case 8..<16: middle = middle << 8 | UInt64(byte)
            default: low = low << 8 | UInt32(byte)
            }
        }
        self.high = high
        self.middle = middle
        self.low = low
    }

    /// Creates an id from exactly 20 bytes in memory (the git layer's hot path: no generic
    /// iteration, three big-endian loads).
    @inlinable
    public init(raw: UnsafeRawBufferPointer) {
        precondition(raw.count == 20, "a commit id is 20 bytes")
        high = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        middle = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        low = UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
    }

    /// Creates an id from 40 hexadecimal digits (either case); returns `nil` for anything else.
    public init?(hex: some StringProtocol) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 40 else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(20)
        var index = 0
        while index < 40 {
            guard let upper = Self.nibble(utf8[index]), let lower = Self.nibble(utf8[index + 1]) else {
                return nil
            }
            bytes.append(upper << 4 | lower)
            index += 2
        }
        self.init(bytes: bytes)
    }

    /// The 20 raw bytes.
    public var bytes: [UInt8] {
        var result = [UInt8]()
        result.reserveCapacity(20)
        for shift in stride(from: 56, through: 0, by: -8) { result.append(UInt8(truncatingIfNeeded: high >> UInt64(shift))) }
        for shift in stride(from: 56, through: 0, by: -8) { result.append(UInt8(truncatingIfNeeded: middle >> UInt64(shift))) }
        for shift in stride(from: 24, through: 0, by: -8) { result.append(UInt8(truncatingIfNeeded: low >> UInt32(shift))) }
        return result
    }

    /// Writes the 20 raw bytes at the start of `buffer` (at least 20 bytes long), with no
    /// array in between: the git layer's hot path.
    @inlinable
    public func write(to buffer: UnsafeMutableRawBufferPointer) {
        precondition(buffer.count >= 20, "a commit id is 20 bytes")
        buffer.storeBytes(of: high.bigEndian, toByteOffset: 0, as: UInt64.self)
        buffer.storeBytes(of: middle.bigEndian, toByteOffset: 8, as: UInt64.self)
        buffer.storeBytes(of: low.bigEndian, toByteOffset: 16, as: UInt32.self)
    }

    /// Hashes the first eight bytes only: an object id is already a uniform hash, and a long
    /// history's walk hashes a million of them (equality still compares all twenty bytes).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(high)
    }

    /// The first byte (the commit-graph file's fan-out is by it).
    public var firstByte: UInt8 { UInt8(truncatingIfNeeded: high >> 56) }

    /// The 40-digit lower-case hexadecimal form.
    public var description: String { hexDigits(40) }

    /// The first `length` hexadecimal digits (7 by default), as `git log --oneline` shows them.
    public func abbreviated(_ length: Int = 7) -> String {
        hexDigits(max(4, min(40, length)))
    }

    /// The first `count` hexadecimal digits, written straight from the three integers (once
    /// or twice per commit of a long history: no array of bytes in between).
    private func hexDigits(_ count: Int) -> String {
        String(unsafeUninitializedCapacity: count) { buffer in
            writeHexDigits(count, to: buffer)
            return count
        }
    }

    /// Writes the first `count` hexadecimal digits at the start of `buffer` (at least `count`
    /// long): for a writer that needs no `String` of them.
    func writeHexDigits(_ count: Int, to buffer: UnsafeMutableBufferPointer<UInt8>) {
        func digit(_ nibble: UInt64) -> UInt8 {
            UInt8(truncatingIfNeeded: nibble < 10 ? 0x30 + nibble : 0x57 + nibble)
        }
        // The digits of one of the three integers, most significant first, from `start`.
        func put(_ word: UInt64, bits: Int, from start: Int) {
            var index = start, shift = bits - 4
            while shift >= 0, index < count {
                buffer[index] = digit(word >> UInt64(shift) & 0xF)
                index += 1
                shift -= 4
            }
        }
        put(high, bits: 64, from: 0)
        if count > 16 { put(middle, bits: 64, from: 16) }
        if count > 32 { put(UInt64(low), bits: 32, from: 32) }
    }

    /// Orders ids by their hexadecimal text, for stable output.
    public static func < (lhs: CommitID, rhs: CommitID) -> Bool {
        (lhs.high, lhs.middle, lhs.low) < (rhs.high, rhs.middle, rhs.low)
    }

    /// Decodes the 40-digit hexadecimal text.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = CommitID(hex: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a 40-digit commit id: \(text)")
        }
        self = id
    }

    /// Encodes the 40-digit hexadecimal text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
