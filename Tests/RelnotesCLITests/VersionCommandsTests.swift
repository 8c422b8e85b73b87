import Foundation
import RelnotesFixtures
import Testing

/// Runs the built `relnotes` binary in a fixture repository.
func relnotes(_ arguments: String..., in fixture: FixtureRepository) throws -> ProcessRunner.Result {
    try RelnotesBinary.run(arguments, in: fixture.url)
}

@Suite("relnotes current-version and next-version, end to end")
struct VersionCommandsTests {
    @Test("next-version and current-version print the tag names the version rules give", arguments: [
        (Scenario.linear, "v1.0.0", "v1.1.0"),
        (Scenario.merges, "v0.2.0", "v0.2.1"),
        (Scenario.unmergedBranchTag, "v1.0.0", "v1.0.1"),
        (Scenario.severalTagsOnOneCommit, "v1.0.0", "v1.0.1"),
        (Scenario.nonSemverTags, "v1.0.0", "v1.1.0"),
        (Scenario.barePrefix, "1.1.0", "1.1.1"),
        (Scenario.prereleaseChain, "v1.2.0-beta.1", "v1.2.0"),
        (Scenario.releaseAs, "v1.0.0", "v3.0.0"),
        (Scenario.nonUTF8Message, "v1.0.0", "v1.0.1"),
        (Scenario.backportBranch, "v1.1.0", "v1.2.0"),
        (Scenario.revertedFeature, "v1.0.0", "v1.0.1"),
        (Scenario.bare, "v1.0.0", "v1.1.0"),
    ])
    func versions(scenario: Scenario, current: String, next: String) throws {
        let fixture = try scenario.build()
        let currentRun = try relnotes("current-version", in: fixture)
        #expect(currentRun.status == 0, "\(currentRun.standardError)")
        #expect(currentRun.standardOutput == current + "\n")
        let nextRun = try relnotes("next-version", in: fixture)
        #expect(nextRun.status == 0, "\(nextRun.standardError)")
        #expect(nextRun.standardOutput == next + "\n")
        #expect(nextRun.standardError.isEmpty)
    }

    @Test("--pre numbers prereleases after those HEAD contains; --no-prefix drops the prefix", arguments: [
        (["next-version", "--pre", "beta"], "v1.2.0-beta.2"),
        (["next-version", "--pre", "rc"], "v1.2.0-rc.1"),
        (["next-version", "--bump", "major"], "v2.0.0"),
        (["next-version", "--release-as", "1.5.0"], "v1.5.0"),
        (["next-version", "--no-prefix"], "1.2.0"),
        (["--repo", ".", "next-version", "--pre", "rc", "--no-prefix"], "1.2.0-rc.1"),
    ])
    func flags(arguments: [String], expected: String) throws {
        let fixture = try Scenario.prereleaseChain.build()
        let run = try RelnotesBinary.run(arguments, in: fixture.url)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput == expected + "\n")
    }

    @Test("--json gives current, next, bump and the commits that decided it")
    func json() throws {
        let fixture = try Scenario.linear.build()
        let run = try relnotes("next-version", "--json", in: fixture)
        #expect(run.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: run.standardOutputData) as? [String: Any])
        #expect(document["schema"] as? Int == 1)
        #expect((document["current"] as? [String: Any])?["tag"] as? String == "v1.0.0")
        #expect((document["next"] as? [String: Any])?["tag"] as? String == "v1.1.0")
        #expect(document["bump"] as? String == "minor")
        let commits = try #require(document["commits"] as? [[String: Any]])
        #expect(commits.count == 3)
        let deciding = commits.filter { $0["deciding"] as? Bool == true }
        #expect(deciding.map { $0["header"] as? String } == ["feat(cli): add --quiet"])
        #expect(deciding.first?["id"] as? String == (try fixture.git("rev-parse", "HEAD~2")))
    }

    @Test("--explain names the base, the bump and the deciding commits for a person")
    func explain() throws {
        let fixture = try Scenario.linear.build()
        let run = try relnotes("next-version", "--explain", in: fixture)
        #expect(run.status == 0)
        let deciding = try fixture.git("rev-parse", "--short=7", "HEAD~2")
        #expect(run.standardOutput.contains("v1.0.0"))
        #expect(run.standardOutput.contains("v1.1.0"))
        #expect(run.standardOutput.contains("\(deciding)  feat(cli): add --quiet"))
    }

    @Test("nothing release-worthy prints the current version and says why on stderr")
    func nothingToRelease() throws {
        let fixture = try Scenario.linear.build()
        try fixture.tag("v1.1.0")
        try fixture.commit("docs: words")
        let run = try relnotes("next-version", in: fixture)
        #expect(run.status == 0)
        #expect(run.standardOutput == "v1.1.0\n")
        #expect(run.standardError.contains("nothing release-worthy since v1.1.0"))
    }

    @Test("--github-output appends version, tag, prerelease, release_worthy and the coming notes")
    func githubOutput() throws {
        let fixture = try Scenario.linear.build()
        let file = fixture.url.deletingLastPathComponent().appendingPathComponent("outputs")
        try Data("earlier=step\n".utf8).write(to: file)
        let run = try RelnotesBinary.run(["next-version", "--github-output"], in: fixture.url, environment: ["GITHUB_OUTPUT": file.path])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput == "v1.1.0\n")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.hasPrefix("earlier=step\nversion=1.1.0\ntag=v1.1.0\nprerelease=false\nnotes<<RELNOTES_EOF_"))
        #expect(text.hasSuffix("\nrelease_worthy=true\n"))
        #expect(text.contains("- **cli:** add --quiet"))
        let missing = try RelnotesBinary.run(["next-version", "--github-output"], in: fixture.url)
        #expect(missing.status == 1)
        #expect(missing.standardError.contains("GITHUB_OUTPUT"))
    }

    @Test("--version prints the tool's version on stdout")
    func version() throws {
        let fixture = try Scenario.linear.build()
        let run = try relnotes("--version", in: fixture)
        #expect(run.status == 0)
        #expect(run.standardOutput.hasPrefix("relnotes "))
    }
}

@Suite("exit statuses and error lines")
struct ExitStatusTests {
    @Test("a directory outside any repository is exit 2 with one error line and a hint")
    func notARepository() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("relnotes-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try RelnotesBinary.run(["next-version"], in: directory)
        #expect(run.status == 2)
        #expect(run.standardOutput.isEmpty)
        #expect(run.standardError.hasPrefix("relnotes: error: cannot open a repository: not a git repository"))
        #expect(run.standardError.contains("--repo"))
    }

    @Test("a repository without commits is exit 2", arguments: ["next-version", "current-version"])
    func emptyRepository(command: String) throws {
        let fixture = try Scenario.empty.build()
        let run = try relnotes(command, in: fixture)
        #expect(run.status == 2)
        #expect(run.standardError.contains("no commits"))
    }

    @Test("commits but no release tag: current-version is exit 2, next-version gives the initial version")
    func noTags() throws {
        let fixture = try FixtureRepository()
        try fixture.commit("feat: first")
        let current = try relnotes("current-version", in: fixture)
        #expect(current.status == 2)
        #expect(current.standardError.contains("no release tag"))
        let next = try relnotes("next-version", in: fixture)
        #expect(next.status == 0)
        #expect(next.standardOutput == "v0.1.0\n")
    }

    @Test("usage errors are exit 1", arguments: [
        ["next-version", "--bump", "major", "--release-as", "2.0.0"],
        ["next-version", "--release-as", "1.2"],
        ["next-version", "--bump", "huge"],
        ["next-version", "--pre", "rc.1"],
        ["next-version", "--no-such-flag"],
        ["no-such-command"],
    ])
    func usageErrors(arguments: [String]) throws {
        let fixture = try Scenario.linear.build()
        let run = try RelnotesBinary.run(arguments, in: fixture.url)
        #expect(run.status == 1)
        #expect(run.standardOutput.isEmpty)
        #expect(!run.standardError.isEmpty)
    }

    @Test("a configuration error is exit 1 and names file, line and key")
    func configurationError() throws {
        let fixture = try Scenario.linear.build()
        try Data("tag_prefix = \"v\"\npre_major_breaking = 3\n".utf8).write(to: fixture.url.appendingPathComponent(".relnotes.toml"))
        let run = try relnotes("next-version", in: fixture)
        #expect(run.status == 1)
        #expect(run.standardError.hasPrefix("relnotes: error: .relnotes.toml:2: pre_major_breaking:"))
    }

    @Test("a configuration file that is not TOML or not UTF-8 is exit 1 naming the line", arguments: [
        (Array("tag_prefix = \"v\"\n[lint\n".utf8), "relnotes: error: .relnotes.toml:2:6: not valid TOML"),
        (Array("tag_prefix = \"v\"\nheader = \"caf".utf8) + [0xE9, 0x22, 0x0A], "relnotes: error: .relnotes.toml:2:14: not valid UTF-8"),
    ])
    func unreadableConfiguration(bytes: [UInt8], prefix: String) throws {
        let fixture = try Scenario.linear.build()
        try Data(bytes).write(to: fixture.url.appendingPathComponent(".relnotes.toml"))
        let run = try relnotes("next-version", in: fixture)
        #expect(run.status == 1)
        #expect(run.standardError.hasPrefix(prefix), "\(run.standardError)")
        #expect(run.standardError.contains("\nhint: "))
    }

    @Test("a shallow clone cut before the base tag is exit 2 with the unshallow hint")
    func shallow() throws {
        let source = try Scenario.linear.build()
        let clone = try source.clone(depth: 2)
        let run = try relnotes("next-version", in: clone)
        #expect(run.status == 2)
        #expect(run.standardOutput.isEmpty)
        #expect(run.standardError.contains("history is shallow: fetch tags and full history, e.g. `git fetch --unshallow --tags`"))
    }
}
