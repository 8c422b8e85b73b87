import Foundation
import RelnotesFixtures
import Testing

/// `Fixtures/Scenarios/<scenario>/<name>`.
private func scenarioFile(_ scenario: Scenario, _ name: String) -> URL {
    URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/Scenarios/\(scenario.rawValue)/\(name)")
}

/// A scenario rendered with a configuration: `<variant>.toml` beside its goldens
/// `<variant>.md` and `<variant>.json`.
private let configuredGoldens: [(Scenario, String)] = [
    (.prereleaseChain, "folded"),
    (.squashMerge, "split"),
]

@Suite("what counts, end to end: notes overrides, changelog-only commits, 0.x keys, folded prereleases, squash merges, mailmap")
struct CountingRulesCommandTests {
    @Test("--all with a scenario's configuration renders as the committed Markdown and JSON", arguments: configuredGoldens)
    func configuredGolden(scenario: Scenario, variant: String) throws {
        let fixture = try scenario.build()
        try fixture.git("remote", "add", "origin", "git@github.com:acme/widgets.git")
        let config = scenarioFile(scenario, "\(variant).toml").path
        for (extra, file) in [([String](), "\(variant).md"), (["--format", "json"], "\(variant).json")] {
            let run = try RelnotesBinary.run(["--config", config, "changelog", "--all"] + extra, in: fixture.url)
            #expect(run.status == 0, "\(run.standardError)")
            let problem = Golden.problem(comparing: run.standardOutput, with: scenarioFile(scenario, file))
            #expect(problem == nil, "\(problem ?? "")")
        }
    }

    @Test("a relnotes note rewrites a commit for changelog, next-version and lint; relnotes: skip drops it")
    func notesOverride() throws {
        let fixture = try Scenario.notesOverride.build()
        let changelog = try RelnotesBinary.run(["changelog"], in: fixture.url)
        #expect(changelog.status == 0, "\(changelog.standardError)")
        #expect(changelog.standardOutput.contains("**api:** clearer error text"))
        #expect(!changelog.standardOutput.contains("tweak the api wording"))
        #expect(!changelog.standardOutput.contains("accidental"))
        #expect(!changelog.standardOutput.contains("skip"))
        let next = try RelnotesBinary.run(["next-version"], in: fixture.url)
        #expect(next.standardOutput == "v1.0.1\n", "\(next.standardError)")
        let explain = try RelnotesBinary.run(["next-version", "--explain"], in: fixture.url)
        #expect(explain.standardOutput.contains("1 skipped by a relnotes: skip note"))

        // Lint sees the note, not the message: a bad message fixed by a note passes.
        let bad = try fixture.commit("Fixed stuff")
        #expect(try RelnotesBinary.run(["lint", "v1.0.0..HEAD"], in: fixture.url).status == 3)
        try fixture.git("notes", "--ref=relnotes", "add", "-m", "fix: handle stuff", bad)
        let lint = try RelnotesBinary.run(["lint", "v1.0.0..HEAD"], in: fixture.url)
        #expect(lint.status == 0, "\(lint.standardOutput)\(lint.standardError)")
    }

    @Test("a commit that changes only CHANGELOG.md is no entry and no bump; one that also changes another file counts")
    func changelogOnly() throws {
        let fixture = try Scenario.changelogOnly.build()
        let changelog = try RelnotesBinary.run(["changelog", "--format", "json"], in: fixture.url)
        #expect(changelog.status == 0)
        #expect(!changelog.standardOutput.contains("regenerate"))
        let next = try RelnotesBinary.run(["next-version"], in: fixture.url)
        #expect(next.standardOutput == "v1.1.0\n")
        #expect(next.standardError.contains("nothing release-worthy"))
        let all = try RelnotesBinary.run(["changelog", "--all"], in: fixture.url)
        #expect(all.standardOutput.contains("search, with its changelog entry"))
    }

    @Test("the file given to --output counts as the changelog: committing it regenerated keeps --check green")
    func outputFileIsTheChangelog() throws {
        let fixture = try Scenario.linear.build()
        try FileManager.default.createDirectory(at: fixture.url.appendingPathComponent("docs"), withIntermediateDirectories: true)
        let write = try RelnotesBinary.run(["changelog", "--all", "--output", "docs/HISTORY.md"], in: fixture.url)
        #expect(write.status == 0, "\(write.standardError)")
        try fixture.git("add", "docs/HISTORY.md")
        try fixture.git("commit", "--quiet", "-m", "docs: regenerate the history")
        let check = try RelnotesBinary.run(["changelog", "--all", "--output", "docs/HISTORY.md", "--check"], in: fixture.url)
        #expect(check.status == 0, "\(check.standardOutput)\(check.standardError)")
        // Without --output naming it, the same commit is an ordinary docs entry.
        #expect(try RelnotesBinary.run(["changelog"], in: fixture.url).standardOutput.contains("regenerate the history"))
    }

    @Test("next-version --explain and --json name the 0.x key that decided", arguments: [
        ("pre_major_breaking = \"minor\"\n", "feat!: redo", "v0.4.0", "breaking change on 0.x: minor (pre_major_breaking = \"minor\")"),
        ("pre_major_features = \"patch\"\n", "feat: add", "v0.3.1", "feature on 0.x: patch (pre_major_features = \"patch\")"),
        ("pre_major_breaking = \"minor\"\n", "feat: add", "v0.4.0", "feature on 0.x: minor (pre_major_features = \"minor\")"),
    ])
    func zeroMajorExplain(config: String, message: String, next: String, explanation: String) throws {
        let fixture = try FixtureRepository()
        try fixture.commit("feat: base")
        try fixture.tag("v0.3.0")
        try fixture.commit(message)
        try config.write(to: fixture.url.appendingPathComponent(".relnotes.toml"), atomically: true, encoding: .utf8)
        let explain = try RelnotesBinary.run(["next-version", "--explain"], in: fixture.url)
        #expect(explain.status == 0, "\(explain.standardError)")
        #expect(explain.standardOutput.contains("next version    \(next)"))
        #expect(explain.standardOutput.contains("0.x rule        \(explanation)"), "\(explain.standardOutput)")
        let json = try RelnotesBinary.run(["next-version", "--json"], in: fixture.url)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        let rules = try #require(document["pre_major_rules"] as? [[String: Any]])
        #expect(rules.map { $0["explanation"] as? String } == [explanation])
    }

    @Test("split_squash = true counts each item of a squash merge for the version; its entries share the commit id")
    func splitSquash() throws {
        let fixture = try Scenario.squashMerge.build()
        #expect(try RelnotesBinary.run(["next-version"], in: fixture.url).standardOutput == "v1.0.0\n")
        let config = scenarioFile(.squashMerge, "split.toml").path
        #expect(try RelnotesBinary.run(["--config", config, "next-version"], in: fixture.url).standardOutput == "v1.1.0\n")
        let json = try RelnotesBinary.run(["--config", config, "changelog", "--format", "json"], in: fixture.url)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        let releases = try #require(document["releases"] as? [[String: Any]])
        let commits = try #require(releases.first?["commits"] as? [[String: Any]])
        #expect(Set(commits.compactMap { $0["type"] as? String }) == ["feat", "fix"])
        #expect(Set(commits.compactMap { $0["id"] as? String }).count == 1)
    }

    @Test("notes list each contributor once under the mailmap's name, co-authors included, first-timers marked")
    func mailmapContributors() throws {
        let fixture = try Scenario.mailmap.build()
        let run = try RelnotesBinary.run(["notes", "v1.1.0", "--format", "json"], in: fixture.url)
        #expect(run.status == 0, "\(run.standardError)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        let people = try #require(document["contributors"] as? [[String: Any]])
        let shown = people.map { "\($0["name"] as? String ?? "") <\($0["email"] as? String ?? "")> \($0["first_time"] as? Bool ?? false)" }
        #expect(shown == ["Ana Lima <ana@example.com> false", "Bo Chen <bo@example.com> true", "Cy Park <cy@example.com> true"])
        // JSON authors are canonical too.
        let json = try RelnotesBinary.run(["changelog", "--all", "--format", "json"], in: fixture.url)
        let changelog = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        let releases = try #require(changelog["releases"] as? [[String: Any]])
        let authors = releases.flatMap { ($0["commits"] as? [[String: Any]]) ?? [] }.compactMap { ($0["author"] as? [String: Any])?["email"] as? String }
        #expect(Set(authors) == ["ana@example.com", "bo@example.com"])
    }
}
