import Foundation
import Testing
import RelnotesCore

/// `changelog --all --output` onto an existing file: hand edits survive, missing releases are
/// added in version order, Unreleased is rewritten.
@Suite("changelog merger: --all keeps the file's sections and adds the missing releases")
struct ChangelogFileMergerAllTests {
    let merger = ChangelogFileMerger()
    static let unreleased = "## [Unreleased](https://x/compare/v2.0.0...HEAD)\n\n### Features\n\n- new\n"

    static func release(_ version: String, tag: String? = nil) -> ChangelogFileMerger.Section {
        let parsed = SemanticVersion(version)
        return ChangelogFileMerger.Section(
            text: "## [\(version)](https://x/compare/\(version)) - 2024-01-01\n\n### Bug Fixes\n\n- fix in \(version)\n",
            version: parsed,
            tag: tag ?? "v\(version)"
        )
    }

    static func sections(_ versions: String...) -> [ChangelogFileMerger.Section] {
        [ChangelogFileMerger.Section(text: unreleased, version: nil)] + versions.map { release($0) }
    }

    @Test("a custom header, a curated Highlights section and a hand-fixed entry survive; the missing release is added")
    func curated() {
        let header = "# What changed in Widgets\n\nCurated by the maintainers. See also [the blog](https://blog).\n\n"
        let rest = "## Highlights\n\nA curated paragraph about the 1.0 line.\n\n## [1.0.0](https://x/compare/0.9.0...1.0.0) - 2024-01-01\n\n### Bug Fixes\n\n- fix in 1.0.0, hand-fixed wording\n"
        let existing = header + "## [Unreleased]\n\n- stale\n\n" + rest
        let sections = Self.sections("1.0.0", "0.9.0")
        let merged = merger.merging(sections: sections, into: existing, header: "# Changelog")
        #expect(merged == header + Self.unreleased + "\n" + rest + "\n" + sections[2].text)
        #expect(merger.merging(sections: sections, into: merged, header: "# Changelog") == merged, "a second run changes nothing")
    }

    @Test("a missing release goes between the two existing ones around it; several at one place newest first")
    func order() {
        let two = "## 2.0.0\n\n- two, edited\n\n"
        let one = "## 1.0.0\n\n- one, edited\n"
        let existing = "# Changelog\n\n" + two + one
        let sections = Self.sections("3.0.0", "2.0.0", "1.5.0", "1.2.0", "1.0.0", "0.5.0")
        let text = sections.map(\.text)
        let merged = merger.merging(sections: sections, into: existing, header: "# Changelog")
        let expected = "# Changelog\n\n" + text[0] + "\n" + text[1] + "\n" + two + text[3] + "\n" + text[4] + "\n" + one + "\n" + text[6]
        #expect(merged == expected)
        #expect(merger.merging(sections: sections, into: merged, header: "# Changelog") == merged)
    }

    @Test("a section for a version without a tag, and one naming no version, stay where they are and order the rest")
    func unknownSections() {
        let existing = "# C\n\n## Roadmap\n\nplans\n\n## 1.1.0\n\nnever tagged\n\n## 1.0.0\n\nedited\n"
        let sections = Self.sections("1.2.0", "1.0.1", "1.0.0")
        let merged = merger.merging(sections: sections, into: existing, header: "")
        #expect(merged == "# C\n\n" + Self.unreleased + "\n" + sections[1].text + "\n## Roadmap\n\nplans\n\n## 1.1.0\n\nnever tagged\n\n" + sections[2].text + "\n## 1.0.0\n\nedited\n")
    }

    @Test("a heading names its release in the shapes other tools write", arguments: [
        "## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) - 2024-05-01",
        "## 1.2.0", "## v1.2.0", "## [v1.2.0]", "## [api-v1.2.0]", "## [api-v1.2.0](https://x)",
        "## [1.2.0] - 2024-05-01",                                   // git-cliff, Keep a Changelog
        "## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2024-05-01)",  // release-please
        "### [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2024-05-01)", // its older patch releases
        "# [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2024-05-01)",   // conventional-changelog minor releases
        "## 1.2.0 (2024-05-01)", "## Version 1.2.0", "## [1.2.0+build.5]", "##   v1.2.0:",
    ])
    func headingShapes(heading: String) {
        let existing = "# Changelog\n\n" + heading + "\n\n- written by another tool\n"
        let sections = [ChangelogFileMerger.Section(text: Self.unreleased, version: nil), Self.release("1.2.0", tag: "api-v1.2.0")]
        let merged = merger.merging(sections: sections, into: existing, header: "# Changelog")
        #expect(merged == "# Changelog\n\n" + Self.unreleased + "\n" + heading + "\n\n- written by another tool\n")
    }

    @Test("a heading that is not the release's: another component's tag, another version, a level-3 title without brackets", arguments: [
        "## [web-v1.2.0]", "## 1.2.1", "## 1.2.0-rc.1", "## 1.2", "### 1.2.0", "#### [1.2.0]", "## Notes on 1.2.0",
    ])
    func notTheRelease(heading: String) {
        let existing = "# Changelog\n\n## 1.3.0\n\n" + heading + "\n\n- kept\n"
        let sections = [ChangelogFileMerger.Section(text: Self.unreleased, version: nil), Self.release("1.3.0"), Self.release("1.2.0", tag: "api-v1.2.0")]
        let merged = merger.merging(sections: sections, into: existing, header: "")
        #expect(merged.contains(heading + "\n\n- kept\n"))
        #expect(merged.components(separatedBy: sections[2].text).count == 2, "1.2.0 added once: \(merged)")
        #expect(merger.merging(sections: sections, into: merged, header: "") == merged)
    }

    @Test("a git-cliff file keeps every section and its footer; only the missing releases are added")
    func gitCliff() {
        let intro = "# Changelog\n\nAll notable changes to this project will be documented in this file.\n\n"
        let history = """
            ## [1.1.0] - 2024-05-01

            ### 🚀 Features

            - Add x

            ## [1.0.0] - 2024-01-01

            ### 🐛 Bug Fixes

            - Fix y

            """
        let footer = "<!-- generated by git-cliff -->\n"
        let existing = intro + history + footer
        let sections = Self.sections("1.2.0", "1.1.0", "1.0.0", "0.9.0")
        let merged = merger.merging(sections: sections, into: existing, header: "# Changelog")
        #expect(merged == intro + Self.unreleased + "\n" + sections[1].text + "\n" + history + "\n" + sections[4].text + "\n" + footer)
        #expect(merger.merging(sections: sections, into: merged, header: "# Changelog") == merged)
    }

    @Test("a release-please file keeps its sections (patch releases at level 3 too); only the missing releases are added")
    func releasePlease() {
        let history = """
            ## [1.1.0](https://github.com/o/r/compare/v1.0.1...v1.1.0) (2024-05-01)


            ### Features

            * x ([abc1234](https://github.com/o/r/commit/abc1234))

            ### [1.0.1](https://github.com/o/r/compare/v1.0.0...v1.0.1) (2024-03-01)


            ### Bug Fixes

            * y

            ## 1.0.0 (2024-01-01)


            ### Features

            * initial

            """
        let existing = "# Changelog\n\n" + history
        let sections = Self.sections("1.2.0", "1.1.0", "1.0.1", "1.0.0", "0.9.0")
        let merged = merger.merging(sections: sections, into: existing, header: "# Changelog")
        #expect(merged == "# Changelog\n\n" + Self.unreleased + "\n" + sections[1].text + "\n" + history + "\n" + sections[5].text)
    }

    @Test("a Keep a Changelog file keeps its Unreleased footer of link definitions after the added release")
    func keepAChangelog() {
        let footer = "[unreleased]: https://github.com/o/r/compare/v1.0.0...HEAD\n[1.0.0]: https://github.com/o/r/releases/tag/v1.0.0\n"
        let release = "## [1.0.0] - 2017-06-20\n\n### Added\n\n- Hand-written entry.\n\n"
        let existing = "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- stale\n\n" + release + footer
        let sections = Self.sections("1.0.0", "0.9.0")
        let merged = merger.merging(sections: sections, into: existing, header: "")
        #expect(merged == "# Changelog\n\n" + Self.unreleased + "\n" + release + sections[2].text + "\n" + footer)
        #expect(merger.merging(sections: sections, into: merged, header: "") == merged)
    }

    @Test("CRLF line endings and a byte-order mark are kept; inserted text is CRLF")
    func crlfAndMark() {
        let mark = "\u{FEFF}"
        let existing = mark + "# Changelog\r\n\r\nIntro.\r\n\r\n## [Unreleased]\r\n\r\n- stale\r\n\r\n## 2.0.0\r\n\r\n- edited\r\n"
        let sections = Self.sections("2.0.0", "1.0.0")
        let merged = merger.merging(sections: sections, into: existing, header: "# Changelog")
        func crlf(_ text: String) -> String { text.replacingOccurrences(of: "\n", with: "\r\n") }
        #expect(merged == mark + "# Changelog\r\n\r\nIntro.\r\n\r\n" + crlf(Self.unreleased) + "\r\n## 2.0.0\r\n\r\n- edited\r\n\r\n" + crlf(sections[2].text))
        let bytes = Array(merged.utf8)
        #expect(!bytes.indices.contains { bytes[$0] == 10 && ($0 == 0 || bytes[$0 - 1] != 13) }, "every line ends in CRLF")
        #expect(merger.merging(sections: sections, into: merged, header: "# Changelog") == merged)
    }

    @Test("an empty file, or one of whitespace, gets the whole changelog with the header; a byte-order mark stays")
    func empty() {
        let sections = Self.sections("1.0.0")
        let whole = "# Changelog\n\n" + sections.map(\.text).joined(separator: "\n")
        #expect(merger.merging(sections: sections, into: "", header: "# Changelog") == whole)
        #expect(merger.merging(sections: sections, into: "\u{FEFF}\n \n", header: "# Changelog") == "\u{FEFF}" + whole)
    }

    @Test("a file without sections gets Unreleased and the releases after its text")
    func noSections() {
        let sections = Self.sections("1.0.0")
        let merged = merger.merging(sections: sections, into: "# Notes\nwords", header: "# Changelog")
        #expect(merged == "# Notes\nwords\n\n" + Self.unreleased + "\n" + sections[1].text)
        #expect(merger.merging(sections: sections, into: merged, header: "# Changelog") == merged)
    }

    @Test("with --tag the coming release takes the Unreleased section's place; once written, it is kept like any release")
    func plannedRelease() {
        let planned = ChangelogFileMerger.Section(text: "## [1.1.0](https://x) - 2024-06-01\n\n- coming\n", version: SemanticVersion("1.1.0"), tag: "v1.1.0")
        let sections = [planned, Self.release("1.0.0")]
        let existing = "# Changelog\n\n## [Unreleased]\n\n- stale\n\n## 1.0.0\n\n- edited\n"
        let merged = merger.merging(sections: sections, into: existing, header: "")
        #expect(merged == "# Changelog\n\n" + planned.text + "\n## 1.0.0\n\n- edited\n")
        let edited = merged.replacingOccurrences(of: "- coming", with: "- coming, edited")
        #expect(merger.merging(sections: sections, into: edited, header: "") == edited)
        // A file that has it already, and an Unreleased section: that section goes.
        let both = "# Changelog\n\n## [Unreleased]\n\n- stale\n\n## [1.1.0]\n\n- mine\n\n## 1.0.0\n"
        #expect(merger.merging(sections: sections, into: both, header: "") == "# Changelog\n\n## [1.1.0]\n\n- mine\n\n## 1.0.0\n")
    }

    @Test("a fence left open in Unreleased does not hide the releases below it, nor duplicate them")
    func strayFence() {
        let existing = "# Changelog\n\n## [Unreleased]\n\n```sh\nrm -rf\n\n## [1.0.0] - 2024-01-01\n\n- edited\n"
        let sections = Self.sections("1.0.0")
        #expect(merger.merging(sections: sections, into: existing, header: "") == "# Changelog\n\n" + Self.unreleased + "\n## [1.0.0] - 2024-01-01\n\n- edited\n")
    }

    @Test("the header and every release section of the file are kept byte for byte, for many shapes of file", arguments: 0..<200)
    func invariant(seed: Int) {
        var random = SplitMix(seed: UInt64(seed) &+ 1000)
        let pieces = ["text\n", "\n", "```\n", "~~~\n", "    ```\n", "- item\n", "  ```\n", "> q\n", "<!-- c\n", "-->\n", "### Sub\n", "[x]: https://x\n", "## Notes\n"]
        // Inside a release section, a level-2 heading would start a section of its own.
        func chunk(sections: Bool = false) -> String {
            (0..<random.next(upTo: 6)).map { _ in pieces[random.next(upTo: pieces.count - (sections ? 1 : 0))] }.joined()
        }
        let newline = random.next(upTo: 2) == 0 ? "\n" : "\r\n"
        func converted(_ text: String) -> String { text.replacingOccurrences(of: "\n", with: newline) }
        let preamble = "# Changelog\n\n" + (random.next(upTo: 2) == 0 ? "```\n## [Unreleased]\n```\n\n" : "") + (random.next(upTo: 2) == 0 ? "Intro.\n\n" : "")
        // 1.5.0 has no tag: the file's section stays where it is.
        let versions = ["4.0.0", "3.0.0", "2.0.0", "1.5.0", "1.0.0", "0.1.0"]
        let inFile = versions.filter { _ in random.next(upTo: 2) == 0 }
        // Each ends in an entry: link definitions there would be the file's footer, kept last.
        let releaseSections = inFile.map { "## [\($0)] - 2020-01-01\n\n" + chunk(sections: true) + "\n- end of \($0)\n\n" }
        let hasUnreleased = random.next(upTo: 3) > 0
        let existing = converted(preamble + (hasUnreleased ? "## [Unreleased]\n\n" + chunk() + "\n" : "") + releaseSections.joined())
        let tagged = versions.filter { $0 != "1.5.0" && random.next(upTo: 3) > 0 }
        let rendered = [ChangelogFileMerger.Section(text: Self.unreleased, version: nil)] + tagged.map { Self.release($0) }
        let merged = merger.merging(sections: rendered, into: existing, header: "")
        #expect(merged.hasPrefix(converted(preamble)), "\(existing.debugDescription)")
        for section in releaseSections {
            #expect(merged.contains(converted(section)), "\(existing.debugDescription)")
        }
        #expect(merged.contains(converted(Self.unreleased)))
        for version in tagged where !inFile.contains(version) {
            #expect(merged.contains(converted(Self.release(version).text)), "\(existing.debugDescription)")
        }
        let stale = converted("## [Unreleased]\n")
        #expect(merged.components(separatedBy: stale).count == converted(preamble).components(separatedBy: stale).count, "the old Unreleased section is replaced")
        #expect(merger.merging(sections: rendered, into: merged, header: "") == merged, "\(existing.debugDescription)")
    }
}
