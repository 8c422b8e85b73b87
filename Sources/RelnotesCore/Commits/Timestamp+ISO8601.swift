extension Timestamp {
    /// The time in its recorded offset as ISO 8601, e.g. `2024-01-01T09:30:00+02:00`.
    ///
    /// Years outside 0000-9999 and offsets beyond ±99:59 are shown clamped (see ``day``).
    public var iso8601: String {
        let local = displayedLocalSeconds
        let offsetMinutes = displayedOffsetMinutes
        let secondOfDay = ((local % 86_400) + 86_400) % 86_400
        func pad(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let sign = offsetMinutes < 0 ? "-" : "+"
        let offset = Int64(abs(offsetMinutes))
        return "\(day)T\(pad(secondOfDay / 3_600)):\(pad(secondOfDay % 3_600 / 60)):\(pad(secondOfDay % 60))"
            + "\(sign)\(pad(offset / 60)):\(pad(offset % 60))"
    }
}
