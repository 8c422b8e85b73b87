/// The part of a commit message after the header, split into body and footers.
///
/// Footers are the trailing paragraphs (separated by blank lines) that each start with a
/// footer line, `Token: value` or `Token #value`; inside them, a line that does not start a
/// footer continues the previous footer's value. So `Note: this is prose` followed by a further
/// prose paragraph stays body. One extension, so that a breaking change is never missed: a
/// `BREAKING CHANGE` note may run over several paragraphs, and the paragraphs that follow it
/// without starting a footer continue it.
struct MessageLayout {
    /// The body paragraphs, joined with one blank line and trimmed; `nil` when empty.
    var body: String?
    /// The footers, in message order.
    var footers: [Footer]

    /// One line that starts a footer.
    struct FooterLine {
        var token: Substring
        var separator: String
        var value: Substring
        var isBreakingChange: Bool
    }

    init(lines: ArraySlice<Substring>) {
        var paragraphs: [Range<Int>] = []
        var index = lines.startIndex
        while index < lines.endIndex {
            if lines[index].utf8.isEmpty {
                index += 1
                continue
            }
            let start = index
            while index < lines.endIndex, !lines[index].utf8.isEmpty { index += 1 }
            paragraphs.append(start..<index)
        }
        guard !paragraphs.isEmpty else {
            body = nil
            footers = []
            return
        }

        let openings = paragraphs.map { Self.footerLine(lines[$0.lowerBound]) }
        var footerStart = paragraphs.count
        while footerStart > 0, openings[footerStart - 1] != nil { footerStart -= 1 }
        for candidate in 0..<footerStart where openings[candidate]?.isBreakingChange == true {
            if Self.breakingNoteRuns(from: candidate, to: footerStart, paragraphs: paragraphs, openings: openings, lines: lines) {
                footerStart = candidate
                break
            }
        }

        var body = ""
        for paragraph in paragraphs[..<footerStart] {
            if !body.isEmpty { body += "\n\n" }
            for line in paragraph {
                if line != paragraph.lowerBound { body += "\n" }
                body.append(contentsOf: lines[line])
            }
        }
        // Trailing whitespace only: the first line keeps its indentation (an indented code
        // block stays one).
        let trimmed = MessageText.trimmingTrailing(Substring(body))
        self.body = trimmed.isEmpty ? nil : String(trimmed)

        var footers: [Footer] = []
        for paragraph in paragraphs[footerStart...] {
            for line in paragraph {
                if let opening = Self.footerLine(lines[line]) {
                    footers.append(Footer(token: String(opening.token), separator: opening.separator, value: String(opening.value)))
                } else if !footers.isEmpty {
                    let last = footers.count - 1
                    if !footers[last].value.isEmpty {
                        footers[last].value += line == paragraph.lowerBound ? "\n\n" : "\n"
                    }
                    footers[last].value.append(contentsOf: lines[line])
                }
            }
        }
        for index in footers.indices {
            footers[index].value = String(MessageText.trimming(Substring(footers[index].value)))
        }
        self.footers = footers
    }

    /// Whether paragraphs `start..<end` form a footer block once paragraphs that do not open a
    /// footer are read as continuing a `BREAKING CHANGE` note (and only such a note).
    private static func breakingNoteRuns(from start: Int, to end: Int, paragraphs: [Range<Int>], openings: [FooterLine?], lines: ArraySlice<Substring>) -> Bool {
        var lastIsBreaking = false
        for paragraph in start..<end {
            if openings[paragraph] == nil, !lastIsBreaking { return false }
            for line in paragraphs[paragraph] {
                if let opening = footerLine(lines[line]) { lastIsBreaking = opening.isBreakingChange }
            }
        }
        return true
    }

    /// Reads `Token: value` or `Token #value` (token `[A-Za-z0-9-]+` or `BREAKING CHANGE`);
    /// `nil` for any other line. A breaking-change token may have its value on the next lines
    /// (`BREAKING CHANGE:` alone); other tokens need a value on the same line, so that a
    /// prose line such as `Changes:` does not turn the paragraph below it into footers.
    static func footerLine(_ line: Substring) -> FooterLine? {
        let utf8 = line.utf8
        var index = utf8.startIndex
        let isBreakingChange: Bool
        if utf8.starts(with: "BREAKING CHANGE".utf8) {
            index = utf8.index(index, offsetBy: 15)
            isBreakingChange = true
        } else {
            while index < utf8.endIndex {
                let byte = utf8[index]
                guard MessageText.isLetter(byte) || MessageText.isDigit(byte) || byte == UInt8(ascii: "-") else { break }
                index = utf8.index(after: index)
            }
            guard index > utf8.startIndex else { return nil }
            isBreakingChange = utf8[utf8.startIndex..<index].elementsEqual("BREAKING-CHANGE".utf8)
        }
        let token = MessageText.slice(line, utf8.startIndex..<index)
        guard index < utf8.endIndex else { return nil }

        if utf8[index] == UInt8(ascii: ":") {
            index = utf8.index(after: index)
            guard index < utf8.endIndex else {
                return isBreakingChange ? FooterLine(token: token, separator: ": ", value: "", isBreakingChange: true) : nil
            }
            guard utf8[index] == MessageText.space || utf8[index] == MessageText.tab else { return nil }
            while index < utf8.endIndex, utf8[index] == MessageText.space || utf8[index] == MessageText.tab {
                index = utf8.index(after: index)
            }
            return FooterLine(token: token, separator: ": ", value: MessageText.slice(line, index..<utf8.endIndex), isBreakingChange: isBreakingChange)
        }
        if utf8[index] == MessageText.space {
            index = utf8.index(after: index)
            guard index < utf8.endIndex, utf8[index] == UInt8(ascii: "#") else { return nil }
            index = utf8.index(after: index)
            guard index < utf8.endIndex else { return nil }
            return FooterLine(token: token, separator: " #", value: MessageText.slice(line, index..<utf8.endIndex), isBreakingChange: isBreakingChange)
        }
        return nil
    }
}
