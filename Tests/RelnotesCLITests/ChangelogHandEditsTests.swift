import Foundation
import RelnotesFixtures
import Testing

/// The linear scenario (v0.1.0, v0.2.0, v1.0.0, then unreleased commits) with an `origin`.
private func linkedFixture() throws -> FixtureRepository {
    let fixture = try Scenario.linear.build()
    try fixture.git("remote", "add", "origin", "git@github.com:acme/widgets.git")
    return fixture
}

/// The section of `version` in a whole rendered changelog: from its heading to the next one.
private func section(_ version: String, in changelog: String) throws -> String {
    let start = try #require(changelog.range(of: "## [\(version)]("))
    let rest = changelog[start.lowerBound...]
    let end = rest.dropFirst().range(of: "\n## ").map { rest.index(after: $0.lowerBound) } ?? rest.endIndex
    return String(rest[..<end])
}

/// The Unreleased section of the linear scenario's whole changelog, with the blank line after it.
private func unreleasedSection(in changelog: String) throws -> String {
    let start = try #require(changelog.range(of: "## [Unreleased]"))
    let end = try #require(changelog.range(of: "## [1.0.0]"))
    return String(changelog[start.lowerBound..<end.lowerBound])
}

@Suite("relnotes changelog --all --output: hand edits survive")
struct ChangelogHandEditsTests {
    @Test("a custom header, a curated section and a hand-fixed entry survive --all; missing releases are added in order")
    func curatedSurvives() throws {
        let fixture = try linkedFixture()
        let file = fixture.url.appendingPathComponent("CHANGELOG.md")
        let header = "# Widgets: what changed\n\nCurated by hand. Upgrading from 0.x? Read the Highlights.\n\n"
        let kept = """
            ## Highlights

            Version 1.0 renames the entry point; everything else is compatible.

            ## [0.2.0] - 2024-01-01

            - **cli:** add `--verbose` (hand-fixed wording, #12)

            """
        try Data((header + "## [Unreleased]\n\n- stale\n\n" + kept).utf8).write(to: file)
        let run = try RelnotesBinary.run(["changelog", "--all", "--output", "CHANGELOG.md"], in: fixture.url)
        #expect(run.status == 0, "\(run.standardError)")
        let full = try RelnotesBinary.run(["changelog", "--all"], in: fixture.url).standardOutput
        let text = try String(contentsOf: file, encoding: .utf8)
        let unreleased = try unreleasedSection(in: full)
        // Unreleased rewritten; 1.0.0 has no newer section in the file, so it follows Unreleased;
        // 0.1.0 follows 0.2.0, the nearest newer one.
        #expect(text == header + unreleased + (try section("1.0.0", in: full)) + kept + "\n" + (try section("0.1.0", in: full)))
        #expect(!text.contains("stale"))

        // Idempotent, and --check agrees right after a write.
        let again = try RelnotesBinary.run(["changelog", "--all", "--output", "CHANGELOG.md"], in: fixture.url)
        #expect(again.status == 0, "\(again.standardError)")
        #expect(try String(contentsOf: file, encoding: .utf8) == text)
        let check = try RelnotesBinary.run(["changelog", "--all", "--output", "CHANGELOG.md", "--check"], in: fixture.url)
        #expect(check.status == 0, "\(check.standardOutput)")
    }

    @Test("--check with --all fails when a release section is missing, and names --all in its hint")
    func checkSeesMissingRelease() throws {
        let fixture = try linkedFixture()
        let file = fixture.url.appendingPathComponent("CHANGELOG.md")
        _ = try RelnotesBinary.run(["changelog", "--all", "--output", "CHANGELOG.md"], in: fixture.url)
        let written = try String(contentsOf: file, encoding: .utf8)
        let full = try RelnotesBinary.run(["changelog", "--all"], in: fixture.url).standardOutput
        try Data(written.replacingOccurrences(of: try section("0.2.0", in: full), with: "").utf8).write(to: file)
        let check = try RelnotesBinary.run(["changelog", "--all", "--output", "CHANGELOG.md", "--check"], in: fixture.url)
        #expect(check.status == 3)
        #expect(check.standardOutput.contains("\n+## [0.2.0]("))
        #expect(check.standardError.contains("hint: run relnotes changelog --all --output CHANGELOG.md"))
    }

    @Test("--all --regenerate rewrites the whole file, keeping only its byte-order mark and line endings")
    func regenerate() throws {
        let fixture = try linkedFixture()
        let file = fixture.url.appendingPathComponent("CHANGELOG.md")
        try Data("\u{FEFF}# Custom\r\n\r\n## Highlights\r\n\r\nhand\r\n\r\n## [1.0.0]\r\n\r\n- edited\r\n".utf8).write(to: file)
        let run = try RelnotesBinary.run(["changelog", "--all", "--regenerate", "--output", "CHANGELOG.md"], in: fixture.url)
        #expect(run.status == 0, "\(run.standardError)")
        let full = try RelnotesBinary.run(["changelog", "--all"], in: fixture.url).standardOutput
        // Compared as bytes: reading a String would drop the byte-order mark.
        #expect([UInt8](try Data(contentsOf: file)) == [0xEF, 0xBB, 0xBF] + Array(full.replacingOccurrences(of: "\n", with: "\r\n").utf8))
        let check = try RelnotesBinary.run(["changelog", "--all", "--regenerate", "--output", "CHANGELOG.md", "--check"], in: fixture.url)
        #expect(check.status == 0, "\(check.standardOutput)")
    }

    @Test("--regenerate without --all is a usage error")
    func regenerateNeedsAll() throws {
        let fixture = try linkedFixture()
        let run = try RelnotesBinary.run(["changelog", "--regenerate", "--output", "CHANGELOG.md"], in: fixture.url)
        #expect(run.status == 1)
        #expect(run.standardError.contains("--regenerate needs --all"))
    }

    @Test("a CRLF file with a byte-order mark keeps both under --all; the added sections are CRLF")
    func crlfAndMark() throws {
        let fixture = try linkedFixture()
        let file = fixture.url.appendingPathComponent("CHANGELOG.md")
        let existing = "\u{FEFF}# Changelog\r\n\r\n## [Unreleased]\r\n\r\n- stale\r\n\r\n## [1.0.0] - 2024-01-01\r\n\r\n- edited\r\n"
        try Data(existing.utf8).write(to: file)
        let run = try RelnotesBinary.run(["changelog", "--all", "--output", "CHANGELOG.md"], in: fixture.url)
        #expect(run.status == 0, "\(run.standardError)")
        let bytes = [UInt8](try Data(contentsOf: file))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF, UInt8(ascii: "#")]))
        #expect(!bytes.indices.contains { bytes[$0] == 10 && ($0 == 0 || bytes[$0 - 1] != 13) }, "every line ends in CRLF")
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("\r\n\r\n## [1.0.0] - 2024-01-01\r\n\r\n- edited\r\n\r\n## [0.2.0]("))
        #expect(text.hasSuffix("\r\n"))
        let check = try RelnotesBinary.run(["changelog", "--all", "--output", "CHANGELOG.md", "--check"], in: fixture.url)
        #expect(check.status == 0, "\(check.standardOutput)")
    }

    @Test("a CHANGELOG.md written by git-cliff keeps its history; relnotes adds only the releases it lacks")
    func migratedFromGitCliff() throws {
        let fixture = try linkedFixture()
        let file = fixture.url.appendingPathComponent("CHANGELOG.md")
        let theirs = """
            # Changelog

            All notable changes to this project will be documented in this file.

            ## [1.0.0] - 2024-01-01

            ### 🚀 Features

            - [**breaking**] Rename the entry point

            ## [0.1.0] - 2024-01-01

            ### 🚀 Features

            - First light

            <!-- generated by git-cliff -->

            """
        try Data(theirs.utf8).write(to: file)
        let run = try RelnotesBinary.run(["changelog", "--all", "--output", "CHANGELOG.md"], in: fixture.url)
        #expect(run.status == 0, "\(run.standardError)")
        let full = try RelnotesBinary.run(["changelog", "--all"], in: fixture.url).standardOutput
        let text = try String(contentsOf: file, encoding: .utf8)
        let intro = "# Changelog\n\nAll notable changes to this project will be documented in this file.\n\n"
        let unreleased = try unreleasedSection(in: full)
        let expected = intro + unreleased + theirs.dropFirst(intro.count).replacingOccurrences(of: "## [0.1.0]", with: (try section("0.2.0", in: full)) + "## [0.1.0]")
        #expect(text == expected)
    }

    @Test("after committing the regenerated changelog, --all --check passes")
    func committedChangelogChecks() throws {
        let fixture = try linkedFixture()
        let run = try RelnotesBinary.run(["changelog", "--all", "--output", "CHANGELOG.md"], in: fixture.url)
        #expect(run.status == 0, "\(run.standardError)")
        try fixture.git("add", "CHANGELOG.md")
        try fixture.git("commit", "-q", "-m", "docs: regenerate CHANGELOG.md")
        #expect(try fixture.git("show", "--name-only", "--format=", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines) == "CHANGELOG.md")
        let check = try RelnotesBinary.run(["changelog", "--all", "--output", "CHANGELOG.md", "--check"], in: fixture.url)
        #expect(check.status == 0, "\(check.standardOutput)\(check.standardError)")
    }
}
