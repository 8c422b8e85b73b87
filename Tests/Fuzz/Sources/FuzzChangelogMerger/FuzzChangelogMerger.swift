import FuzzCheck
import RelnotesCore

/// The changelog merger on any existing file. The input is `section NUL file`, or just a file
/// (merged with a typical rendered section).
///
/// The documented rule, checked byte for byte against an independent reading of the file's
/// Markdown (CommonMark fences, CRLF or LF line ends, a byte-order mark):
/// - an all-blank file becomes the header and the section;
/// - otherwise the result is `kept prefix + section + kept suffix`, where the prefix and suffix
///   are the file's own bytes (give or take the blank line put around the section), and what
///   lies between them, if anything, is the old Unreleased section: it starts at the file's
///   first Unreleased heading outside code blocks and ends no later than the next `## `
///   heading outside code blocks, so no released section is ever dropped;
/// - without an Unreleased heading, nothing is dropped and the section goes before the first
///   `## ` heading (or at the end);
/// - merging the same section again changes nothing (running `relnotes changelog` twice).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzChangelogMerger(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    var (section, existing) = twoTexts(data, count) ?? (typicalSection, text(data, count))
    if section.isEmpty { section = typicalSection }
    let merger = ChangelogFileMerger()
    let merged = merger.merging(section: section, into: existing, header: header)
    checkMerge(section: section, existing: existing, merged: merged)

    let once = merger.merging(section: typicalSection, into: existing, header: header)
    let twice = merger.merging(section: typicalSection, into: once, header: header)
    require(sameBytes(once, twice), "merging the same section twice changed the file again; after the first merge: \(quoted(once)), after the second: \(quoted(twice))")
    return 0
}

private let header = "# Changelog"
private let typicalSection = "## [Unreleased]\n\n### Features\n\n- **api:** add the fuzz entry (#12)\n"

// MARK: - An independent reading of the file

private struct Line {
    /// Offset of the first byte of the line's text (after a byte-order mark on line 1).
    var start: Int
    /// The text without the line end.
    var text: ArraySlice<UInt8>
    /// Whether the line is outside every fenced code block (and is no fence line itself).
    var outsideCode: Bool
}

private func readLines(_ bytes: [UInt8]) -> [Line] {
    var lines: [Line] = []
    var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    var fence: (byte: UInt8, count: Int)?
    while start < bytes.count {
        let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
        var text = bytes[start..<end]
        if text.last == UInt8(ascii: "\r") { text = text.dropLast() }
        var outside = fence == nil
        let indent = text.prefix { $0 == UInt8(ascii: " ") }.count
        if indent <= 3 {
            let rest = text.dropFirst(indent)
            if let first = rest.first, first == UInt8(ascii: "`") || first == UInt8(ascii: "~") {
                let run = rest.prefix { $0 == first }.count
                let after = rest.dropFirst(run)
                if let open = fence {
                    if first == open.byte, run >= open.count, after.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                        fence = nil
                        outside = false
                    }
                } else if run >= 3, !(first == UInt8(ascii: "`") && after.contains(UInt8(ascii: "`"))) {
                    fence = (first, run)
                    outside = false
                }
            }
        }
        lines.append(Line(start: start, text: text, outsideCode: outside))
        start = end + 1
    }
    return lines
}

private func isSecondLevelHeading(_ line: Line) -> Bool {
    line.outsideCode && line.text.starts(with: "## ".utf8)
}

/// `## Unreleased`, `## [Unreleased]`, `## [Unreleased](…)`, any case.
private func isUnreleasedHeading(_ line: Line) -> Bool {
    guard isSecondLevelHeading(line) else { return false }
    var title = line.text.dropFirst(3).drop { $0 == UInt8(ascii: " ") }
    if title.first == UInt8(ascii: "[") { title = title.dropFirst() }
    return title.prefix(10).map { $0 &- UInt8(ascii: "A") < 26 ? $0 | 0x20 : $0 }.elementsEqual("unreleased".utf8)
}

// MARK: - The rule

private func checkMerge(section: String, existing: String, merged: String) {
    let old = Array(existing.utf8), new = Array(merged.utf8), part = Array(section.utf8)
    if existing.allSatisfy(\.isWhitespace) {
        let expected = Array((header + "\n\n" + section).utf8)
        require(new == part || new == expected, "a blank file became \(quoted(merged))")
        return
    }
    let lines = readLines(old)
    let unreleased = lines.firstIndex(where: isUnreleasedHeading)
    // Where the old section may start and end.
    let dropStart: Int?, dropEndLimit: Int
    if let unreleased {
        dropStart = lines[unreleased].start
        dropEndLimit = lines[(unreleased + 1)...].first(where: isSecondLevelHeading)?.start ?? old.count
    } else {
        dropStart = nil
        dropEndLimit = lines.first(where: isSecondLevelHeading)?.start ?? old.count
    }

    var explanations: [String] = []
    for position in occurrences(of: part, in: new) {
        let before = new[..<position], after = new[(position + part.count)...]
        for kept in trimmedEnds(before) {
            for tail in trimmedStarts(after) {
                guard old.starts(with: kept), old.count - kept.count >= tail.count,
                      old[(old.count - tail.count)...].elementsEqual(tail) else { continue }
                let dropped = (kept.count)..<(old.count - tail.count)
                if let dropStart {
                    if dropped.lowerBound == dropStart, !dropped.isEmpty, dropped.upperBound <= dropEndLimit { return }
                    explanations.append("dropped bytes \(dropped) where the Unreleased section is \(dropStart)..<\(dropEndLimit)")
                } else {
                    if dropped.isEmpty, dropped.lowerBound <= dropEndLimit { return }
                    explanations.append("dropped bytes \(dropped), inserted at \(dropped.lowerBound) where the first heading is at \(dropEndLimit), in a file without an Unreleased section")
                }
            }
        }
    }
    let why = explanations.isEmpty ? "the result is not the file's own prefix + the section + the file's own suffix" : explanations.joined(separator: "; ")
    require(false, "merging \(quoted(section)) into \(quoted(existing)) gave \(quoted(merged)): \(why)")
}

/// `bytes` without up to two line ends (`\n` or `\r\n`) at its end: the blank line put
/// before the section.
private func trimmedEnds(_ bytes: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
    var result = [bytes]
    var frontier = [bytes]
    for _ in 0..<2 {
        var next: [ArraySlice<UInt8>] = []
        for candidate in frontier where candidate.last == UInt8(ascii: "\n") {
            let withoutNewline = candidate.dropLast()
            next.append(withoutNewline)
            if withoutNewline.last == UInt8(ascii: "\r") { next.append(withoutNewline.dropLast()) }
        }
        result += next
        frontier = next
    }
    return result
}

/// `bytes` without none or one line end at its start (the line end put after the section).
private func trimmedStarts(_ bytes: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
    var result = [bytes]
    if bytes.first == UInt8(ascii: "\n") { result.append(bytes.dropFirst()) }
    if bytes.starts(with: "\r\n".utf8) { result.append(bytes.dropFirst(2)) }
    return result
}
