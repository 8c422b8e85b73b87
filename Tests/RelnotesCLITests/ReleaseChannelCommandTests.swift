import Foundation
import RelnotesFixtures
import Testing

@Suite("release channels ([branches]), end to end")
struct ReleaseChannelCommandTests {
    /// main: v1.0.0, then a 1.x branch; main goes on to v2.0.0 and a feat; 1.x gets a fix.
    /// `[branches]` makes main a "next" prerelease channel and 1.x a maintenance line.
    private func repository() throws -> FixtureRepository {
        let fixture = try FixtureRepository()
        try fixture.commit("feat: first")
        try fixture.tag("v1.0.0")
        try fixture.branch("1.x")
        try fixture.commit("fix: patch the old line")
        try fixture.checkout("main")
        try fixture.commit("feat!: new api")
        try fixture.tag("v2.0.0")
        try fixture.commit("feat: more")
        let config = "[branches]\nmain = { prerelease = \"next\" }\n\"1.x\" = { maintenance = true }\n"
        try Data(config.utf8).write(to: fixture.url.appendingPathComponent(".relnotes.toml"))
        return fixture
    }

    @Test("on a checked-out 1.x branch only 1.x versions are given; a breaking change there is an error (exit 2)")
    func maintenanceBranch() throws {
        let fixture = try repository()
        try fixture.checkout("1.x")
        let run = try relnotes("next-version", "--explain", in: fixture)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.hasPrefix("current version v1.0.0"))
        #expect(run.standardOutput.contains("next version    v1.0.1: a patch bump\n"))
        #expect(run.standardOutput.contains("channel         1.x: maintenance line 1.x ([branches] \"1.x\")\n"))

        try fixture.commit("feat!: breaking on the old line")
        let refused = try relnotes("next-version", in: fixture)
        #expect(refused.status == 2)
        #expect(refused.standardOutput.isEmpty)
        #expect(refused.standardError.contains("relnotes: error: branch 1.x is the maintenance line 1.x, but a breaking change since v1.0.0 calls for 2.0.0"), "\(refused.standardError)")
        #expect(refused.standardError.contains("hint: "))
        let tag = try relnotes("tag", "--dry-run", "--allow-dirty", in: fixture)
        #expect(tag.status == 2)
    }

    @Test("with a detached HEAD, GITHUB_REF_NAME names the branch; --branch wins over it; --pre over the channel")
    func detachedHead() throws {
        let fixture = try repository()
        try fixture.git("checkout", "--quiet", "--detach", "main")
        let plain = try relnotes("next-version", in: fixture)
        #expect(plain.status == 0, "\(plain.standardError)")
        #expect(plain.standardOutput == "v2.1.0\n")

        let ci = try RelnotesBinary.run(["next-version", "--json"], in: fixture.url, environment: ["GITHUB_REF_NAME": "main"])
        #expect(ci.status == 0, "\(ci.standardError)")
        let document = try #require(try JSONSerialization.jsonObject(with: ci.standardOutputData) as? [String: Any])
        #expect((document["next"] as? [String: Any])?["tag"] as? String == "v2.1.0-next.1")
        let channel = try #require(document["channel"] as? [String: Any])
        #expect(channel["branch"] as? String == "main")
        #expect(channel["prerelease"] as? String == "next")
        #expect(channel["explanation"] as? String == "main: prerelease \"next\" ([branches] main)")

        let named = try RelnotesBinary.run(["next-version", "--branch", "feature/x"], in: fixture.url, environment: ["GITHUB_REF_NAME": "main"])
        #expect(named.standardOutput == "v2.1.0\n")
        let pre = try RelnotesBinary.run(["next-version", "--pre", "rc"], in: fixture.url, environment: ["GITHUB_REF_NAME": "main"])
        #expect(pre.standardOutput == "v2.1.0-rc.1\n")
        let tag = try RelnotesBinary.run(["tag", "--allow-dirty", "--branch", "main"], in: fixture.url)
        #expect(tag.status == 0, "\(tag.standardError)")
        #expect(tag.standardOutput == "v2.1.0-next.1\n")
        try fixture.commit("fix: after the prerelease")
        let again = try RelnotesBinary.run(["next-version"], in: fixture.url, environment: ["GITHUB_REF_NAME": "main"])
        #expect(again.standardOutput == "v2.1.0-next.2\n")
    }
}
