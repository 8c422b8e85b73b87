import Foundation
import RelnotesFixtures
import Testing

/// `Fixtures/Scenarios/<scenario>/`: the expected outputs of each scenario.
private func goldenURL(_ scenario: Scenario, _ name: String) -> URL {
    URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/Scenarios/\(scenario.rawValue)/\(name)")
}

/// The scenario with an `origin` remote, so that output carries links.
private func linkedFixture(_ scenario: Scenario) throws -> FixtureRepository {
    let fixture = try scenario.build()
    try fixture.git("remote", "add", "origin", "git@github.com:acme/widgets.git")
    return fixture
}

private let goldenScenarios: [Scenario] = [.linear, .merges, .backportBranch, .prereleaseChain, .severalTagsOnOneCommit, .revertedFeature, .nonUTF8Message, .notesOverride, .changelogOnly, .mailmap, .squashMerge]

@Suite("relnotes changelog: golden files")
struct ChangelogGoldenTests {
    @Test("--all renders each scenario as the committed Markdown and JSON", arguments: goldenScenarios)
    func golden(scenario: Scenario) throws {
        let fixture = try linkedFixture(scenario)
        for (arguments, file) in [(["changelog", "--all"], "changelog.md"), (["changelog", "--all", "--format", "json"], "changelog.json")] {
            let run = try RelnotesBinary.run(arguments, in: fixture.url)
            #expect(run.status == 0, "\(run.standardError)")
            let problem = Golden.problem(comparing: run.standardOutput, with: goldenURL(scenario, file))
            #expect(problem == nil, "\(problem ?? "")")
        }
    }

    @Test("--group-by scope and both shipped templates render as committed")
    func variants() throws {
        let fixture = try linkedFixture(.linear)
        let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/templates")
        let cases: [([String], String)] = [
            (["changelog", "--all", "--group-by", "scope"], "changelog-by-scope.md"),
            (["changelog", "--all", "--template", templates.appendingPathComponent("keep-a-changelog.mustache").path], "keep-a-changelog.md"),
            (["changelog", "--all", "--template", templates.appendingPathComponent("compact.mustache").path], "compact.txt"),
        ]
        for (arguments, file) in cases {
            let run = try RelnotesBinary.run(arguments, in: fixture.url)
            #expect(run.status == 0, "\(run.standardError)")
            let problem = Golden.problem(comparing: run.standardOutput, with: goldenURL(.linear, file))
            #expect(problem == nil, "\(problem ?? "")")
        }
    }
}

@Suite("relnotes changelog: modes and files")
struct ChangelogCommandTests {
    @Test("the default prints only the Unreleased section")
    func unreleasedOnly() throws {
        let fixture = try linkedFixture(.linear)
        let run = try RelnotesBinary.run(["changelog"], in: fixture.url)
        #expect(run.status == 0)
        #expect(run.standardOutput.hasPrefix("## [Unreleased](https://github.com/acme/widgets/compare/v1.0.0...HEAD)\n"))
        #expect(!run.standardOutput.contains("## [1.0.0]"))
        #expect(run.standardOutput.contains("- **cli:** add --quiet"))
        #expect(run.standardOutput.contains("### Other\n\n- not a conventional commit"))
    }

    @Test("--tag titles the unreleased commits as the coming release, dated today, with the latest tag's prefix")
    func plannedTag() throws {
        let fixture = try linkedFixture(.linear)
        let run = try RelnotesBinary.run(["changelog", "--tag", "1.1.0"], in: fixture.url)
        #expect(run.status == 0, "\(run.standardError)")
        let today = ISO8601DateFormatter.string(from: Date(), timeZone: .current, formatOptions: [.withFullDate])
        #expect(run.standardOutput.hasPrefix("## [1.1.0](https://github.com/acme/widgets/compare/v1.0.0...v1.1.0) - \(today)\n"))
    }

    @Test("--all commits per release equal git rev-list <tag> ^<previous> (merges excluded)")
    func jsonMatchesRevList() throws {
        let fixture = try linkedFixture(.backportBranch)
        let run = try RelnotesBinary.run(["changelog", "--all", "--format", "json"], in: fixture.url)
        let document = try #require(try JSONSerialization.jsonObject(with: run.standardOutputData) as? [String: Any])
        let releases = try #require(document["releases"] as? [[String: Any]])
        #expect(releases.map { $0["tag"] as? String } == [nil, "v1.1.0", "v1.0.1", "v1.0.0"])
        for release in releases {
            guard let tag = release["tag"] as? String else { continue }
            var arguments = ["rev-list", "--no-merges", tag]
            if let previous = release["previous_tag"] as? String { arguments.append("^" + previous) }
            let expected = Set(try fixture.git(arguments).split(separator: "\n").map(String.init))
            let ids = Set(((release["commits"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String })
            #expect(ids == expected, "\(tag)")
        }
    }

    @Test("--output onto a hand-edited file replaces only the Unreleased section")
    func inPlace() throws {
        let fixture = try linkedFixture(.linear)
        let before = "# Our Changes\n\nWritten *by hand*, with care.\n\n"
        let after = "## [1.0.0] - 2024-01-01\n\nHand-edited notes that must survive.\n\n## 0.2.0\n\n- older, edited\n"
        let file = fixture.url.appendingPathComponent("CHANGELOG.md")
        try Data((before + "## [Unreleased]\n\n- stale entry\n\n" + after).utf8).write(to: file)
        let run = try RelnotesBinary.run(["changelog", "--output", "CHANGELOG.md"], in: fixture.url)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.isEmpty)
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.hasPrefix(before + "## [Unreleased](https://github.com/acme/widgets/compare/v1.0.0...HEAD)\n"))
        #expect(text.hasSuffix("\n\n" + after))
        #expect(!text.contains("stale entry"))
        // Running again changes nothing, and --check agrees.
        _ = try RelnotesBinary.run(["changelog", "--output", "CHANGELOG.md"], in: fixture.url)
        #expect(try String(contentsOf: file, encoding: .utf8) == text)
        let check = try RelnotesBinary.run(["changelog", "--output", "CHANGELOG.md", "--check"], in: fixture.url)
        #expect(check.status == 0)
    }

    @Test("--output creates a missing file with the header; --all keeps the file's header and sections; --all --regenerate rewrites it")
    func createsAndRegenerates() throws {
        let fixture = try linkedFixture(.linear)
        let file = fixture.url.appendingPathComponent("CHANGELOG.md")
        _ = try RelnotesBinary.run(["changelog", "--output", "CHANGELOG.md"], in: fixture.url)
        #expect(try String(contentsOf: file, encoding: .utf8).hasPrefix("# Changelog\n\n## [Unreleased]("))
        try Data("# Custom\n\n## 0.0.1\n\nstuff\n".utf8).write(to: file)
        _ = try RelnotesBinary.run(["changelog", "--all", "--output", "CHANGELOG.md"], in: fixture.url)
        let stdout = try RelnotesBinary.run(["changelog", "--all"], in: fixture.url).standardOutput
        let sections = try #require(stdout.range(of: "## [Unreleased]").map { stdout[$0.lowerBound...] })
        #expect(try String(contentsOf: file, encoding: .utf8) == "# Custom\n\n" + sections + "\n## 0.0.1\n\nstuff\n")
        _ = try RelnotesBinary.run(["changelog", "--all", "--regenerate", "--output", "CHANGELOG.md"], in: fixture.url)
        #expect(try String(contentsOf: file, encoding: .utf8) == stdout)
        // Without a file, --all writes what --all --regenerate writes.
        try FileManager.default.removeItem(at: file)
        _ = try RelnotesBinary.run(["changelog", "--all", "--output", "CHANGELOG.md"], in: fixture.url)
        #expect(try String(contentsOf: file, encoding: .utf8) == stdout)
    }

    @Test("--check exits 3 with a unified diff on stdout when the file is out of date, and writes nothing")
    func check() throws {
        let fixture = try linkedFixture(.linear)
        let file = fixture.url.appendingPathComponent("CHANGELOG.md")
        let stale = "# Changelog\n\n## [Unreleased]\n\n- stale\n"
        try Data(stale.utf8).write(to: file)
        let run = try RelnotesBinary.run(["changelog", "--output", "CHANGELOG.md", "--check"], in: fixture.url)
        #expect(run.status == 3)
        #expect(run.standardOutput.hasPrefix("--- CHANGELOG.md\n+++ CHANGELOG.md (expected)\n@@ "))
        #expect(run.standardOutput.contains("\n-- stale\n"))
        #expect(run.standardError.contains("CHANGELOG.md is not up to date"))
        #expect(try String(contentsOf: file, encoding: .utf8) == stale)
    }

    @Test("an unwritable target leaves the old file intact, exit 2", arguments: [true, false])
    func unwritable(readOnlyFile: Bool) throws {
        let fixture = try linkedFixture(.linear)
        let original = "# Changelog\n\n## [Unreleased]\n\n- keep me\n"
        let path: String
        if readOnlyFile {
            let file = fixture.url.appendingPathComponent("CHANGELOG.md")
            try Data(original.utf8).write(to: file)
            try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: file.path)
            path = "CHANGELOG.md"
        } else {
            path = "no/such/folder/CHANGELOG.md"
        }
        let run = try RelnotesBinary.run(["changelog", "--all", "--output", path], in: fixture.url)
        #expect(run.status == 2)
        #expect(run.standardError.hasPrefix("relnotes: error: cannot write \(path)"))
        if readOnlyFile {
            #expect(try String(contentsOf: fixture.url.appendingPathComponent(path), encoding: .utf8) == original)
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.url.path).filter { $0.contains(".relnotes-") }
        #expect(leftovers.isEmpty)
    }

    @Test("template errors are exit 1 with file and line", arguments: [
        ("{{#releases}}\n{{title}\n", ":2:"),
        (nil, ": neither a built-in template nor a file"),
    ] as [(String?, String)])
    func templateErrors(content: String?, expected: String) throws {
        let fixture = try linkedFixture(.linear)
        let file = fixture.url.appendingPathComponent("notes.mustache")
        if let content { try Data(content.utf8).write(to: file) }
        let run = try RelnotesBinary.run(["changelog", "--template", "notes.mustache"], in: fixture.url)
        #expect(run.status == 1)
        #expect(run.standardError.hasPrefix("relnotes: error: notes.mustache\(expected)"))
        #expect(run.standardOutput.isEmpty)
    }

    @Test("repository_url in the configuration gives links without a remote")
    func configuredURL() throws {
        let fixture = try Scenario.linear.build()
        try Data("repository_url = \"https://git.example.com/team/widgets\"\n".utf8).write(to: fixture.url.appendingPathComponent(".relnotes.toml"))
        let run = try RelnotesBinary.run(["changelog"], in: fixture.url)
        #expect(run.standardOutput.hasPrefix("## [Unreleased](https://git.example.com/team/widgets/compare/v1.0.0...HEAD)\n"))
    }
}
