import Foundation

/// The one way relnotes prints JSON: pretty, keys sorted, slashes unescaped, empty arrays and
/// objects as `[]` and `{}` (Foundation on Linux prints them over three lines).
enum JSONText {
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: compactingEmptyContainers(try encoder.encode(value)), as: UTF8.self)
    }

    /// Turns `[` + blank lines + `]` into `[]` (and the same for `{}`), working on bytes. JSON
    /// strings cannot hold a raw newline, so such a run is always structure, never data.
    static func compactingEmptyContainers(_ data: Data) -> [UInt8] {
        let bytes = [UInt8](data)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        let newline = UInt8(ascii: "\n"), space = UInt8(ascii: " ")
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            result.append(byte)
            index += 1
            guard byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") else { continue }
            let closing = byte == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: "}")
            var probe = index
            var sawNewline = false
            while probe < bytes.count, bytes[probe] == newline || bytes[probe] == space {
                if bytes[probe] == newline { sawNewline = true }
                probe += 1
            }
            if sawNewline, probe < bytes.count, bytes[probe] == closing {
                result.append(closing)
                index = probe + 1
            }
        }
        return result
    }
}
