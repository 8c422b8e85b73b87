import Testing
import RelnotesCore

@Suite("commit ids and timestamps")
struct CommitIDTests {
    @Test("hex round trip, either case in, lower case out")
    func roundTrip() throws {
        let hex = "0123456789abcdefFEDCBA9876543210deadBEEF"
        let id = try #require(CommitID(hex: hex))
        #expect(id.description == hex.lowercased())
        #expect(CommitID(bytes: id.bytes) == id)
        #expect(id.abbreviated() == "0123456")
        var written = [UInt8](repeating: 0xAA, count: 21)
        written.withUnsafeMutableBytes { id.write(to: $0) }
        #expect(Array(written.prefix(20)) == id.bytes)
        #expect(written[20] == 0xAA)
    }

    @Test("the hexadecimal text and every abbreviation of random ids are their bytes printed as %02x")
    func hexOfRandomIDs() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let bytes = (0..<20).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let id = try #require(CommitID(bytes: bytes))
            let expected = bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
            #expect(id.description == expected)
            for length in [4, 7, 12, 16, 17, 31, 32, 33, 39, 40] { #expect(id.abbreviated(length) == String(expected.prefix(length))) }
        }
    }

    @Test("anything but 40 hex digits is rejected", arguments: ["", "abc", String(repeating: "g", count: 40), String(repeating: "a", count: 41)])
    func rejects(text: String) {
        #expect(CommitID(hex: text) == nil)
    }

    @Test("the day of a timestamp is taken in the recorded offset", arguments: [
        (Int64(0), 0, "1970-01-01"),
        (Int64(1_704_067_200), 0, "2024-01-01"),
        (Int64(1_704_067_200), -60, "2023-12-31"),
        (Int64(1_709_208_000), 0, "2024-02-29"),
        (Int64(-86_400), 0, "1969-12-31"),
        (Int64(4_102_444_800), 0, "2100-01-01"),
    ])
    func day(seconds: Int64, offset: Int, expected: String) {
        #expect(Timestamp(seconds: seconds, offsetMinutes: offset).day == expected)
    }
}
