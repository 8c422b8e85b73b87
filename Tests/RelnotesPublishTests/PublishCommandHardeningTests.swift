import Foundation
import RelnotesFixtures
import Testing

/// `relnotes publish github` as a user runs it, against servers on 127.0.0.1 that misbehave.
@Suite("publish github refuses unsafe settings and ends in time", .serialized)
struct PublishCommandHardeningTests {
    private func environment(_ root: String, _ fixture: FixtureRepository, token: String = FakeGitHub.token) -> [String: String] {
        [
            "GITHUB_API_URL": root, "GITHUB_TOKEN": token, "GITHUB_REPOSITORY": "acme/widgets",
            "HOME": fixture.environment["HOME"] ?? "/nonexistent",
        ]
    }

    @Test("GITHUB_API_URL in clear text to a non-loopback host, or not a URL, is exit 1 at once, with no request", arguments: [
        "http://relnotes.invalid:9", "http://api.example.invalid", "not a url", "ftp://127.0.0.1/", "https://me:secret@api.github.com",
    ])
    func unsafeAPIRoot(root: String) async throws {
        let fixture = try Scenario.linear.build()
        let result = try await relnotes(["publish", "github", "v1.0.0"], in: fixture.url, environment: environment(root, fixture))
        #expect(result.status == 1, "\(result.standardError)")
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("relnotes: error: GITHUB_API_URL") == true, "\(result.standardError)")
        #expect(!result.standardError.contains(FakeGitHub.token))
        #expect(!result.standardError.contains("secret"))
    }

    @Test("a server that never answers ends at --timeout with exit 4 and words, not an NSURLErrorDomain code")
    func timeout() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        await fake.state.misbehave(.stall(seconds: 30), times: 5)
        let fixture = try Scenario.linear.build()
        let started = Date()
        let result = try await relnotes(["publish", "github", "v1.0.0", "--timeout", "2"], in: fixture.url, environment: environment(fake.root.absoluteString, fixture))
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(result.status == 4)
        #expect(result.standardError.hasPrefix("relnotes: error: GitHub did not answer within 2 seconds"), "\(result.standardError)")
        #expect(!result.standardError.contains("NSURLErrorDomain"))
    }

    @Test("--timeout must be a positive number of seconds", arguments: ["0", "-1", "nan", "inf", "1e400"])
    func badTimeout(value: String) async throws {
        let fixture = try Scenario.linear.build()
        let result = try await relnotes(["publish", "github", "v1.0.0", "--timeout", value], in: fixture.url, environment: environment("http://127.0.0.1:9", fixture))
        #expect(result.status == 1, "\(result.standardError)")
    }

    @Test("a token the server echoes never reaches stderr")
    func echoedToken() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        await fake.state.misbehave(.echoCredentials(422))
        let fixture = try Scenario.linear.build()
        let result = try await relnotes(["publish", "github", "v1.0.0"], in: fixture.url, environment: environment(fake.root.absoluteString, fixture))
        #expect(result.status == 4)
        #expect(result.standardError.hasPrefix("relnotes: error: GitHub rejected"), "\(result.standardError)")
        #expect(!result.standardError.contains(FakeGitHub.token))
        #expect(result.standardError.split(separator: "\n").count == 2)
    }

    @Test("a redirect to another port is refused with exit 4; that server never sees a request")
    func redirect() async throws {
        let fake = try await FakeGitHub.start()
        let other = try await FakeGitHub.start()
        defer { Task { await fake.stop(); await other.stop() } }
        await fake.state.misbehave(.redirect(302, to: other.root))
        let fixture = try Scenario.linear.build()
        let result = try await relnotes(["publish", "github", "v1.0.0"], in: fixture.url, environment: environment(fake.root.absoluteString, fixture))
        #expect(result.status == 4)
        #expect(result.standardError.contains("redirected GET"), "\(result.standardError)")
        #expect(await other.state.log.isEmpty)
    }

    @Test("two --asset files with one base name, or a checksums.txt of one's own with --checksums, are exit 1 before any request")
    func assetNames() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        let fixture = try Scenario.linear.build()
        let folder = fixture.url.deletingLastPathComponent()
        for sub in ["a", "b"] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
            try Data(sub.utf8).write(to: folder.appendingPathComponent("\(sub)/tool.tar.gz"))
        }
        try Data("mine".utf8).write(to: folder.appendingPathComponent("a/checksums.txt"))
        let env = environment(fake.root.absoluteString, fixture)
        let twins = try await relnotes(["publish", "github", "v1.0.0", "--asset", folder.appendingPathComponent("a/tool.tar.gz").path, folder.appendingPathComponent("b/tool.tar.gz").path], in: fixture.url, environment: env)
        #expect(twins.status == 1)
        #expect(twins.standardError.contains("are both named tool.tar.gz"), "\(twins.standardError)")
        let sums = try await relnotes(["publish", "github", "v1.0.0", "--checksums", "--asset", folder.appendingPathComponent("a/tool.tar.gz").path, folder.appendingPathComponent("a/checksums.txt").path], in: fixture.url, environment: env)
        #expect(sums.status == 1)
        #expect(sums.standardError.contains("--checksums would replace the asset"), "\(sums.standardError)")
        #expect(await fake.state.log.isEmpty)
    }

    @Test("--dry-run prints each request with its body's first lines, and never the token")
    func dryRun() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        let fixture = try Scenario.linear.build()
        let result = try await relnotes(["publish", "github", "v1.0.0", "--dry-run"], in: fixture.url, environment: environment(fake.root.absoluteString, fixture))
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("GET \(fake.root.absoluteString)/repos/acme/widgets/releases/tags/v1.0.0\n"))
        #expect(result.standardOutput.contains("\"tag_name\":\"v1.0.0\""))
        #expect(result.standardOutput.contains("\n  | "))
        #expect(result.standardOutput.contains("Authorization: Bearer [redacted]"))
        #expect(!result.standardOutput.contains(FakeGitHub.token))
        #expect(await fake.state.log.isEmpty)
    }
}
