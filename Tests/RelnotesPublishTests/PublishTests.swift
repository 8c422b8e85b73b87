import Foundation
import RelnotesPublish
import Testing

/// A client for the fake server, with short waits between attempts so that retry tests stay
/// quick, and patient request timeouts (see `FakeGitHub.patientLimits`).
private func client(_ fake: FakeGitHub, token: String = FakeGitHub.token, repository: String = "acme/widgets", attempts: Int = 4) -> GitHubClient {
    GitHubClient(apiRoot: fake.root, repository: GitHubRepository(slug: repository)!, token: token, retry: RetryPolicy(maxAttempts: attempts, baseDelay: 0.01, maxDelay: 5), limits: FakeGitHub.patientLimits)
}

private func draft(_ tag: String = "v1.2.0", body: String = "notes\n", draft: Bool = false, prerelease: Bool = false) -> ReleaseDraft {
    ReleaseDraft(tagName: tag, name: tag, body: body, draft: draft, prerelease: prerelease, makeLatest: !prerelease)
}

private let binary = ReleasePublisher.Asset(name: "relnotes-linux-x86_64", data: Data("binary v1".utf8))

@Suite("publish github against a GitHub API served on 127.0.0.1", .serialized)
struct PublishTests {
    @Test("creates the release with body, name, prerelease and latest, and uploads assets")
    func creates() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        let outcome = try await ReleasePublisher(client: client(fake)).publish(draft(body: "## Features\n"), assets: [binary])
        #expect(outcome.created)
        #expect(outcome.uploaded == ["relnotes-linux-x86_64"])
        let releases = await fake.state.releases
        #expect(releases.count == 1)
        #expect(releases.first?.body == "## Features\n")
        #expect(releases.first?.makeLatest == "true")
        let assets = await fake.state.assets
        #expect(assets.map(\.name) == ["relnotes-linux-x86_64"])
        #expect(assets.first?.data == binary.data)
    }

    @Test("running the same publish again converges: one release, one copy of each asset, nothing re-uploaded")
    func idempotent() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        let publisher = ReleasePublisher(client: client(fake))
        _ = try await publisher.publish(draft(), assets: [binary])
        let again = try await publisher.publish(draft(), assets: [binary])
        #expect(!again.created)
        #expect(again.unchanged == ["relnotes-linux-x86_64"])
        #expect(await fake.state.releases.count == 1)
        #expect(await fake.state.assets.count == 1)
        #expect(await fake.state.log.filter { $0.hasPrefix("POST /uploads") }.count == 1)
    }

    @Test("an existing release is updated, and a same-named asset with other content is replaced")
    func updatesAndReplaces() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        let publisher = ReleasePublisher(client: client(fake))
        _ = try await publisher.publish(draft(body: "old\n", draft: true), assets: [binary])
        let newer = ReleasePublisher.Asset(name: binary.name, data: Data("binary v2".utf8))
        let outcome = try await publisher.publish(draft(body: "new\n"), assets: [newer])
        #expect(outcome.replaced == [binary.name])
        let releases = await fake.state.releases
        #expect(releases.count == 1)
        #expect(releases.first?.body == "new\n")
        #expect(releases.first?.draft == false)
        let assets = await fake.state.assets
        #expect(assets.count == 1)
        #expect(assets.first?.data == newer.data)
    }

    @Test("a draft release is found by listing pages, not duplicated")
    func draftsAcrossPages() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        await fake.state.setPageSize(2)
        let publisher = ReleasePublisher(client: client(fake))
        for index in 1...5 { _ = try await publisher.publish(draft("v0.\(index).0"), assets: []) }
        _ = try await publisher.publish(draft("v1.0.0", draft: true), assets: [])
        _ = try await publisher.publish(draft("v1.0.0", body: "final\n", draft: false), assets: [])
        let releases = await fake.state.releases
        #expect(releases.count == 6)
        #expect(releases.last?.body == "final\n")
        #expect(await fake.state.log.contains { $0 == "GET /repos/acme/widgets/releases" })
    }

    @Test("assets are listed across pages before deciding what to upload")
    func assetPagination() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        await fake.state.setPageSize(2)
        let publisher = ReleasePublisher(client: client(fake))
        let files = (1...5).map { ReleasePublisher.Asset(name: "file-\($0)", data: Data("content \($0)".utf8)) }
        _ = try await publisher.publish(draft(), assets: files)
        let again = try await publisher.publish(draft(), assets: files)
        #expect(again.unchanged.count == 5)
        #expect(await fake.state.assets.count == 5)
    }

    @Test("5xx answers are retried until one succeeds")
    func retriesServerErrors() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        await fake.state.fail(with: 502, times: 2)
        let outcome = try await ReleasePublisher(client: client(fake)).publish(draft(), assets: [])
        #expect(outcome.created)
        let log = await fake.state.log
        #expect(log.prefix(3).allSatisfy { $0 == "GET /repos/acme/widgets/git/ref/tags/v1.2.0" })
        #expect(log.suffix(2) == ["POST /repos/acme/widgets/releases", "PATCH /repos/acme/widgets/releases/1"])
    }

    @Test("a secondary rate limit is waited out as Retry-After says, then the request succeeds")
    func rateLimit() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        await fake.state.fail(with: 403, headers: ["Retry-After": "1", "x-ratelimit-remaining": "10"])
        let started = Date()
        let outcome = try await ReleasePublisher(client: client(fake)).publish(draft(), assets: [])
        #expect(outcome.created)
        #expect(Date().timeIntervalSince(started) >= 1)
    }

    @Test("a primary rate limit waits until x-ratelimit-reset; one too far away is reported at once")
    func rateLimitReset() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        let far = Int(Date().timeIntervalSince1970) + 3_600
        await fake.state.fail(with: 403, headers: ["x-ratelimit-remaining": "0", "x-ratelimit-reset": String(far)])
        let error = await #expect(throws: PublishError.self) { try await ReleasePublisher(client: client(fake)).publish(draft(), assets: []) }
        #expect(error?.category == .remoteRefused)
        #expect(error?.message.contains("rate limit") == true)
    }

    @Test("refusals are one clear line each, exit category 4, and never show the token", arguments: [
        (401, "refused the credentials"), (403, "forbade"), (404, "does not exist"), (422, "rejected"),
    ])
    func refusals(status: Int, phrase: String) async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        // A 404 for the tag's reference is confirmed by asking for the repository: its 404 is the refusal.
        await fake.state.fail(with: status, times: status == 404 ? 2 : 1)
        let error = await #expect(throws: PublishError.self) { try await ReleasePublisher(client: client(fake)).publish(draft(), assets: []) }
        #expect(error?.category == .remoteRefused)
        #expect(error?.message.contains(phrase) == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("\n") == false)
        #expect(error?.description.contains(FakeGitHub.token) == false)
    }

    @Test("a wrong token and an unknown repository are told apart")
    func realRefusals() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        let badToken = await #expect(throws: PublishError.self) { try await ReleasePublisher(client: client(fake, token: "wrong")).publish(draft(), assets: []) }
        #expect(badToken?.message.hasPrefix("GitHub refused the credentials (401: Bad credentials)") == true)
        #expect(badToken?.description.contains("wrong") == false)
        let unknown = await #expect(throws: PublishError.self) { try await ReleasePublisher(client: client(fake, repository: "acme/nothing")).publish(draft(), assets: []) }
        #expect(unknown?.message.contains("acme/nothing does not exist") == true)
    }

    @Test("a server that keeps failing gives up after the configured attempts")
    func givesUp() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        await fake.state.fail(with: 503, times: 10)
        let error = await #expect(throws: PublishError.self) { try await ReleasePublisher(client: client(fake, attempts: 3)).publish(draft(), assets: []) }
        #expect(error?.message.contains("503 3 times") == true)
        #expect(await fake.state.log.count == 3)
    }
}

@Suite("checksums and step outputs")
struct PipelineTests {
    @Test("checksums.txt is sha256sum's format, sorted by name, and sha256sum --check accepts it")
    func checksums() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("relnotes-sums-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var entries: [(name: String, sha256: String)] = []
        for (name, text) in [("b.tar.gz", "bee"), ("a.zip", "ay")] {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
            entries.append((name, Checksums.sha256(Data(text.utf8))))
        }
        let text = Checksums.file(entries)
        #expect(text.hasPrefix(Checksums.sha256(Data("ay".utf8)) + "  a.zip\n"))
        try Data(text.utf8).write(to: folder.appendingPathComponent("checksums.txt"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", "--check", "--quiet", "checksums.txt"]
        process.currentDirectoryURL = folder
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(Checksums.sha256(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("GITHUB_OUTPUT gets name=value lines and multi-line values inside a random delimiter")
    func githubOutput() throws {
        var output = GitHubOutput()
        output.set("version", "1.2.0")
        output.set("notes", "## Features\n\n- a\n")
        let text = output.text(delimiter: { "EOF123" })
        #expect(text == "version=1.2.0\nnotes<<EOF123\n## Features\n\n- a\nEOF123\n")
        var tricky = GitHubOutput()
        tricky.set("notes", "line\nEOF1\n")
        var calls = 0
        let safe = tricky.text(delimiter: { calls += 1; return "EOF\(calls)" })
        #expect(safe == "notes<<EOF2\nline\nEOF1\nEOF2\n")
    }

    @Test("an output name GitHub would not accept is refused before anything is appended", arguments: ["", "1st", "bad name", "a=b", "a\nb", "a<<EOF"])
    func invalidOutputName(name: String) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("outputs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        var output = GitHubOutput()
        output.set("version", "1.0.0")
        output.set(name, "x")
        #expect(throws: PublishError.self) { try output.append(to: file.path) }
        #expect(!FileManager.default.fileExists(atPath: file.path))
        #expect(GitHubOutput.isValidName("release_worthy") && GitHubOutput.isValidName("_x-1"))
    }
}
