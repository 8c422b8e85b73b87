/// Byte-level helpers shared by the commit-message parser. Indices are `String.Index` values
/// taken from a `utf8` view; every index handed to ``slice(_:_:)`` sits next to an ASCII byte,
/// so it is a Unicode scalar boundary, and slicing through `unicodeScalars` never rounds it to
/// a `Character` boundary (which would misplace a cut between `\r` and `\n`).
enum MessageText {
    static let newline = UInt8(ascii: "\n")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")

    /// Space, tab, CR, vertical tab, form feed.
    static func isHorizontalWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab || byte == UInt8(ascii: "\r") || byte == 0x0B || byte == 0x0C
    }

    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- UInt8(ascii: "a") < 26 }
    static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }
    static func isHexDigit(_ byte: UInt8) -> Bool { isDigit(byte) || (byte | 0x20) &- UInt8(ascii: "a") < 6 }
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
    }

    /// Whether `text` holds the ASCII text `needle` anywhere: a quick test that lets most
    /// messages skip a line-by-line scan for something they cannot contain.
    static func contains(_ needle: StaticString, in text: some StringProtocol) -> Bool {
        needle.withUTF8Buffer { pattern in
            guard let first = pattern.first else { return true }
            // A text whose bytes are not contiguous is simply scanned in full by the caller.
            return text.utf8.withContiguousStorageIfAvailable { bytes in
                guard bytes.count >= pattern.count else { return false }
                var index = 0
                while index <= bytes.count - pattern.count {
                    if bytes[index] == first, (1..<pattern.count).allSatisfy({ bytes[index + $0] == pattern[$0] }) { return true }
                    index += 1
                }
                return false
            } ?? true
        }
    }

    /// Whether `text` is empty or all whitespace, as `Character.isWhitespace` says; decided by
    /// the first byte when that is ASCII and not whitespace (nearly every text), since a
    /// character is whitespace by its first scalar.
    static func isBlank(_ text: some StringProtocol) -> Bool {
        if let first = text.utf8.first, first < 0x80, first != space, !(0x09...0x0D).contains(first) { return false }
        return text.allSatisfy(\.isWhitespace)
    }

    /// `text[range]`, cut at Unicode scalar boundaries.
    static func slice(_ text: Substring, _ range: Range<String.Index>) -> Substring {
        Substring(text.unicodeScalars[range])
    }

    /// `text` without trailing ASCII whitespace.
    static func trimmingTrailing(_ text: Substring) -> Substring {
        let utf8 = text.utf8
        var end = utf8.endIndex
        while end > utf8.startIndex {
            let before = utf8.index(before: end)
            guard isHorizontalWhitespace(utf8[before]) || utf8[before] == newline else { break }
            end = before
        }
        return end == utf8.endIndex ? text : slice(text, utf8.startIndex..<end)
    }

    /// `text` without leading ASCII whitespace.
    static func trimmingLeading(_ text: Substring) -> Substring {
        let utf8 = text.utf8
        var start = utf8.startIndex
        while start < utf8.endIndex, isHorizontalWhitespace(utf8[start]) || utf8[start] == newline {
            start = utf8.index(after: start)
        }
        return start == utf8.startIndex ? text : slice(text, start..<utf8.endIndex)
    }

    /// `text` without leading or trailing ASCII whitespace.
    static func trimming(_ text: Substring) -> Substring {
        trimmingLeading(trimmingTrailing(text))
    }

    /// The lines of `message`, split at `\n`, each without trailing whitespace (so `\r\n`
    /// reads as `\n`).
    static func lines(of message: String) -> [Substring] {
        let whole = Substring(message)
        let utf8 = whole.utf8
        let base = utf8.startIndex
        var lines: [Substring] = []
        var contiguous = message
        // Found on the bytes, then cut by offset (O(1) on a native string): stepping a String
        // index byte by byte cost a fifth of parsing a commit.
        // Room for most messages' lines at once: growing the list from one line cost a third as
        // much as the splitting.
        lines.reserveCapacity(8)
        contiguous.withUTF8 { bytes in
            var start = 0
            func cut(at end: Int) {
                var trimmed = end
                while trimmed > start, isHorizontalWhitespace(bytes[trimmed - 1]) || bytes[trimmed - 1] == newline { trimmed -= 1 }
                lines.append(slice(whole, utf8.index(base, offsetBy: start)..<utf8.index(base, offsetBy: trimmed)))
            }
            var index = 0
            while index < bytes.count {
                if bytes[index] == newline {
                    cut(at: index)
                    start = index + 1
                }
                index += 1
            }
            cut(at: bytes.count)
        }
        return lines
    }

    /// Whether `text` starts with `prefix`, comparing ASCII letters without case.
    static func hasPrefixIgnoringCase(_ text: Substring, _ prefix: StaticString) -> Bool {
        let utf8 = text.utf8
        guard utf8.count >= prefix.utf8CodeUnitCount else { return false }
        return prefix.withUTF8Buffer { expected in
            zip(utf8, expected).allSatisfy { lowercased($0) == lowercased($1) }
        }
    }

    /// A trailing `(#N)` (optionally after spaces) at the end of `text`: the number and the
    /// index where the spaces before `(` begin.
    static func trailingPullRequest(_ text: Substring) -> (number: Int, start: String.Index)? {
        let utf8 = text.utf8
        guard utf8.last == UInt8(ascii: ")") else { return nil }
        var index = utf8.index(before: utf8.endIndex)
        var number = 0
        var place = 1
        var digitCount = 0
        while index > utf8.startIndex {
            let before = utf8.index(before: index)
            guard isDigit(utf8[before]) else { break }
            digitCount += 1
            guard digitCount <= 18 else { return nil }
            number += Int(utf8[before] &- UInt8(ascii: "0")) * place
            place &*= 10
            index = before
        }
        guard digitCount > 0, index > utf8.startIndex else { return nil }
        index = utf8.index(before: index)
        guard utf8[index] == UInt8(ascii: "#"), index > utf8.startIndex else { return nil }
        index = utf8.index(before: index)
        guard utf8[index] == UInt8(ascii: "(") else { return nil }
        while index > utf8.startIndex {
            let before = utf8.index(before: index)
            guard utf8[before] == space || utf8[before] == tab else { break }
            index = before
        }
        return (number, index)
    }
}
