import Foundation
import RelnotesFixtures
import Testing

/// The release stage end to end, as a newcomer would run it: next-version, tag, notes, publish
/// github, against the GitHub API served by the test.
@Suite("the release flow against a GitHub API on 127.0.0.1", .serialized)
struct ReleaseFlowTests {
    private func environment(_ fake: FakeGitHub, _ fixture: FixtureRepository, token: String = FakeGitHub.token) -> [String: String] {
        [
            "GITHUB_API_URL": fake.root.absoluteString, "GITHUB_TOKEN": token, "GITHUB_REPOSITORY": "acme/widgets",
            "GIT_COMMITTER_NAME": "Rel Manager", "GIT_COMMITTER_EMAIL": "rm@example.com", "GIT_COMMITTER_DATE": "@1717200000 +0000",
            "HOME": fixture.environment["HOME"] ?? "/nonexistent",
        ]
    }

    @Test("next-version, tag, notes, publish: one release whose body is the tag message's body, assets and checksums, safe to re-run")
    func flow() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        let fixture = try Scenario.linear.build()
        let env = environment(fake, fixture)
        let next = try await relnotes(["next-version"], in: fixture.url, environment: env)
        #expect(next.standardOutput == "v1.1.0\n")
        let tag = try await relnotes(["tag"], in: fixture.url, environment: env)
        #expect(tag.status == 0, "\(tag.standardError)")
        try await fake.pushTags(of: fixture)
        let notes = try await relnotes(["notes", "v1.1.0"], in: fixture.url, environment: env)
        let binary = fixture.url.deletingLastPathComponent().appendingPathComponent("relnotes-linux-x86_64")
        try Data("the binary".utf8).write(to: binary)

        let publish = try await relnotes(["publish", "github", "v1.1.0", "--asset", binary.path, "--checksums"], in: fixture.url, environment: env)
        #expect(publish.status == 0, "\(publish.standardError)")
        #expect(publish.standardOutput == "https://github.com/acme/widgets/releases/tag/v1.1.0\n")
        #expect(!publish.standardError.contains(FakeGitHub.token))

        let releases = await fake.state.releases
        #expect(releases.count == 1)
        let release = try #require(releases.first)
        #expect(release.tagName == "v1.1.0")
        #expect(release.body == notes.standardOutput)
        #expect(release.prerelease == false)
        #expect(release.makeLatest == "true")
        let object = try fixture.git("cat-file", "-p", "v1.1.0") + "\n"
        let message = try #require(object.range(of: "\n\n").map { String(object[$0.upperBound...]) })
        #expect(message == "v1.1.0\n\n" + release.body)

        let assets = await fake.state.assets
        #expect(assets.map(\.name).sorted() == ["checksums.txt", "relnotes-linux-x86_64"])
        let sums = try #require(assets.first { $0.name == "checksums.txt" })
        #expect(String(decoding: sums.data, as: UTF8.self).hasSuffix("  relnotes-linux-x86_64\n"))

        let again = try await relnotes(["publish", "github", "v1.1.0", "--asset", binary.path, "--checksums"], in: fixture.url, environment: env)
        #expect(again.status == 0)
        #expect(again.standardError.contains("updated release v1.1.0"))
        #expect(await fake.state.releases.count == 1)
        #expect(await fake.state.assets.count == 2)
    }

    @Test("a prerelease is published as a prerelease and not marked latest")
    func prerelease() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        let fixture = try Scenario.prereleaseChain.build()
        try await fake.pushTags(of: fixture)
        let publish = try await relnotes(["publish", "github", "v1.2.0-beta.1"], in: fixture.url, environment: environment(fake, fixture))
        #expect(publish.status == 0, "\(publish.standardError)")
        let release = try #require(await fake.state.releases.first)
        #expect(release.prerelease)
        #expect(release.makeLatest == "false")
    }

    @Test("--dry-run makes no request; a missing token is exit 1; a refused token is exit 4 without the token in sight")
    func dryRunAndRefusals() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        let fixture = try Scenario.linear.build()
        let dry = try await relnotes(["publish", "github", "v1.0.0", "--dry-run"], in: fixture.url, environment: environment(fake, fixture))
        #expect(dry.status == 0)
        #expect(dry.standardOutput.contains("POST \(fake.root.absoluteString)/repos/acme/widgets/releases"))
        #expect(await fake.state.log.isEmpty)
        let missing = try await relnotes(["publish", "github", "v1.0.0"], in: fixture.url, environment: environment(fake, fixture, token: ""))
        #expect(missing.status == 1)
        #expect(missing.standardError.contains("GITHUB_TOKEN is not set"))
        let refused = try await relnotes(["publish", "github", "v1.0.0"], in: fixture.url, environment: environment(fake, fixture, token: "secret-wrong-token"))
        #expect(refused.status == 4)
        #expect(refused.standardError.hasPrefix("relnotes: error: GitHub refused the credentials (401"))
        #expect(!refused.standardError.contains("secret-wrong-token"))
        #expect(refused.standardError.split(separator: "\n").count == 2)
    }
}
