/// A point in time as git records it: seconds since the Unix epoch and the author's or
/// committer's offset from UTC in minutes.
public struct Timestamp: Hashable, Comparable, Sendable, Codable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var seconds: Int64
    /// The offset from UTC, in minutes, that the person's clock had (`+0200` is 120).
    public var offsetMinutes: Int

    /// A time in seconds since 1970-01-01T00:00:00Z, written in the offset `offsetMinutes` from UTC.
    public init(seconds: Int64, offsetMinutes: Int = 0) {
        self.seconds = seconds
        self.offsetMinutes = offsetMinutes
    }

    /// Earlier first; the offset does not count.
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.seconds < rhs.seconds }

    /// The earliest and latest instants shown as they are: 0000-01-01T00:00:00 and
    /// 9999-12-31T23:59:59 (local time). Any time outside is shown clamped to the nearer end,
    /// and any offset beyond ±99:59 as ±99:59, so that a commit with a forged date (git stores
    /// any 64-bit number) is still printed, never a crash.
    static let displayableLocalSeconds: ClosedRange<Int64> = -62_167_219_200...253_402_300_799
    static let displayableOffsetMinutes: ClosedRange<Int> = -(99 * 60 + 59)...(99 * 60 + 59)

    /// The offset as shown (clamped to ±99:59).
    var displayedOffsetMinutes: Int {
        min(max(offsetMinutes, Self.displayableOffsetMinutes.lowerBound), Self.displayableOffsetMinutes.upperBound)
    }

    /// Seconds since 1970-01-01T00:00:00 in the recorded offset, clamped to the years
    /// 0000-9999 (see ``displayableLocalSeconds``).
    var displayedLocalSeconds: Int64 {
        let (local, overflow) = seconds.addingReportingOverflow(Int64(displayedOffsetMinutes) * 60)
        let range = Self.displayableLocalSeconds
        if overflow { return seconds < 0 ? range.lowerBound : range.upperBound }
        return min(max(local, range.lowerBound), range.upperBound)
    }

    /// The calendar day in the recorded offset, as `YYYY-MM-DD` (years 0000-9999: a time
    /// outside them shows as the nearer end).
    public var day: String {
        let (year, month, day) = civilDate
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Year, month and day in the recorded offset (years 0000-9999, see ``day``).
    var civilDate: (year: Int64, month: Int64, day: Int64) {
        let local = displayedLocalSeconds
        var days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        // Civil-from-days (Howard Hinnant), exact for the proleptic Gregorian calendar.
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}

/// Who made a commit or a tag, and when.
public struct Signature: Hashable, Sendable, Codable {
    /// The name, as written in the commit.
    public var name: String
    /// The email address, as written in the commit.
    public var email: String
    /// When, with the offset the person wrote it in.
    public var time: Timestamp

    /// Creates a signature.
    public init(name: String, email: String, time: Timestamp) {
        self.name = name
        self.email = email
        self.time = time
    }
}

/// A commit as the repository stores it, before any interpretation of its message.
public struct RawCommit: Hashable, Sendable {
    /// The commit's id.
    public var id: CommitID
    /// The parents, first parent first (none for a root commit).
    public var parents: [CommitID]
    /// Who wrote the change, and when.
    public var author: Signature
    /// Who committed it, and when (this time orders walks and dates releases).
    public var committer: Signature
    /// The full message, decoded from the stored bytes as UTF-8; invalid sequences become U+FFFD.
    public var message: String
    /// The id of the commit's root tree, when the reader that gave the commit kept it (`nil`:
    /// not known here; path questions read it from the commit).
    public var tree: CommitID?
    /// The id of the first parent's root tree, when known without reading the parent (a
    /// history held in memory gives it from the parent's ``tree``).
    public var firstParentTree: CommitID?

    /// Creates a commit from its parts.
    public init(id: CommitID, parents: [CommitID], author: Signature, committer: Signature, message: String, tree: CommitID? = nil, firstParentTree: CommitID? = nil) {
        self.id = id
        self.parents = parents
        self.author = author
        self.committer = committer
        self.message = message
        self.tree = tree
        self.firstParentTree = firstParentTree
    }

    /// Whether the commit has more than one parent.
    public var isMerge: Bool { parents.count > 1 }
}

/// A commit object's stored bytes (headers, an empty line, the message), read by one thread
/// for another to decode (``HistoryReader/decoded(_:text:)``): the reading is what needs the
/// repository, the decoding is not.
public struct CommitText: Hashable, Sendable {
    /// The bytes as stored.
    public var bytes: [UInt8]

    /// Wraps the stored bytes of a commit object.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }
}
