import Foundation

/// The one way relnotes prints JSON: pretty, keys sorted, slashes unescaped, empty arrays and
/// objects as `[]` and `{}` (Foundation on Linux prints them over three lines).
enum JSONText {
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        return compactingEmptyContainers(text)
    }

    /// Turns `[` + blank lines + `]` into `[]` (and the same for `{}`). JSON strings cannot hold
    /// a raw newline, so such a run is always structure, never data.
    static func compactingEmptyContainers(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            result.append(character)
            index = text.index(after: index)
            guard character == "[" || character == "{" else { continue }
            let closing: Character = character == "[" ? "]" : "}"
            var probe = index
            var sawNewline = false
            while probe < text.endIndex, text[probe] == "\n" || text[probe] == " " {
                if text[probe] == "\n" { sawNewline = true }
                probe = text.index(after: probe)
            }
            if sawNewline, probe < text.endIndex, text[probe] == closing {
                result.append(closing)
                index = text.index(after: probe)
            }
        }
        return result
    }
}
