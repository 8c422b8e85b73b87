import FuzzCheck
import RelnotesCore

/// The changelog merger on any existing file. The input is `section NUL file`, or just a file
/// (merged with a typical rendered section).
///
/// The documented rule, checked byte for byte against an independent reading of the file as
/// CommonMark blocks (ATX headings with up to 3 spaces of indentation, fenced code and HTML
/// comments, which end with the list item or block quote holding them; LF or CRLF line ends; a
/// byte-order mark):
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
    /// The content column of the innermost list item the current line may continue (0: none).
    var item = 0
    /// An open fenced code block or HTML comment, and what holds it: the content column of its
    /// list item (0 at the top level), or a block quote. It ends where its holder ends.
    var fence: (byte: UInt8, count: Int)?
    var inComment = false
    var holder: (item: Int, quoted: Bool) = (0, false)
    while start < bytes.count {
        let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
        var text = bytes[start..<end]
        if text.last == UInt8(ascii: "\r") { text = text.dropLast() }
        defer { start = end + 1 }
        let blank = text.allSatisfy { $0 == 0x20 || $0 == 0x09 }
        let (indent, rest) = columns(text)
        if fence != nil || inComment {
            let quoteGoesOn = indent <= 3 && rest.first == UInt8(ascii: ">")
            let holderEnds = holder.quoted ? !quoteGoesOn : holder.item > 0 && !blank && indent < holder.item
            if !holderEnds {
                if inComment {
                    if containsBytes(text, "-->".utf8) { inComment = false }
                } else if let open = fence {
                    var (inner, innerText) = (indent - holder.item, rest)
                    if holder.quoted {
                        (inner, innerText) = columns(rest.dropFirst())
                        inner = max(0, inner - 1)
                    }
                    let run = innerText.prefix { $0 == open.byte }.count
                    if inner <= 3, run >= open.count, innerText.dropFirst(run).allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { fence = nil }
                }
                lines.append(Line(start: start, text: text, isBlock: false))
                continue
            }
            fence = nil
            inComment = false
            if holder.item > 0 { item = 0 }
        }
        lines.append(Line(start: start, text: text, isBlock: true))
        if blank { continue }
        if indent < item { item = 0 }
        // A heading indented up to 3 spaces ends a list item (the merger's documented reading).
        if indent <= 3, rest.first == UInt8(ascii: "#") {
            item = 0
            continue
        }
        // Where a fence or comment could open on this line, and inside what.
        var (inner, innerText) = (indent, rest)
        holder = (0, false)
        if indent <= 3, rest.first == UInt8(ascii: ">") {
            (inner, innerText) = columns(rest.dropFirst())
            inner = max(0, inner - 1)
            holder.quoted = true
        } else {
            if let content = listContentColumn(indent: indent, rest, within: item) {
                item = content
                let marker = rest.prefix { $0 != 0x20 && $0 != 0x09 }
                (inner, innerText) = columns(rest.dropFirst(marker.count))
                if inner <= 4 { inner = 0 }
            } else if item > 0 {
                inner = indent - item
            }
            holder.item = item
        }
        guard inner <= 3 else { continue }
        if let first = innerText.first, first == UInt8(ascii: "`") || first == UInt8(ascii: "~") {
            let run = innerText.prefix { $0 == first }.count
            if run >= 3, !(first == UInt8(ascii: "`") && innerText.dropFirst(run).contains(UInt8(ascii: "`"))) {
                fence = (first, run)
                lines[lines.count - 1].isBlock = false
            }
        } else if innerText.starts(with: "<!--".utf8) {
            lines[lines.count - 1].isBlock = false
            // The line ends the comment when it holds `-->`, even overlapping the opener (`<!-->`).
            if !containsBytes(innerText.dropFirst(2), "-->".utf8) { inComment = true }
        }
    }
    return lines
}

/// The indentation of `text` in columns (a tab goes to the next multiple of 4), and the rest.
private func columns(_ text: ArraySlice<UInt8>) -> (Int, ArraySlice<UInt8>) {
    var count = 0
    var rest = text
    while let byte = rest.first, byte == 0x20 || byte == 0x09 {
        count = byte == 0x09 ? count + 4 - count % 4 : count + 1
        rest = rest.dropFirst()
    }
    return (count, rest)
}

/// The column where a list item's content starts when the line opens one (`-`, `+`, `*`, or 1 to
/// 9 digits and `.` or `)`, then white space or the end of the line; not a thematic break), else
/// `nil`. A marker indented more than 3 columns past the enclosing item's content is text.
private func listContentColumn(indent: Int, _ rest: ArraySlice<UInt8>, within item: Int) -> Int? {
    guard indent <= item + 3, let first = rest.first else { return nil }
    var width: Int
    if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: "*") {
        let marks = rest.filter { $0 == first }.count
        if marks >= 3, rest.allSatisfy({ $0 == first || $0 == 0x20 || $0 == 0x09 }) { return nil }
        width = 1
    } else {
        let digits = rest.prefix { (0x30...0x39).contains($0) }.count
        guard (1...9).contains(digits), let delimiter = rest.dropFirst(digits).first,
              delimiter == UInt8(ascii: ".") || delimiter == UInt8(ascii: ")") else { return nil }
        width = digits + 1
    }
    let after = rest.dropFirst(width)
    guard after.isEmpty || after.first == 0x20 || after.first == 0x09 else { return nil }
    let (spaces, content) = columns(after)
    return indent + width + (content.isEmpty || spaces > 4 ? 1 : spaces)
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
