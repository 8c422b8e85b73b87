import Foundation
import RelnotesFixtures
import Testing

/// `publish github --release-pr` against the GitHub API served by the test: the branch
/// `relnotes/release` made through the Git database API, one pull request, converging runs.
@Suite("publish github --release-pr against a GitHub API on 127.0.0.1", .serialized)
struct ReleasePullRequestTests {
    private static let configuration = """
        [[version_files]]
        path = "charts/op/Chart.yaml"
        key = "version"

        [[version_files]]
        path = "scripts/version.sh"
        pattern = 'VERSION=(\\S+)'

        """

    /// A repository at v1.0.0 with a Helm chart and an executable script that carry the
    /// version, a changelog, and a feature and a fix since.
    private func fixture() throws -> FixtureRepository {
        let fixture = try FixtureRepository()
        let files = [
            ".relnotes.toml": Self.configuration,
            "charts/op/Chart.yaml": "apiVersion: v2\nname: op\nversion: 1.0.0\n",
            "scripts/version.sh": "#!/bin/sh\nVERSION=1.0.0\necho \"$VERSION\"\n",
        ]
        for (path, text) in files {
            let url = fixture.url.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fixture.url.appendingPathComponent("scripts/version.sh").path)
        try fixture.git("add", "-A")
        try fixture.commit("feat: the operator")
        try fixture.tag("v1.0.0", message: "v1.0.0")
        try fixture.commit("feat(api): add widgets")
        try fixture.commit("fix: mend gears", file: "other.txt")
        return fixture
    }

    private func environment(_ fake: FakeGitHub, _ fixture: FixtureRepository, token: String = FakeGitHub.token) -> [String: String] {
        [
            "GITHUB_API_URL": fake.root.absoluteString, "GITHUB_TOKEN": token, "GITHUB_REPOSITORY": "acme/widgets",
            "GIT_COMMITTER_NAME": "Rel Manager", "GIT_COMMITTER_EMAIL": "rm@example.com", "GIT_COMMITTER_DATE": "@1717200000 +0000",
            "GIT_AUTHOR_NAME": "Rel Manager", "GIT_AUTHOR_EMAIL": "rm@example.com", "GIT_AUTHOR_DATE": "@1717200000 +0000",
            "HOME": fixture.environment["HOME"] ?? "/nonexistent",
        ]
    }

    private func releasePR(_ fake: FakeGitHub, _ fixture: FixtureRepository, _ extra: [String] = []) async throws -> ProcessRunner.Result {
        try await relnotes(["publish", "github", "--release-pr"] + extra, in: fixture.url, environment: environment(fake, fixture))
    }

    /// A run that must succeed (exit 0); its error output is the failure's message.
    private func succeedingReleasePR(_ fake: FakeGitHub, _ fixture: FixtureRepository, _ extra: [String] = [],
                                     sourceLocation: SourceLocation = #_sourceLocation) async throws -> ProcessRunner.Result {
        let run = try await releasePR(fake, fixture, extra)
        #expect(run.status == 0, "\(run.standardError)", sourceLocation: sourceLocation)
        return run
    }

    /// The fixture, with main pushed to the test's GitHub.
    private func pushedFixture(_ fake: FakeGitHub) async throws -> FixtureRepository {
        let fixture = try fixture()
        try await fake.pushBranch(of: fixture)
        return fixture
    }

    private static let branch = "relnotes/release"

    @Test("from scratch: the branch holds one release commit on main's head whose files are relnotes release's, and one pull request carries the notes")
    func createsBranchAndPullRequest() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        let fixture = try await pushedFixture(fake)
        let head = try fixture.git("rev-parse", "HEAD")
        let env = environment(fake, fixture)

        let run = try await succeedingReleasePR(fake, fixture)
        #expect(run.standardError.contains("opened pull request #"), "\(run.standardError)")
        #expect(!run.standardError.contains(FakeGitHub.token) && !run.standardOutput.contains(FakeGitHub.token))
        // Every request went to the test server, with the token.
        let authorizations = await fake.state.authorizations
        #expect(!authorizations.isEmpty && authorizations.allSatisfy { $0 == "Bearer \(FakeGitHub.token)" })

        let pulls = await fake.state.pulls
        #expect(pulls.count == 1)
        let pull = try #require(pulls.first)
        #expect(run.standardOutput == "https://github.com/acme/widgets/pull/\(pull.number)\n")
        #expect(pull.title == "chore(release): v1.1.0")
        #expect(pull.head == Self.branch && pull.base == "main" && pull.state == "open")
        let notes = try await relnotes(["notes", "--tag", "v1.1.0"], in: fixture.url, environment: env)
        #expect(pull.body == notes.standardOutput)

        let tip = try #require(await fake.state.branches[Self.branch])
        let commit = try #require(await fake.state.gitCommits[tip])
        #expect(commit.parents == [head])
        #expect(commit.message == "chore(release): v1.1.0\n")
        let proposed = await fake.files(onBranch: Self.branch)

        // What relnotes release commits locally, file for file and mode for mode.
        let release = try await relnotes(["release"], in: fixture.url, environment: env)
        #expect(release.status == 0, "\(release.standardError)")
        let tree = try fixture.git("ls-tree", "-r", "--full-tree", "HEAD").split(separator: "\n")
        #expect(proposed.count == tree.count)
        for line in tree {
            let tab = try #require(line.firstIndex(of: "\t"))
            let path = String(line[line.index(after: tab)...])
            let mode = String(line.prefix(6))
            let text = try String(contentsOf: fixture.url.appendingPathComponent(path), encoding: .utf8)
            #expect(proposed[path]?.mode == mode, "\(path)")
            #expect(proposed[path]?.text == text, "\(path)")
        }
        #expect(proposed["scripts/version.sh"]?.mode == "100755")
        #expect(proposed["scripts/version.sh"]?.text.contains("VERSION=1.1.0") == true)
        #expect(proposed["CHANGELOG.md"]?.text.contains("add widgets") == true)
    }

    @Test("run again with nothing new: no new commit, no branch move, no second pull request")
    func rerunConverges() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        let fixture = try await pushedFixture(fake)
        let first = try await succeedingReleasePR(fake, fixture)
        let tip = await fake.state.branches[Self.branch]
        let requests = await fake.state.log.count

        let again = try await succeedingReleasePR(fake, fixture)
        #expect(again.standardError.contains("is up to date"), "\(again.standardError)")
        #expect(again.standardError.contains("already holds"), "\(again.standardError)")
        #expect(again.standardOutput == first.standardOutput)
        let log = await fake.state.log.dropFirst(requests)
        #expect(!log.contains("POST /repos/acme/widgets/git/commits"))
        #expect(!log.contains { $0.hasPrefix("PATCH") || $0.hasPrefix("DELETE") || $0 == "POST /repos/acme/widgets/pulls" })
        #expect(await fake.state.branches[Self.branch] == tip)
        #expect(await fake.state.pulls.count == 1)
    }

    @Test("after more commits on main: the same branch is forced onto the new head and the same pull request gets the new title and notes")
    func updatesAfterMoreCommits() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        let fixture = try await pushedFixture(fake)
        _ = try await succeedingReleasePR(fake, fixture)
        let number = try #require(await fake.state.pulls.first?.number)
        let oldTip = try #require(await fake.state.branches[Self.branch])

        try fixture.commit("feat!: drop the old gears")
        try await fake.pushBranch(of: fixture)
        let head = try fixture.git("rev-parse", "HEAD")
        let second = try await succeedingReleasePR(fake, fixture)
        #expect(second.standardError.contains("updated pull request #\(number)"), "\(second.standardError)")
        #expect(await fake.state.log.contains("PATCH /repos/acme/widgets/git/refs/heads/relnotes/release"))

        let pulls = await fake.state.pulls
        #expect(pulls.count == 1)
        let pull = try #require(pulls.first)
        #expect(pull.number == number && pull.state == "open")
        #expect(pull.title == "chore(release): v2.0.0")
        #expect(pull.body.contains("drop the old gears"))
        let tip = try #require(await fake.state.branches[Self.branch])
        #expect(tip != oldTip)
        // Forced: the new release commit is on the new head, not on the old release commit.
        #expect(await fake.state.gitCommits[tip]?.parents == [head])
        #expect(await fake.files(onBranch: Self.branch)["charts/op/Chart.yaml"]?.text == "apiVersion: v2\nname: op\nversion: 2.0.0\n")
    }

    @Test("another run opening the pull request or creating the branch first (422) converges on that one")
    func raceConverges() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        let fixture = try await pushedFixture(fake)
        await fake.state.setRaceNextBranchCreate(true)
        await fake.state.setRaceNextPullCreate(true)
        _ = try await succeedingReleasePR(fake, fixture)
        let log = await fake.state.log
        #expect(log.contains("POST /repos/acme/widgets/pulls"))
        #expect(log.contains("PATCH /repos/acme/widgets/git/refs/heads/relnotes/release"))
        let pulls = await fake.state.pulls
        #expect(pulls.count == 1)
        #expect(pulls.first?.title == "chore(release): v1.1.0")
        #expect(pulls.first?.body.contains("add widgets") == true)
        let tip = try #require(await fake.state.branches[Self.branch])
        #expect(await fake.state.gitCommits[tip]?.parents == [try fixture.git("rev-parse", "HEAD")])
    }

    @Test("nothing release-worthy any more: the pull request is closed and the branch deleted; again, nothing to do")
    func nothingToReleaseCloses() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        let fixture = try await pushedFixture(fake)
        _ = try await succeedingReleasePR(fake, fixture)
        let number = try #require(await fake.state.pulls.first?.number)

        // Released some other way: HEAD is tagged, so nothing since the tag is release-worthy.
        try fixture.tag("v1.1.0", message: "v1.1.0")
        let run = try await succeedingReleasePR(fake, fixture)
        #expect(run.standardError.contains("nothing release-worthy since v1.1.0"), "\(run.standardError)")
        #expect(run.standardError.contains("closed pull request #\(number)"), "\(run.standardError)")
        #expect(run.standardOutput.isEmpty)
        #expect(await fake.state.pulls.first?.state == "closed")
        #expect(await fake.state.branches[Self.branch] == nil)

        let again = try await succeedingReleasePR(fake, fixture)
        #expect(again.standardError.contains("no release pull request is open"), "\(again.standardError)")
    }

    @Test("a checkout that is not the head of the default branch on GitHub is refused before anything is written (exit 4)")
    func refusesAnotherHead() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        let fixture = try await pushedFixture(fake)
        try fixture.commit("feat: not pushed yet", file: "local.txt")
        let run = try await releasePR(fake, fixture)
        #expect(run.status == 4)
        #expect(run.standardError.hasPrefix("relnotes: error: main on GitHub is at "), "\(run.standardError)")
        #expect(run.standardError.split(separator: "\n").count == 2)
        #expect(await fake.state.log == ["GET /repos/acme/widgets", "GET /repos/acme/widgets/git/ref/heads/main"])
    }

    @Test("a token that may not open pull requests is exit 4 with a hint naming the permission and the Actions setting")
    func pullRequestsForbidden() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        let fixture = try await pushedFixture(fake)
        await fake.state.misbehave(.status(403, headers: [:]), onPathsStartingWith: "/repos/acme/widgets/pulls")
        let run = try await releasePR(fake, fixture)
        #expect(run.status == 4)
        let lines = run.standardError.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("relnotes: error: GitHub forbade GET ") == true, "\(run.standardError)")
        #expect(lines.last?.contains("pull-requests: write") == true && lines.last?.contains("Allow GitHub Actions to create and approve pull requests") == true)
    }

    @Test("a 422 for the new branch other than \"Reference already exists\" is reported (exit 4), not forced over")
    func otherBranchRefusalIsReported() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        let fixture = try await pushedFixture(fake)
        await fake.state.misbehave(.status(422, headers: [:]), onPathsStartingWith: "/repos/acme/widgets/git/refs")
        let run = try await releasePR(fake, fixture)
        #expect(run.status == 4)
        #expect(run.standardError.hasPrefix("relnotes: error: GitHub rejected POST "), "\(run.standardError)")
        let log = await fake.state.log
        #expect(!log.contains { $0.hasPrefix("PATCH") || $0.hasSuffix("/pulls") })
    }

    @Test("--dry-run with nothing release-worthy prints the closing requests, and makes none")
    func dryRunClosing() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        let fixture = try fixture()
        try fixture.tag("v1.1.0", message: "v1.1.0")
        let run = try await succeedingReleasePR(fake, fixture, ["--dry-run"])
        let api = "\(fake.root.absoluteString)/repos/acme/widgets"
        #expect(run.standardOutput.contains("PATCH \(api)/pulls/<number> with state closed"))
        #expect(run.standardOutput.contains("DELETE \(api)/git/refs/heads/relnotes/release"))
        #expect(!run.standardOutput.contains("POST"))
        #expect(await fake.state.log.isEmpty)
    }

    @Test("a component's release pull request comes from relnotes/release-<component>, titled with the component's tag")
    func componentBranch() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        let fixture = try FixtureRepository()
        try fixture.commit("feat(api): first")
        try fixture.tag("api@1.0.0")
        try fixture.commit("feat(api): second")
        try await fake.pushBranch(of: fixture)
        _ = try await succeedingReleasePR(fake, fixture, ["--component", "api"])
        #expect(await fake.state.branches["relnotes/release-api"] != nil)
        #expect(await fake.state.branches[Self.branch] == nil)
        let pull = try #require(await fake.state.pulls.first)
        #expect(pull.title == "chore(release): api@1.1.0")
        #expect(pull.head == "relnotes/release-api")
        #expect(await fake.state.gitCommits[await fake.state.branches["relnotes/release-api"] ?? ""]?.message == "chore(release): api@1.1.0\n")
    }

    @Test("once the release commit is merged (as committed, or squashed as GitHub titles it), nothing is proposed again and relnotes tag cuts that version", arguments: [
        "chore(release): v1.1.0", "chore(release): v1.1.0 (#7)",
    ])
    func mergedReleaseWaitsForTag(subject: String) async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        let fixture = try fixture()
        let env = environment(fake, fixture)
        // The merge, as the pull request's release commit arriving on main, not yet tagged.
        let release = try await relnotes(["release"], in: fixture.url, environment: env)
        #expect(release.status == 0, "\(release.standardError)")
        try fixture.git("tag", "-d", "v1.1.0")
        try fixture.git("commit", "--amend", "--quiet", "-m", subject)
        try await fake.pushBranch(of: fixture)

        let run = try await succeedingReleasePR(fake, fixture)
        #expect(run.standardError.contains("the release commit of v1.1.0 is merged"), "\(run.standardError)")
        #expect(await fake.state.log.isEmpty)

        let tag = try await relnotes(["tag"], in: fixture.url, environment: env)
        #expect(tag.status == 0, "\(tag.standardError)")
        #expect(try fixture.git("describe", "--exact-match", "HEAD") == "v1.1.0")
    }

    @Test("--dry-run prints the Git database and pulls requests with the notes, and makes none")
    func dryRun() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        let fixture = try fixture()
        let run = try await succeedingReleasePR(fake, fixture, ["--dry-run"])
        let api = "\(fake.root.absoluteString)/repos/acme/widgets"
        for expected in [
            "POST \(api)/git/blobs (CHANGELOG.md,", "POST \(api)/git/blobs (scripts/version.sh,", "  100755 blob scripts/version.sh",
            "POST \(api)/git/commits", "PATCH \(api)/git/refs/heads/relnotes/release with force: true", "  chore(release): v1.1.0",
        ] {
            #expect(run.standardOutput.contains(expected), "\(expected)")
        }
        #expect(!run.standardOutput.contains(FakeGitHub.token))
        #expect(await fake.state.log.isEmpty)
    }

    @Test("--release-pr is refused with a TAG or with the release's own options (exit 1)", arguments: [
        ["v1.1.0"], ["--draft"], ["--checksums"], ["--asset", "x.tgz"],
    ])
    func refusedCombinations(extra: [String]) async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        let fixture = try fixture()
        let run = try await releasePR(fake, fixture, extra)
        #expect(run.status == 1, "\(run.standardError)")
        #expect(await fake.state.log.isEmpty)
    }
}
