import FuzzCheck
import RelnotesCore

/// The changelog merger on any existing file. The input is `section NUL file`, or just a file
/// (merged with a typical rendered section).
///
/// The documented rule, checked byte for byte against an independent reading of the file as
/// CommonMark blocks (ATX headings with up to 3 spaces of indentation, fenced code, HTML
/// comments; LF or CRLF line ends; a byte-order mark):
/// - a blank file becomes the header and the section (a byte-order mark may stay in front);
/// - otherwise the result is `kept prefix + section + kept suffix`, where the prefix and suffix
///   are the file's own bytes (give or take the blank line put around the section), and what
///   lies between them, if anything, is the old Unreleased section: it starts at the file's
///   first Unreleased heading outside code and comments and ends no later than the next heading
///   of level 1 or 2 at column 0 outside code and comments, so no released section is ever
///   dropped (a heading indented by 1 to 3 spaces may belong to a list item: either reading
///   is accepted);
/// - without an Unreleased heading, nothing is dropped and the section goes no later than the
///   first `## ` heading (or at the end);
/// - the section may be written with the file's CRLF line ends;
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
    /// Offset of the first byte of the line (after a byte-order mark on line 1).
    var start: Int
    /// The text without the line end.
    var text: ArraySlice<UInt8>
    /// Whether the line is outside every fenced code block and HTML comment (and opens neither).
    var isBlock: Bool
}

private let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

private func readLines(_ bytes: [UInt8]) -> [Line] {
    var lines: [Line] = []
    var start = bytes.starts(with: byteOrderMark) ? 3 : 0
    var fence: (byte: UInt8, count: Int)?
    var inComment = false
    while start < bytes.count {
        let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
        var text = bytes[start..<end]
        if text.last == UInt8(ascii: "\r") { text = text.dropLast() }
        var isBlock = fence == nil && !inComment
        let indent = text.prefix { $0 == UInt8(ascii: " ") }.count
        let rest = text.dropFirst(min(indent, text.count))
        if inComment {
            if containsBytes(text, "-->".utf8) { inComment = false }
        } else if indent <= 3, let first = rest.first, first == UInt8(ascii: "`") || first == UInt8(ascii: "~") {
            let run = rest.prefix { $0 == first }.count
            let after = rest.dropFirst(run)
            if let open = fence {
                if first == open.byte, run >= open.count, after.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { fence = nil }
            } else if run >= 3, !(first == UInt8(ascii: "`") && after.contains(UInt8(ascii: "`"))) {
                fence = (first, run)
                isBlock = false
            }
        } else if fence == nil, indent <= 3, rest.starts(with: "<!--".utf8) {
            isBlock = false
            if !containsBytes(rest.dropFirst(4), "-->".utf8) { inComment = true }
        }
        lines.append(Line(start: start, text: text, isBlock: isBlock))
        start = end + 1
    }
    return lines
}

/// The level (1 or 2) of an ATX heading line outside code and comments, else `nil`.
private func headingLevel(_ line: Line) -> Int? {
    guard line.isBlock else { return nil }
    let indent = line.text.prefix { $0 == UInt8(ascii: " ") }.count
    guard indent <= 3 else { return nil }
    let rest = line.text.dropFirst(indent)
    let hashes = rest.prefix { $0 == UInt8(ascii: "#") }.count
    guard hashes == 1 || hashes == 2 else { return nil }
    let after = rest.dropFirst(hashes).first
    return after == nil || after == 0x20 || after == 0x09 ? hashes : nil
}

/// `## Unreleased`, `## [Unreleased]`, `## [Unreleased](…)`, any case.
private func isUnreleasedHeading(_ line: Line) -> Bool {
    guard headingLevel(line) == 2 else { return false }
    var title = line.text.drop { $0 == 0x20 }.dropFirst(2).drop { $0 == 0x20 || $0 == 0x09 }
    if title.first == UInt8(ascii: "[") { title = title.dropFirst() }
    return title.prefix(10).map { $0 &- UInt8(ascii: "A") < 26 ? $0 | 0x20 : $0 }.elementsEqual("unreleased".utf8)
}

/// `bytes` with LF line ends turned into CRLF.
private func crlf(_ bytes: [UInt8]) -> [UInt8] {
    var result: [UInt8] = []
    for (index, byte) in bytes.enumerated() {
        if byte == 0x0A, index == 0 || bytes[index - 1] != 0x0D { result.append(0x0D) }
        result.append(byte)
    }
    return result
}

// MARK: - The rule

private func checkMerge(section: String, existing: String, merged: String) {
    let old = Array(existing.utf8), new = Array(merged.utf8)
    let sections = [Array(section.utf8), crlf(Array(section.utf8))]
    let body = old.starts(with: byteOrderMark) ? old.dropFirst(3) : old[...]
    let isBlank = body.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    if isBlank || existing.allSatisfy(\.isWhitespace) {
        var withoutMark = new[...]
        if withoutMark.starts(with: byteOrderMark) { withoutMark = withoutMark.dropFirst(3) }
        for part in sections {
            for lead in [[], Array((header + "\n\n").utf8), crlf(Array((header + "\n\n").utf8))] where withoutMark.elementsEqual(lead + part) {
                return
            }
        }
        // A file of other white space (a no-break space, a form feed) may be kept instead.
        require(!isBlank, "the blank file \(quoted(existing)) became \(quoted(merged))")
    }
    let lines = readLines(old)
    // A heading at column 0 is certain; one indented by 1 to 3 spaces may belong to a list item
    // above it, so either reading is accepted for it.
    func isCertain(_ line: Line) -> Bool { line.text.first == UInt8(ascii: "#") }
    func limit(after index: Int) -> Int {
        lines[(index + 1)...].first { headingLevel($0) != nil && isCertain($0) }?.start ?? old.count
    }
    var candidates: [(start: Int, limit: Int)] = []
    var certainUnreleased = false
    for (index, line) in lines.enumerated() where isUnreleasedHeading(line) {
        candidates.append((line.start, limit(after: index)))
        if isCertain(line) {
            certainUnreleased = true
            break
        }
    }
    let firstSection = lines.first { headingLevel($0) == 2 && isCertain($0) }?.start ?? old.count

    var explanations: [String] = []
    for part in sections {
        for position in occurrences(of: part, in: new) {
            let before = new[..<position], after = new[(position + part.count)...]
            for kept in trimmedEnds(before) {
                for tail in trimmedStarts(after) {
                    guard old.starts(with: kept), old.count - kept.count >= tail.count,
                          old[(old.count - tail.count)...].elementsEqual(tail) else { continue }
                    let dropped = (kept.count)..<(old.count - tail.count)
                    if !dropped.isEmpty, candidates.contains(where: { $0.start == dropped.lowerBound && dropped.upperBound <= $0.limit }) { return }
                    if !certainUnreleased, dropped.isEmpty, dropped.lowerBound <= firstSection { return }
                    explanations.append("dropped bytes \(dropped); Unreleased sections at \(candidates.map { "\($0.start)..<\($0.limit)" }), first section at \(firstSection)")
                }
            }
        }
    }
    let why = explanations.isEmpty ? "the result is not the file's own prefix + the section + the file's own suffix" : explanations.prefix(3).joined(separator: "; ")
    require(false, "merging \(quoted(section)) into \(quoted(existing)) gave \(quoted(merged)): \(why)")
}

/// `bytes` without up to two line ends (`\n` or `\r\n`) at its end: the blank line put
/// before the section.
private func trimmedEnds(_ bytes: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
    var result = [bytes]
    var frontier = [bytes]
    // The merger may close a fence or comment left open at the end of the file before appending
    // (a line of backticks or tildes, or `-->`): that one added line is allowed too.
    var stripped = bytes
    for _ in 0...2 {
        var line = stripped
        if line.last == UInt8(ascii: "\n") { line = line.dropLast() }
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        if let start = line.lastIndex(of: UInt8(ascii: "\n")).map({ $0 + 1 }) ?? (line.isEmpty ? nil : line.startIndex) {
            let closer = line[start...]
            let isFence = closer.count >= 3 && (closer.allSatisfy { $0 == UInt8(ascii: "`") } || closer.allSatisfy { $0 == UInt8(ascii: "~") })
            if isFence || closer.elementsEqual("-->".utf8) {
                result.append(bytes[..<start])
                frontier.append(bytes[..<start])
            }
        }
        guard stripped.last == UInt8(ascii: "\n") else { break }
        stripped = stripped.dropLast()
        if stripped.last == UInt8(ascii: "\r") { stripped = stripped.dropLast() }
    }
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
