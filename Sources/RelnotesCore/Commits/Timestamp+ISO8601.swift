extension Timestamp {
    /// The time in its recorded offset as ISO 8601, e.g. `2024-01-01T09:30:00+02:00`.
    ///
    /// Years outside 0000-9999 and offsets beyond ±99:59 are shown clamped (see ``day``).
    public var iso8601: String {
        // Written digit by digit into 25 bytes (one per commit of a long history: string
        // interpolation cost ten times as much).
        String(unsafeUninitializedCapacity: Self.iso8601Length) { writeISO8601(to: $0) }
    }

    /// How many bytes ``iso8601`` has.
    static let iso8601Length = 25

    /// Writes ``iso8601`` at the start of `buffer` (at least ``iso8601Length`` long), for a
    /// writer that needs no `String` of it; how many bytes.
    func writeISO8601(to buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let local = displayedLocalSeconds
        let offsetMinutes = displayedOffsetMinutes
        let secondOfDay = ((local % 86_400) + 86_400) % 86_400
        let offset = abs(offsetMinutes)
        let (year, month, dayOfMonth) = civilDate
        func put(_ value: Int, at start: Int, width: Int) {
            var value = value
            for index in stride(from: start + width - 1, through: start, by: -1) {
                buffer[index] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
        }
        put(Int(year), at: 0, width: 4)
        buffer[4] = UInt8(ascii: "-")
        put(Int(month), at: 5, width: 2)
        buffer[7] = UInt8(ascii: "-")
        put(Int(dayOfMonth), at: 8, width: 2)
        buffer[10] = UInt8(ascii: "T")
        put(Int(secondOfDay / 3_600), at: 11, width: 2)
        buffer[13] = UInt8(ascii: ":")
        put(Int(secondOfDay % 3_600 / 60), at: 14, width: 2)
        buffer[16] = UInt8(ascii: ":")
        put(Int(secondOfDay % 60), at: 17, width: 2)
        buffer[19] = offsetMinutes < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")
        put(offset / 60, at: 20, width: 2)
        buffer[22] = UInt8(ascii: ":")
        put(offset % 60, at: 23, width: 2)
        return Self.iso8601Length
    }
}
