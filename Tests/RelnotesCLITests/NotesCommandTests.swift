import Foundation
import RelnotesFixtures
import Testing

@Suite("relnotes notes")
struct NotesCommandTests {
    private func linked(_ scenario: Scenario) throws -> FixtureRepository {
        let fixture = try scenario.build()
        try fixture.git("remote", "add", "origin", "git@github.com:acme/widgets.git")
        return fixture
    }

    @Test("the default is the latest release's body: groups without a heading, contributors, the comparison link")
    func latest() throws {
        let fixture = try linked(.linear)
        let run = try RelnotesBinary.run(["notes"], in: fixture.url)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.hasPrefix("### Breaking Changes\n\n- **api:** rename the entry point ("))
        #expect(run.standardOutput.contains("\n### Contributors\n\n- Ada Fixture\n"))
        #expect(run.standardOutput.hasSuffix("\n**Full Changelog**: [v0.2.0...v1.0.0](https://github.com/acme/widgets/compare/v0.2.0...v1.0.0)\n"))
        #expect(!run.standardOutput.contains("## [1.0.0]"))
    }

    @Test("a named tag, --unreleased and --tag V select the release", arguments: [
        (["notes", "v0.2.0"], "- **cli:** add --verbose"),
        (["notes", "--unreleased"], "- **cli:** add --quiet"),
        (["notes", "--tag", "1.1.0"], "[v1.0.0...v1.1.0]"),
    ])
    func selections(arguments: [String], expected: String) throws {
        let fixture = try linked(.linear)
        let run = try RelnotesBinary.run(arguments, in: fixture.url)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains(expected))
    }

    @Test("a tag that HEAD does not contain is read from its own history")
    func unmergedTag() throws {
        let fixture = try linked(.unmergedBranchTag)
        let run = try RelnotesBinary.run(["notes", "v9.0.0"], in: fixture.url)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.hasPrefix("### Breaking Changes\n\n- rewrite everything"))
    }

    @Test("a missing or non-release tag is exit 2", arguments: ["v7.0.0", "nightly"])
    func badTag(tag: String) throws {
        let fixture = try linked(.nonSemverTags)
        let run = try RelnotesBinary.run(["notes", tag], in: fixture.url)
        #expect(run.status == 2)
        #expect(run.standardError.hasPrefix("relnotes: error: "))
    }

    @Test("first-time contributors and Co-authored-by trailers are named, without network")
    func contributors() throws {
        let fixture = try linked(.linear)
        try fixture.commit("fix: a newcomer's fix\n\nCo-authored-by: Grace Hopper <grace@example.com>")
        try fixture.tag("v1.1.0")
        let run = try RelnotesBinary.run(["notes", "v1.1.0"], in: fixture.url)
        #expect(run.standardOutput.contains("### Contributors\n\n- Ada Fixture\n- Grace Hopper (first contribution)\n"))
    }

    @Test("--format json carries the release, the contributors and the body")
    func json() throws {
        let fixture = try linked(.linear)
        let run = try RelnotesBinary.run(["notes", "v1.0.0", "--format", "json"], in: fixture.url)
        let document = try #require(try JSONSerialization.jsonObject(with: run.standardOutputData) as? [String: Any])
        #expect(document["schema"] as? Int == 1)
        #expect((document["release"] as? [String: Any])?["tag"] as? String == "v1.0.0")
        #expect((document["contributors"] as? [[String: Any]])?.first?["name"] as? String == "Ada Fixture")
        let markdown = try RelnotesBinary.run(["notes", "v1.0.0"], in: fixture.url).standardOutput
        #expect(document["body"] as? String == markdown)
    }

    @Test("--artifacts adds digest-pinned references with cosign and gh attestation commands")
    func artifacts() throws {
        let fixture = try linked(.linear)
        let digest = "sha256:" + String(repeating: "ab", count: 32)
        let fileSum = String(repeating: "cd", count: 32)
        let manifest = """
            {"images": [{"reference": "ghcr.io/acme/widgets", "digest": "\(digest)", "tags": ["1.0.0"]}],
             "charts": [{"reference": "ghcr.io/acme/charts/widgets", "digest": "\(digest)", "attested": true}],
             "files": [{"name": "widgets-linux-x86_64", "sha256": "\(fileSum)"}]}
            """
        let file = fixture.url.deletingLastPathComponent().appendingPathComponent("artifacts.json")
        try Data(manifest.utf8).write(to: file)
        let run = try RelnotesBinary.run(["notes", "v1.0.0", "--artifacts", file.path], in: fixture.url)
        #expect(run.status == 0, "\(run.standardError)")
        let body = run.standardOutput
        #expect(body.contains("## Verifying artifacts"))
        #expect(body.contains("- `ghcr.io/acme/widgets@\(digest)` (tags: `1.0.0`)"))
        #expect(body.contains("cosign verify 'ghcr.io/acme/widgets@\(digest)' \\\n  --certificate-identity 'https://github.com/acme/widgets/.github/workflows/release.yml@refs/tags/v1.0.0' \\\n  --certificate-oidc-issuer 'https://token.actions.githubusercontent.com'"))
        #expect(body.contains("gh attestation verify 'oci://ghcr.io/acme/charts/widgets@\(digest)' --repo 'acme/widgets'"))
        #expect(body.contains("| `widgets-linux-x86_64` | `\(fileSum)` |"))
        let custom = try RelnotesBinary.run(["notes", "v1.0.0", "--artifacts", file.path, "--certificate-identity", "me@example.com", "--certificate-oidc-issuer", "https://issuer.example"], in: fixture.url)
        #expect(custom.standardOutput.contains("--certificate-identity 'me@example.com' \\\n  --certificate-oidc-issuer 'https://issuer.example'"))
    }

    @Test("an artifacts document with a bad digest is exit 2 naming the field")
    func badArtifacts() throws {
        let fixture = try linked(.linear)
        let file = fixture.url.deletingLastPathComponent().appendingPathComponent("artifacts.json")
        try Data(#"{"images": [{"reference": "ghcr.io/acme/widgets", "digest": "latest"}]}"#.utf8).write(to: file)
        let run = try RelnotesBinary.run(["notes", "--artifacts", file.path], in: fixture.url)
        #expect(run.status == 2)
        #expect(run.standardError.contains("images[0].digest \"latest\" is not sha256:<64 hex digits>"))
    }
}
