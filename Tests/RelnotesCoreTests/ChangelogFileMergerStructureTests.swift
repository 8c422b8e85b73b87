import Foundation
import Testing
import RelnotesCore

@Suite("changelog merger: Markdown structure, line endings, byte-order mark, footers")
struct ChangelogFileMergerStructureTests {
    let section = "## [Unreleased]\n\n### Features\n\n- new\n"
    let merger = ChangelogFileMerger()
    static let older = "## [1.2.0] - 2024-02-01\n\n- one two\n\n## v1.1.0\n\n- older\n\n## 1.0.0 - 2020-01-01\n\n- oldest\n"

    @Test("a fence left open inside Unreleased never swallows the releases below it", arguments: [
        // As relnotes 0.x wrote a breaking note holding an unclosed fence: indented in its item.
        "- **api:** drop v1 (abc1234)\n  ```sh\n  rm -rf config\n",
        // At the left margin, backticks and tildes, with a heading-like line inside.
        "```\n## not a heading\n",
        "~~~~\ncode\n~~~\n",
        "<!-- an unclosed comment\n",
        "> ```\n> quoted code\n",
    ])
    func unclosedFence(body: String) {
        let existing = "# Changelog\n\n## [Unreleased]\n\n" + body + "\n" + Self.older
        let merged = merger.merging(section: section, into: existing, header: "# Changelog")
        #expect(merged == "# Changelog\n\n" + section + "\n" + Self.older)
    }

    @Test("a fence left open before a release heading without brackets or a date is still closed by it", arguments: ["## v1.2.0\n", "## 1.2.0 - 2024-01-01\n", "## [api-v1.2.0](https://x/compare)\n"])
    func releaseHeadingShapes(heading: String) {
        let existing = "## Unreleased\n\n```\nx\n" + heading + "\n- kept\n"
        #expect(merger.merging(section: section, into: existing, header: "") == section + "\n" + heading + "\n- kept\n")
    }

    @Test("fenced code follows CommonMark: same character, at least as long, up to 3 spaces; headings inside are text")
    func fenceRules() {
        let intro = """
            # Changelog

            ````markdown
            ## [Unreleased]
            ```
            ## [Unreleased] still code: the closing fence is shorter
            ~~~~
            ## [Unreleased] still code: a tilde line does not close backticks
               ````
            ~~~ info
            ## [Unreleased]
            ~~~~~

            ``` not a fence ` because its info string holds a backtick

                ```
            (indented four spaces: code, not a fence)


            """
        let existing = intro + "## [Unreleased]\n\n- stale\n\n## 1.0.0\n"
        #expect(merger.merging(section: section, into: existing, header: "") == intro + section + "\n## 1.0.0\n")
    }

    @Test("inside Unreleased, a closed fence holding a heading that is not a release does not end the section")
    func closedFenceInsideSection() {
        let existing = "## [Unreleased]\n\n```md\n## Example\n# Title\n```\n\n- stale\n\n## 1.0.0\n"
        #expect(merger.merging(section: section, into: existing, header: "") == section + "\n## 1.0.0\n")
    }

    @Test("a heading inside a list item or a block quote is not a section")
    func containers() {
        let existing = "- ## [Unreleased] in an item\n> ## [Unreleased] in a quote\n\n## [Unreleased]\n\n- stale\n"
        #expect(merger.merging(section: section, into: existing, header: "") == "- ## [Unreleased] in an item\n> ## [Unreleased] in a quote\n\n" + section)
    }

    @Test("a CRLF file gets its Unreleased section replaced, and the new text in CRLF")
    func crlf() {
        let before = "# Changelog\r\n\r\nIntro.\r\n\r\n"
        let after = "## [1.0.0] - 2020-01-01\r\n\r\n- old\r\n"
        let existing = before + "## [Unreleased]\r\n\r\n- stale\r\n\r\n" + after
        let merged = merger.merging(section: section, into: existing, header: "# Changelog")
        #expect(merged == before + section.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n" + after)
        #expect(!Array(merged.utf8).enumerated().contains { $0.element == 10 && ($0.offset == 0 || Array(merged.utf8)[$0.offset - 1] != 13) })
        // Without an Unreleased section, and when empty, the inserted text is CRLF too.
        let inserted = merger.merging(section: section, into: "# C\r\n\r\n" + after, header: "")
        #expect(inserted == "# C\r\n\r\n" + section.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n" + after)
        #expect(merger.merging(section: section, into: "# Notes\r\nwords", header: "") == "# Notes\r\nwords\r\n\r\n" + section.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test("`<!-->` and `<!--->` are whole comments: the release after one survives every run", arguments: ["<!-->", "<!--->"])
    func emptyComment(comment: String) {
        // Inside an open comment the line closes it; on its own it opens nothing.
        let existing = "## [Unreleased]\n\n<!-- open\n- stale\n\(comment)\n\n## 1.0.0\n\n- old\n"
        let once = merger.merging(section: section, into: existing, header: "")
        #expect(once == section + "\n" + comment + "\n\n## 1.0.0\n\n- old\n")
        #expect(merger.merging(section: section, into: once, header: "") == once)
    }

    @Test("a footer comment is one comment: text between two comments is not footer")
    func footerIsOneComment() {
        // `-->` on the second line closes the first comment; the lines after it are the
        // section's own text, not a footer to keep, so the next run sees the same file.
        let existing = "## [Unreleased]\n\n- stale\n\n<!-- one\nends --> here\n- stale too\nnot a comment -->\n"
        let once = merger.merging(section: section, into: existing, header: "")
        #expect(once == section)
        #expect(merger.merging(section: section, into: once, header: "") == once)
        // An indented comment is not footer: after the new section's last item it would be
        // the item's, ended by its next line, and `# c -->` would read as a heading.
        let indented = "## [Unreleased]\n```\n   <!-- a\n b\n# c -->\n"
        let replaced = merger.merging(section: section, into: indented, header: "")
        #expect(replaced == section)
        #expect(merger.merging(section: section, into: replaced, header: "") == replaced)
    }

    @Test("in a file of mixed line ends, the lines that stay decide, so a second run changes nothing")
    func mixedLineEnds() {
        // The kept lines are mostly CRLF; the stale Unreleased section, mostly LF, must not tip
        // the first run to LF only for the second run (which no longer sees it) to pick CRLF.
        let kept = "# Changelog\n\n## [1.0.0] - 2020-01-01\r\n\r\n- old\r\n\r\n- older\r\n"
        let stale = "## [Unreleased]\n\n- one\n- two\n- three\n- four\n- five\n- six\n\n"
        let once = merger.merging(section: section, into: stale + kept, header: "")
        #expect(once == section.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n" + kept)
        #expect(merger.merging(section: section, into: once, header: "") == once)
        let all = [ChangelogFileMerger.Section(text: section, version: nil)]
        let onceAll = merger.merging(sections: all, into: stale + kept, header: "")
        #expect(onceAll == once)
        #expect(merger.merging(sections: all, into: onceAll, header: "") == onceAll)
        // A last line ending in a bare CR becomes a CRLF line once a section is appended.
        let bareCR = "text\n\r\r\n\r"
        let appended = merger.merging(section: section, into: bareCR, header: "")
        #expect(appended == bareCR + "\n" + section.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(merger.merging(section: section, into: appended, header: "") == appended)
        // A closing fence that ends in a bare CR closes once the line is ended: nothing to add.
        let fenceCR = "text\n\n````\n## 2.0.0 inside\n````\r"
        let closed = merger.merging(section: section, into: fenceCR, header: "")
        #expect(closed == fenceCR + "\n\n" + section)
        #expect(merger.merging(section: section, into: closed, header: "") == closed)
        // In a CRLF file, only a line feed follows that CR: `\r\r\n` would not end the fence.
        let fenceCRLF = "```\r\ncode\r\n```\r"
        let closedCRLF = merger.merging(section: section, into: fenceCRLF, header: "")
        #expect(closedCRLF == fenceCRLF + "\n\r\n" + section.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(merger.merging(section: section, into: closedCRLF, header: "") == closedCRLF)
        // So is a heading: `##\r` at the very end is the first section's heading.
        let headingCR = "text\n\n##\r"
        let before = merger.merging(section: section, into: headingCR, header: "")
        #expect(before == "text\n\n" + section + "\n##\r")
        #expect(merger.merging(section: section, into: before, header: "") == before)
    }

    @Test("link reference definitions and HTML comments after the last section are kept")
    func footer() {
        let footer = "[Unreleased]: https://github.com/a/b/compare/v1.0.0...HEAD\n[1.0.0]: https://github.com/a/b/releases/tag/v1.0.0\n\n<!--\n  Generated; see CONTRIBUTING.md.\n-->\n<!-- one line -->\n"
        let existing = "# Changelog\n\n## [Unreleased]\n\n- stale\n\n" + footer
        #expect(merger.merging(section: section, into: existing, header: "") == "# Changelog\n\n" + section + "\n" + footer)
        // The same footer at the end of an Unreleased section followed by a release.
        let middle = "## [Unreleased]\n\n- stale\n\n" + footer + "\n## 1.0.0\n"
        #expect(merger.merging(section: section, into: middle, header: "") == section + "\n" + footer + "\n## 1.0.0\n")
        // Running again changes nothing.
        let once = merger.merging(section: section, into: existing, header: "")
        #expect(merger.merging(section: section, into: once, header: "") == once)
    }

    @Test("a UTF-8 byte-order mark is kept, also when the Unreleased heading is the first line")
    func byteOrderMark() {
        let mark = "\u{FEFF}"
        #expect(merger.merging(section: section, into: mark + "## [Unreleased]\n\n- stale\n\n## 1.0.0\n", header: "") == mark + section + "\n## 1.0.0\n")
        #expect(merger.merging(section: section, into: mark + "# Changelog\n\n## 1.0.0\n", header: "") == mark + "# Changelog\n\n" + section + "\n## 1.0.0\n")
        #expect(merger.merging(section: section, into: mark, header: "# Changelog") == mark + "# Changelog\n\n" + section)
        #expect(merger.matchingConventions(of: mark + "a\r\nb\r\n", "# Changelog\n\n- x\n") == mark + "# Changelog\r\n\r\n- x\r\n")
        #expect(merger.matchingConventions(of: "a\nb\n", "# Changelog\n") == "# Changelog\n")
    }

    @Test("every byte outside the Unreleased section is kept, for many shapes of file", arguments: 0..<40)
    func invariant(seed: Int) {
        var random = SplitMix(seed: UInt64(seed))
        let pieces = ["text\n", "\n", "```\n", "~~~\n", "    ```\n", "- item\n", "  ```\n", "> q\n", "<!-- c\n", "-->\n", "## Notes\n", "[x]: https://x\n", "# Title\n"]
        func chunk() -> String { (0..<random.next(upTo: 6)).map { _ in pieces[random.next(upTo: pieces.count)] }.joined() }
        let newline = random.next(upTo: 2) == 0 ? "\n" : "\r\n"
        let before = "# Changelog\n\n" + (random.next(upTo: 2) == 0 ? "```\n## [Unreleased]\n```\n\n" : "")
        let body = chunk()
        let after = "## [1.0.0] - 2020-01-01\n\n" + chunk() + "\n## 0.9.0\n\n- old\n"
        let existing = (before + "## [Unreleased]\n\n" + body + "\n" + after).replacingOccurrences(of: "\n", with: newline)
        let merged = merger.merging(section: section, into: existing, header: "")
        let expectedBefore = before.replacingOccurrences(of: "\n", with: newline)
        #expect(merged.hasPrefix(expectedBefore + section.replacingOccurrences(of: "\n", with: newline)))
        // Whatever the section held, the releases below it are all there, byte for byte.
        #expect(merged.hasSuffix(after.replacingOccurrences(of: "\n", with: newline)), "\(existing.debugDescription)")
    }
}

/// A small deterministic generator for table tests.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next(upTo bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Int(z % UInt64(bound))
    }
}

@Suite("a fence or comment left open at the end of the file")
struct MergerOpenBlockAtEndTests {
    @Test("is closed before the appended section, so merging twice changes nothing", arguments: [
        "# Changelog\n\n```\n## 1.0.0\n",
        "# Changelog\n<!-- ## Unreleased 1.0.0\n",
        "# Changelog\n\n~~~~\ncode\n",
    ])
    func idempotent(file: String) {
        let section = "## Unreleased\n\n- **api:** x (abc1234)\n"
        let merger = ChangelogFileMerger()
        let once = merger.merging(section: section, into: file, header: "# Changelog")
        #expect(once.hasPrefix(file))
        #expect(merger.merging(section: section, into: once, header: "# Changelog") == once)
    }
}

@Suite("the Unreleased heading is read byte by byte")
struct MergerUnreleasedBytesTests {
    @Test("a combining mark after Unreleased does not hide the section")
    func combiningMark() {
        let file = "## Unreleased\u{0301} old\n\n## 1.0.0\n\n- released\n"
        let merged = ChangelogFileMerger().merging(section: "## [Unreleased]\n\n- new (abc1234)\n", into: file, header: "# Changelog")
        #expect(merged == "## [Unreleased]\n\n- new (abc1234)\n\n## 1.0.0\n\n- released\n")
    }
}

@Suite("the section of a planned release (changelog --tag V)")
struct MergerPlannedReleaseTests {
    private let v = SemanticVersion(major: 1, minor: 3, patch: 0)

    @Test("replaces Unreleased the first time and its own section the second time")
    func twice() {
        let file = "# Changelog\n\n## Unreleased\n\n- old\n\n## [1.2.0] - 2024-01-01\n\n- released\n\n[1.2.0]: https://example.com\n"
        let merger = ChangelogFileMerger()
        let first = ChangelogFileMerger.Section(text: "## [1.3.0] - 2024-05-01\n\n- new\n", version: v, tag: "v1.3.0")
        let once = merger.merging(planned: first, into: file, header: "# Changelog")
        #expect(once == "# Changelog\n\n## [1.3.0] - 2024-05-01\n\n- new\n\n## [1.2.0] - 2024-01-01\n\n- released\n\n[1.2.0]: https://example.com\n")
        #expect(merger.merging(planned: first, into: once, header: "# Changelog") == once)
        let more = ChangelogFileMerger.Section(text: "## [1.3.0] - 2024-05-02\n\n- new\n- newer\n", version: v, tag: "v1.3.0")
        #expect(merger.merging(planned: more, into: once, header: "# Changelog") == "# Changelog\n\n## [1.3.0] - 2024-05-02\n\n- new\n- newer\n\n## [1.2.0] - 2024-01-01\n\n- released\n\n[1.2.0]: https://example.com\n")
    }
}
