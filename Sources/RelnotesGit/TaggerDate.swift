import Foundation
import RelnotesCore

/// Reads a date as git reads `GIT_COMMITTER_DATE`, strictly: the forms git documents, each
/// checked field by field, so that a tag object never gets a date or offset that
/// `git fsck` refuses.
///
/// Accepted (git's "internal", ISO 8601 and RFC 2822 formats):
/// `@1714557600 +0200`, `1714557600 +0200`, `@1714557600`,
/// `2024-05-01 12:00:00 +0200`, `2024-05-01T12:00:00+02:00`, `2024-05-01T12:00:00Z`,
/// `Wed, 01 May 2024 12:00:00 +0200`. A date without an offset is in the local time zone,
/// as for git. Offsets must be below 24 hours with minutes below 60 (git ignores others).
enum TaggerDate {
    /// The latest instant accepted: 9999-12-31T23:59:59Z.
    static let latest: Int64 = 253_402_300_799

    static func parse(_ text: String, localOffset: (Int64) -> Int = TaggerDate.localOffsetMinutes) -> Timestamp? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return nil }
        var parsed: Timestamp?
        if let raw = parseInternal(trimmed) {
            parsed = raw
        } else if let iso = parseISO(trimmed, localOffset: localOffset) {
            parsed = iso
        } else {
            parsed = parseRFC2822(trimmed)
        }
        guard let parsed, parsed.seconds >= 0, parsed.seconds <= latest else { return nil }
        return parsed
    }

    static func localOffsetMinutes(at seconds: Int64) -> Int {
        TimeZone.current.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))) / 60
    }

    /// `@<seconds> [+-]HHMM`, `<seconds> [+-]HHMM` (git takes a bare number of 9 or more digits
    /// as seconds), or `@<seconds>` (UTC).
    private static func parseInternal(_ text: String) -> Timestamp? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 1 || parts.count == 2 else { return nil }
        var number = parts[0]
        let marked = number.hasPrefix("@")
        if marked { number = number.dropFirst() }
        guard !number.isEmpty, number.allSatisfy(\.isASCIIDigit), let seconds = Int64(number) else { return nil }
        guard marked || number.count >= 9 else { return nil }
        if parts.count == 1 { return marked ? Timestamp(seconds: seconds) : nil }
        guard let offset = offsetMinutes(parts[1], colon: false) else { return nil }
        return Timestamp(seconds: seconds, offsetMinutes: offset)
    }

    /// `YYYY-MM-DD[T ]HH:MM:SS[.fraction]` then an optional offset (`Z`, `+HH:MM`, `+HHMM`,
    /// `+HH`), with or without a space before it.
    private static func parseISO(_ text: String, localOffset: (Int64) -> Int) -> Timestamp? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
              let year = number(bytes[0..<4]), let month = number(bytes[5..<7]), let day = number(bytes[8..<10]),
              let hour = number(bytes[11..<13]), let minute = number(bytes[14..<16]), let second = number(bytes[17..<19])
        else { return nil }
        var rest = bytes[19...]
        if rest.first == UInt8(ascii: ".") {
            rest = rest.dropFirst()
            let digits = rest.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            guard !digits.isEmpty else { return nil }
            rest = rest.dropFirst(digits.count)
        }
        if rest.first == UInt8(ascii: " ") { rest = rest.dropFirst() }
        guard let local = secondsSinceEpoch(year: year, month: month, day: day, hour: hour, minute: minute, second: second) else { return nil }
        let zone = String(decoding: rest, as: UTF8.self)
        if zone.isEmpty {
            let offset = localOffset(local)
            return Timestamp(seconds: local - Int64(offset) * 60, offsetMinutes: offset)
        }
        let offset: Int
        if zone == "Z" || zone == "z" {
            offset = 0
        } else if let parsed = offsetMinutes(Substring(zone), colon: true) {
            offset = parsed
        } else {
            return nil
        }
        return Timestamp(seconds: local - Int64(offset) * 60, offsetMinutes: offset)
    }

    /// `[Wed, ]01 May 2024 12:00[:00] +0200`.
    private static func parseRFC2822(_ text: String) -> Timestamp? {
        var words = text.split(separator: " ", omittingEmptySubsequences: true)
        if let first = words.first, first.hasSuffix(",") {
            let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            guard names.contains(first.dropLast().lowercased()) else { return nil }
            words.removeFirst()
        }
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        guard words.count == 5,
              words[0].count <= 2, let day = number(Array(words[0].utf8)[...]),
              let monthIndex = months.firstIndex(of: words[1].lowercased()),
              words[2].count == 4, let year = number(Array(words[2].utf8)[...])
        else { return nil }
        let clock = words[3].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 2 || clock.count == 3, clock.allSatisfy({ $0.count == 2 }),
              let hour = number(Array(clock[0].utf8)[...]), let minute = number(Array(clock[1].utf8)[...])
        else { return nil }
        var second = 0
        if clock.count == 3 {
            guard let value = number(Array(clock[2].utf8)[...]) else { return nil }
            second = value
        }
        guard let offset = offsetMinutes(words[4], colon: false),
              let local = secondsSinceEpoch(year: year, month: monthIndex + 1, day: day, hour: hour, minute: minute, second: second)
        else { return nil }
        return Timestamp(seconds: local - Int64(offset) * 60, offsetMinutes: offset)
    }

    /// `+HHMM` (and with `colon`, also `+HH:MM` and `+HH`), hours below 24 and minutes below 60.
    static func offsetMinutes(_ text: Substring, colon: Bool) -> Int? {
        guard let sign = text.first, sign == "+" || sign == "-" else { return nil }
        var digits = String(text.dropFirst())
        if colon {
            if digits.count == 5, digits[digits.index(digits.startIndex, offsetBy: 2)] == ":" {
                digits.remove(at: digits.index(digits.startIndex, offsetBy: 2))
            } else if digits.count == 2 {
                digits += "00"
            }
        }
        guard digits.count == 4, let hours = number(Array(digits.utf8)[0..<2]), let minutes = number(Array(digits.utf8)[2..<4]),
              hours < 24, minutes < 60
        else { return nil }
        let total = hours * 60 + minutes
        return sign == "-" ? -total : total
    }

    private static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 9 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// The local wall-clock time as seconds since the epoch (proleptic Gregorian calendar),
    /// or `nil` when a field is out of range.
    private static func secondsSinceEpoch(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Int64? {
        guard (1970...9999).contains(year), (1...12).contains(month), hour < 24, minute < 60, second <= 60 else { return nil }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day >= 1, day <= lengths[month - 1] else { return nil }
        // Days from civil (Howard Hinnant).
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = y / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return days * 86_400 + Int64(hour) * 3_600 + Int64(minute) * 60 + Int64(second)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
