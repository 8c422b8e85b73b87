/// Puts a freshly rendered Unreleased section into an existing changelog, keeping every other
/// byte of the file as it was (hand-edited sections, a custom header, line endings).
public struct ChangelogFileMerger: Sendable {
    public init() {}

    /// The file with its Unreleased section replaced by `section`.
    ///
    /// The Unreleased section runs from a heading `## Unreleased` (also `## [Unreleased]`,
    /// `## [Unreleased](…)`, any case) to the next `## ` heading outside a code block. Without
    /// one, `section` goes before the first `## ` heading, else at the end; an empty file gets
    /// `header` first.
    public func merging(section: String, into existing: String, header: String) -> String {
        if existing.allSatisfy(\.isWhitespace) {
            return header.isEmpty ? section : header + "\n\n" + section
        }
        let lines = Self.lines(of: existing)
        let headings = Self.secondLevelHeadings(lines)
        if let start = headings.firstIndex(where: { Self.isUnreleasedHeading(lines[$0].text) }) {
            let startOffset = lines[headings[start]].start
            if start + 1 < headings.count {
                let endOffset = lines[headings[start + 1]].start
                return String(existing[..<startOffset]) + section + "\n" + String(existing[endOffset...])
            }
            return String(existing[..<startOffset]) + section
        }
        if let first = headings.first {
            let offset = lines[first].start
            return String(existing[..<offset]) + section + "\n" + String(existing[offset...])
        }
        var text = existing
        if !text.hasSuffix("\n") { text += "\n" }
        if !text.hasSuffix("\n\n") { text += "\n" }
        return text + section
    }

    /// Whether a heading line names the Unreleased section.
    static func isUnreleasedHeading(_ line: Substring) -> Bool {
        var title = line.dropFirst(3)
        while title.first == " " { title = title.dropFirst() }
        if title.first == "[" { title = title.dropFirst() }
        return title.lowercased().hasPrefix("unreleased")
    }

    struct Line {
        var text: Substring
        var start: String.Index
    }

    static func lines(of text: String) -> [Line] {
        var result: [Line] = []
        var start = text.startIndex
        while start < text.endIndex {
            let end = text[start...].firstIndex(of: "\n") ?? text.endIndex
            var line = text[start..<end]
            if line.hasSuffix("\r") { line = line.dropLast() }
            result.append(Line(text: line, start: start))
            start = end < text.endIndex ? text.index(after: end) : end
        }
        return result
    }

    /// The indices of `## ` heading lines that are not inside fenced code blocks.
    static func secondLevelHeadings(_ lines: [Line]) -> [Int] {
        var result: [Int] = []
        var fence: Substring?
        for (index, line) in lines.enumerated() {
            let trimmed = line.text.drop { $0 == " " }
            if let open = fence {
                if trimmed.hasPrefix(open) { fence = nil }
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                fence = trimmed.prefix(3)
                continue
            }
            if line.text.hasPrefix("## ") { result.append(index) }
        }
        return result
    }
}
