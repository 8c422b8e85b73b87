import Foundation
import RelnotesFixtures
import RelnotesPublish
import Testing

/// A client that waits for the server as long as a busy test run may keep it from answering:
/// these tests check the exact requests made, which a retry after a timeout would change.
/// (Timeouts are tested with limits of their own, in ClientHardeningTests.)
private func client(_ fake: FakeGitHub, attempts: Int = 3) -> GitHubClient {
    GitHubClient(apiRoot: fake.root, repository: GitHubRepository(slug: "acme/widgets")!, token: FakeGitHub.token, retry: RetryPolicy(maxAttempts: attempts, baseDelay: 0.01, maxDelay: 5), limits: FakeGitHub.patientLimits)
}

private func draft(_ tag: String = "v1.2.0", draft: Bool = false, commit: String? = FakeGitHub.commit, latest: Bool = true) -> ReleaseDraft {
    ReleaseDraft(tagName: tag, name: tag, body: "## Features\n", draft: draft, prerelease: false, makeLatest: latest, targetCommitish: commit)
}

private let assets = [
    ReleasePublisher.Asset(name: "widgets-linux-x86_64", data: Data("binary".utf8)),
    ReleasePublisher.Asset(name: "checksums.txt", data: Data("sums\n".utf8)),
]

/// What a JSON body recorded by the fake server says.
private func fields(_ text: String) -> [String: String] {
    let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
    return object.mapValues { value in
        if let flag = value as? Bool { return flag ? "true" : "false" }
        return "\(value)"
    }
}

@Suite("publish github: the tag must be on GitHub, and a new release is public only with its assets", .serialized)
struct PublishOrderTests {
    // MARK: The tag on GitHub

    @Test("a tag GitHub does not have is refused (remote refused, hint git push origin TAG) before anything is created")
    func missingTag() async throws {
        let fake = try await FakeGitHub.start(tags: [])
        defer { Task { await fake.stop() } }
        let error = await #expect(throws: PublishError.self) { try await ReleasePublisher(client: client(fake)).publish(draft(), assets: assets) }
        #expect(error?.category == .remoteRefused)
        #expect(error?.message == "the tag v1.2.0 is not on GitHub (acme/widgets has no refs/tags/v1.2.0); relnotes publishes no release for it, so that GitHub does not create the tag itself")
        #expect(error?.hint == "git push origin v1.2.0")
        #expect(await fake.state.log == ["GET /repos/acme/widgets/git/ref/tags/v1.2.0", "GET /repos/acme/widgets"])
        #expect(await fake.state.releases.isEmpty)
    }

    @Test("a tag on GitHub that names another commit is refused, naming both ids, before anything is created")
    func movedTag() async throws {
        let fake = try await FakeGitHub.start(tags: [])
        defer { Task { await fake.stop() } }
        let other = String(repeating: "e", count: 40)
        await fake.state.setTag("v1.2.0", commit: other)
        let error = await #expect(throws: PublishError.self) { try await ReleasePublisher(client: client(fake)).publish(draft(), assets: []) }
        #expect(error?.category == .remoteRefused)
        #expect(error?.message == "the tag v1.2.0 on GitHub names commit \(other), the local tag names commit \(FakeGitHub.commit)")
        #expect(await fake.state.log.allSatisfy { $0.hasPrefix("GET ") })
        #expect(await fake.state.releases.isEmpty)
    }

    @Test("an annotated tag on GitHub is peeled through its tag object to the commit", arguments: [true, false])
    func annotatedTag(sameCommit: Bool) async throws {
        let fake = try await FakeGitHub.start(tags: [])
        defer { Task { await fake.stop() } }
        let object = String(repeating: "a", count: 40)
        let target = sameCommit ? FakeGitHub.commit : String(repeating: "b", count: 40)
        await fake.state.setAnnotatedTag("v1.2.0", object: object, target: target)
        let publisher = ReleasePublisher(client: client(fake))
        if sameCommit {
            _ = try await publisher.publish(draft(), assets: [])
            #expect(await fake.state.log.prefix(2) == ["GET /repos/acme/widgets/git/ref/tags/v1.2.0", "GET /repos/acme/widgets/git/tags/\(object)"])
            #expect(await fake.state.releases.count == 1)
        } else {
            let error = await #expect(throws: PublishError.self) { try await publisher.publish(draft(), assets: []) }
            #expect(error?.message.contains("names commit \(target), the local tag names commit \(FakeGitHub.commit)") == true, "\(error?.message ?? "")")
            #expect(!(error?.message.contains(object) ?? true), "the tag object's id is not the commit")
            #expect(await fake.state.releases.isEmpty)
        }
    }

    @Test("a tag name with a slash (a monorepo component's) is looked up as GitHub reads refs")
    func slashedTag() async throws {
        let fake = try await FakeGitHub.start(tags: [])
        defer { Task { await fake.stop() } }
        await fake.state.setTag("api/v1.0.0", commit: FakeGitHub.commit)
        _ = try await ReleasePublisher(client: client(fake)).publish(draft("api/v1.0.0"), assets: [])
        #expect(await fake.state.log.first == "GET /repos/acme/widgets/git/ref/tags/api/v1.0.0")
    }

    // MARK: Draft first, public last

    @Test("a new release is created as a draft, gets its assets, and is published last with make_latest")
    func newReleaseOrder() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        let outcome = try await ReleasePublisher(client: client(fake)).publish(draft(), assets: assets)
        #expect(outcome.created && outcome.published)
        #expect(outcome.release.draft == false)
        let log = await fake.state.log.filter { !$0.hasPrefix("GET ") }
        #expect(log == [
            "POST /repos/acme/widgets/releases",
            "POST /uploads/repos/acme/widgets/releases/1/assets",
            "POST /uploads/repos/acme/widgets/releases/1/assets",
            "PATCH /repos/acme/widgets/releases/1",
        ])
        let bodies = await fake.state.releaseBodies.map(fields)
        #expect(bodies.first?["draft"] == "true")
        #expect(bodies.first?["make_latest"] == nil, "a draft is not made latest")
        #expect(bodies.first?["target_commitish"] == FakeGitHub.commit)
        #expect(bodies.last == ["draft": "false", "make_latest": "true"])
        #expect(await fake.state.uploadsToPublicReleases.isEmpty)
        #expect(await fake.state.releases.first?.draft == false)
        #expect(await fake.state.releases.first?.makeLatest == "true")
    }

    @Test("--draft leaves a new release a draft: nothing publishes it")
    func staysDraft() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        let outcome = try await ReleasePublisher(client: client(fake)).publish(draft(draft: true), assets: assets)
        #expect(outcome.created && !outcome.published)
        #expect(await fake.state.releases.first?.draft == true)
        #expect(await fake.state.log.filter { $0.hasPrefix("PATCH") }.isEmpty)
        #expect(await fake.state.assets.count == 2)
    }

    @Test("a failure mid-upload leaves a draft nobody sees; running again finds it by listing, finishes it and publishes it")
    func rerunAfterFailure() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        let publisher = ReleasePublisher(client: client(fake, attempts: 2))
        // Every attempt of the first upload fails.
        await fake.state.misbehave(.status(500, headers: [:]), onPathsStartingWith: "/uploads/", times: 2)
        let failed = await #expect(throws: PublishError.self) { try await publisher.publish(draft(), assets: assets) }
        #expect(failed?.category == .remoteRefused)
        #expect(await fake.state.releases.count == 1)
        #expect(await fake.state.releases.first?.draft == true, "not public without its assets")

        let again = try await publisher.publish(draft(), assets: assets)
        #expect(!again.created && again.published)
        #expect(await fake.state.releases.count == 1)
        #expect(await fake.state.releases.first?.draft == false)
        #expect(Set(await fake.state.assets.map(\.name)) == Set(assets.map(\.name)))
        #expect(await fake.state.uploadsToPublicReleases.isEmpty)
        #expect(await fake.state.log.contains("GET /repos/acme/widgets/releases"), "the draft is found by listing")
        let bodies = await fake.state.releaseBodies.map(fields)
        #expect(bodies.suffix(2).map { $0["draft"] } == ["true", "false"], "held as a draft while uploading, then published")
    }

    @Test("a published release is updated in place: it never goes back to draft, assets are replaced")
    func updateInPlace() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        let publisher = ReleasePublisher(client: client(fake))
        _ = try await publisher.publish(draft(), assets: [assets[0]])
        let newer = ReleasePublisher.Asset(name: assets[0].name, data: Data("binary 2".utf8))
        let before = await fake.state.releaseBodies.count
        let outcome = try await publisher.publish(draft(), assets: [newer])
        #expect(!outcome.created && !outcome.published)
        #expect(outcome.replaced == [newer.name])
        let bodies = await fake.state.releaseBodies.dropFirst(before).map(fields)
        #expect(bodies.count == 1)
        #expect(bodies.first?["draft"] == "false")
        #expect(bodies.first?["make_latest"] == "true")
        #expect(await fake.state.assets.map(\.data) == [newer.data])
    }
}

@Suite("publish github as a user runs it: the tag check and the order of requests", .serialized)
struct PublishOrderCommandTests {
    private func environment(_ fake: FakeGitHub, _ fixture: FixtureRepository) -> [String: String] {
        [
            "GITHUB_API_URL": fake.root.absoluteString, "GITHUB_TOKEN": FakeGitHub.token, "GITHUB_REPOSITORY": "acme/widgets",
            "HOME": fixture.environment["HOME"] ?? "/nonexistent",
        ]
    }

    @Test("a tag not pushed is exit 4, one line, hint git push origin TAG; GitHub is asked nothing else")
    func notPushed() async throws {
        let fake = try await FakeGitHub.start(tags: [])
        defer { Task { await fake.stop() } }
        let fixture = try Scenario.linear.build()
        let result = try await relnotes(["publish", "github", "v1.0.0"], in: fixture.url, environment: environment(fake, fixture))
        #expect(result.status == 4, "\(result.standardError)")
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("relnotes: error: the tag v1.0.0 is not on GitHub") == true)
        #expect(lines.last == "hint: git push origin v1.0.0")
        #expect(await fake.state.log.allSatisfy { $0.hasPrefix("GET ") })
        #expect(await fake.state.releases.isEmpty)
    }

    @Test("a tag GitHub has on another commit is exit 4 naming both commits")
    func mismatch() async throws {
        let fake = try await FakeGitHub.start(tags: [])
        defer { Task { await fake.stop() } }
        let fixture = try Scenario.linear.build()
        try await fake.pushTags(of: fixture)
        let local = try fixture.git("rev-parse", "v1.0.0^{commit}")
        let head = try fixture.git("rev-parse", "HEAD")
        #expect(local != head)
        await fake.state.setTag("v1.0.0", commit: head)
        let result = try await relnotes(["publish", "github", "v1.0.0"], in: fixture.url, environment: environment(fake, fixture))
        #expect(result.status == 4)
        #expect(result.standardError.contains("names commit \(head), the local tag names commit \(local)"), "\(result.standardError)")
        #expect(result.standardError.split(separator: "\n").count == 2)
        #expect(await fake.state.releases.isEmpty)
    }

    @Test("an annotated tag pushed from the fixture is peeled and accepted; the release is published after its assets")
    func annotatedFromFixture() async throws {
        let fake = try await FakeGitHub.start(tags: [])
        defer { Task { await fake.stop() } }
        let fixture = try Scenario.linear.build()
        try fixture.git("tag", "-a", "v1.1.0", "-m", "v1.1.0")
        try await fake.pushTags(of: fixture)
        let object = try fixture.git("rev-parse", "v1.1.0")
        let file = fixture.url.deletingLastPathComponent().appendingPathComponent("widgets.tar.gz")
        try Data("archive".utf8).write(to: file)
        let result = try await relnotes(["publish", "github", "v1.1.0", "--asset", file.path, "--checksums"], in: fixture.url, environment: environment(fake, fixture))
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.contains("created and published release v1.1.0"), "\(result.standardError)")
        let log = await fake.state.log
        #expect(log.prefix(2) == ["GET /repos/acme/widgets/git/ref/tags/v1.1.0", "GET /repos/acme/widgets/git/tags/\(object)"])
        #expect(log.last == "PATCH /repos/acme/widgets/releases/1")
        #expect(await fake.state.uploadsToPublicReleases.isEmpty)
        #expect(await fake.state.releases.first?.draft == false)
    }

    @Test("--dry-run lists the real requests in order: tag, release lookups, draft creation, uploads, publishing last")
    func dryRunOrder() async throws {
        let fake = try await FakeGitHub.start(tags: [])
        defer { Task { await fake.stop() } }
        let fixture = try Scenario.linear.build()
        let file = fixture.url.deletingLastPathComponent().appendingPathComponent("widgets.tar.gz")
        try Data("archive".utf8).write(to: file)
        let result = try await relnotes(["publish", "github", "v1.0.0", "--asset", file.path, "--dry-run"], in: fixture.url, environment: environment(fake, fixture))
        #expect(result.status == 0, "\(result.standardError)")
        let root = fake.root.absoluteString + "/repos/acme/widgets"
        let commit = try fixture.git("rev-parse", "v1.0.0^{commit}")
        let requests = result.standardOutput.split(separator: "\n").filter { !$0.hasPrefix(" ") && !$0.hasPrefix("each") && !$0.hasPrefix("the ") }
        let starts = requests.map { String($0.prefix { $0 != " " }) + " " + String($0.split(separator: " ").dropFirst().first ?? "") }
        #expect(starts == [
            "GET \(root)/git/ref/tags/v1.0.0:", "GET \(root)/git/tags/<sha>", "GET \(root)/releases/tags/v1.0.0",
            "GET \(root)/releases?per_page=30&page=1,", "POST \(root)/releases", "PATCH \(root)/releases/<id>",
            "GET \(root)/releases/<id>/assets?per_page=100&page=1,", "POST <upload_url", "PATCH \(root)/releases/<id>",
        ], "\(result.standardOutput)")
        #expect(result.standardOutput.contains("it must be commit \(commit)"))
        #expect(result.standardOutput.contains("\"draft\":true"))
        #expect(result.standardOutput.contains("  {\"draft\":false,\"make_latest\":\"true\"}\n"))
        #expect(await fake.state.log.isEmpty)
    }
}
