internal import CGit2
import RelnotesCore

/// A signature header's value in the one form git writes, `Name <email> 1700000000 +0200`,
/// read without libgit2's parser: `git_signature_from_buffer` allocates the signature and a
/// copy of each string, and it was a tenth of the writing thread of `changelog --all`.
///
/// Any other form is declined and left to libgit2, which stays the reference: another `<` or
/// `>`, whitespace libgit2 would trim, a missing time or zone, a zone it would drop (hours past
/// 14, minutes past 59), more than 18 digits of time, a NUL or a newline. For what is read here,
/// libgit2 would read the same: the name is what comes before ` <`, the email what lies
/// between the brackets, the time and the zone are the digits after them. A test compares the
/// two on thousands of values, most of them written to be declined.
struct PlainSignature {
    /// Where the name and the email lie in the value.
    var name: Range<Int>
    var email: Range<Int>
    var seconds: Int64
    var offsetMinutes: Int

    init?(_ value: UnsafeRawBufferPointer) {
        var open = -1, close = -1
        // Every byte looked at is at most `>`: letters (most of a value) are passed over at once.
        for index in value.indices where value[index] <= UInt8(ascii: ">") {
            switch value[index] {
            case UInt8(ascii: "<"):
                guard open < 0 else { return nil }
                open = index
            case UInt8(ascii: ">"):
                guard close < 0 else { return nil }
                close = index
            case 0, UInt8(ascii: "\n"):
                return nil
            default:
                continue
            }
        }
        // `Name <`: one space before the bracket, none to trim around the name.
        guard open >= 2, close > open, value[open - 1] == UInt8(ascii: " "),
              !Self.isSpace(value[0]), !Self.isSpace(value[open - 2]) else { return nil }
        if close > open + 1, Self.isSpace(value[open + 1]) || Self.isSpace(value[close - 1]) { return nil }
        // `> 1700000000 +0200` to the end.
        var index = close + 1
        guard index < value.count, value[index] == UInt8(ascii: " ") else { return nil }
        index += 1
        let digits = index
        var seconds: Int64 = 0
        while index < value.count, let digit = Self.digit(value[index]) {
            guard index - digits < 18 else { return nil }
            seconds = seconds * 10 + Int64(digit)
            index += 1
        }
        guard index > digits, index + 6 == value.count, value[index] == UInt8(ascii: " ") else { return nil }
        let sign = value[index + 1]
        guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"),
              let h1 = Self.digit(value[index + 2]), let h2 = Self.digit(value[index + 3]),
              let m1 = Self.digit(value[index + 4]), let m2 = Self.digit(value[index + 5]) else { return nil }
        let hours = h1 * 10 + h2, minutes = m1 * 10 + m2
        guard hours <= 14, minutes <= 59 else { return nil }
        self.name = 0..<(open - 1)
        self.email = (open + 1)..<close
        self.seconds = seconds
        self.offsetMinutes = (sign == UInt8(ascii: "-") ? -1 : 1) * (hours * 60 + minutes)
    }

    /// The signature, the name and email under `mailmap` when one is given: resolved on the
    /// bytes as written, as when libgit2 parsed them, and decoded as `String(cString:)` decodes
    /// libgit2's copies (invalid UTF-8 becomes U+FFFD).
    func signature(in value: UnsafeRawBufferPointer, mailmap: GitMailmap?) -> Signature {
        let time = Timestamp(seconds: seconds, offsetMinutes: offsetMinutes)
        let name = UnsafeRawBufferPointer(rebasing: value[self.name])
        let email = UnsafeRawBufferPointer(rebasing: value[self.email])
        func decoded(_ bytes: UnsafeRawBufferPointer) -> String { String(decoding: bytes, as: UTF8.self) }
        guard let mailmap else { return Signature(name: decoded(name), email: decoded(email), time: time) }
        // Both as C strings, one after the other, for `git_mailmap_resolve`.
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: name.count + email.count + 2) { text in
            let base = UnsafeMutableRawPointer(text.baseAddress.unsafelyUnwrapped)
            if let bytes = name.baseAddress { base.copyMemory(from: bytes, byteCount: name.count) }
            text[name.count] = 0
            if let bytes = email.baseAddress { (base + name.count + 1).copyMemory(from: bytes, byteCount: email.count) }
            text[name.count + 1 + email.count] = 0
            let written = UnsafePointer(text.baseAddress.unsafelyUnwrapped)
            let writtenEmail = written + name.count + 1
            var realName: UnsafePointer<CChar>?
            var realEmail: UnsafePointer<CChar>?
            if git_mailmap_resolve(&realName, &realEmail, mailmap.handle, written, writtenEmail) != 0 { (realName, realEmail) = (nil, nil) }
            // What the mailmap gives, or the bytes as written: libgit2 hands back the very
            // pointers given when the mailmap has no entry.
            func shown(_ real: UnsafePointer<CChar>?, given: UnsafePointer<CChar>, _ bytes: UnsafeRawBufferPointer) -> String {
                guard let real, real != given else { return decoded(bytes) }
                return String(cString: real)
            }
            return Signature(name: shown(realName, given: written, name), email: shown(realEmail, given: writtenEmail, email), time: time)
        }
    }

    /// libgit2's whitespace (`git__isspace`): what it trims from a name or an email.
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || (0x09...0x0D).contains(byte)
    }

    private static func digit(_ byte: UInt8) -> Int? {
        let value = Int(byte) - Int(UInt8(ascii: "0"))
        return (0...9).contains(value) ? value : nil
    }
}
