import Foundation
import RelnotesCore
import RelnotesFixtures
import RelnotesPublish
import Testing

let testDigest = "sha256:" + String(repeating: "ab", count: 32)
let testSum = String(repeating: "cd", count: 32)

private let issuer = "https://token.actions.githubusercontent.com"

@Suite("the signing identity of the Verifying artifacts commands")
struct SignerIdentityTests {
    typealias Settings = SignerIdentity.Settings

    @Test("explicit settings win over the workflow relnotes runs in, which wins over the default", arguments: [
        // command line, [verify], GITHUB_WORKFLOW_REF, tag → expected
        (Settings(identity: "me@example.com"), Settings(identityRegexp: "^x"), "acme/widgets/.github/workflows/release.yml@refs/heads/main", "v1.0.0",
         SignerIdentity.Match.exact("me@example.com"), SignerIdentity.Source.commandLine),
        (Settings(identityRegexp: "^https://github\\.com/acme/"), Settings(identity: "x"), nil, "v1.0.0",
         .regexp("^https://github\\.com/acme/"), .commandLine),
        (Settings(), Settings(identityRegexp: "^https://github\\.com/acme/widgets/\\.github/workflows/build\\.yml@"), "acme/widgets/.github/workflows/release.yml@refs/heads/main", "v1.0.0",
         .regexp("^https://github\\.com/acme/widgets/\\.github/workflows/build\\.yml@"), .configuration),
        (Settings(), Settings(), "acme/op/.github/workflows/release.yml@refs/heads/main", "v1.0.0",
         .exact("https://github.com/acme/op/.github/workflows/release.yml@refs/heads/main"), .workflow),
        (Settings(), Settings(), "acme/widgets/.github/workflows/release.yml@refs/tags/v1.0.0", "v1.0.0",
         .exact("https://github.com/acme/widgets/.github/workflows/release.yml@refs/tags/v1.0.0"), .workflow),
        (Settings(), Settings(), "not a workflow ref", "v1.0.0",
         .exact("https://github.com/acme/widgets/.github/workflows/release.yml@refs/tags/v1.0.0"), .defaultWorkflow),
        (Settings(), Settings(), nil, nil,
         .regexp("^https://github\\.com/acme/widgets/\\.github/workflows/release\\.yml@refs/"), .defaultWorkflow),
    ] as [(Settings, Settings, String?, String?, SignerIdentity.Match, SignerIdentity.Source)])
    func precedence(commandLine: Settings, configuration: Settings, workflowRef: String?, tag: String?, match: SignerIdentity.Match, source: SignerIdentity.Source) {
        let environment = workflowRef.map { ["GITHUB_WORKFLOW_REF": $0] } ?? [:]
        let signer = SignerIdentity.resolve(commandLine: commandLine, configuration: configuration, environment: environment, repository: "acme/widgets", tag: tag)
        #expect(signer.match == match)
        #expect(signer.source == source)
        #expect(signer.issuer == issuer)
    }

    @Test("the issuer comes from the command line, then [verify], then GitHub Actions'")
    func issuerPrecedence() {
        let resolve = { (cli: String?, config: String?) in
            SignerIdentity.resolve(commandLine: Settings(issuer: cli), configuration: Settings(issuer: config), environment: [:], repository: "a/b", tag: "v1").issuer
        }
        #expect(resolve("https://cli", "https://config") == "https://cli")
        #expect(resolve(nil, "https://config") == "https://config")
        #expect(resolve(nil, nil) == issuer)
    }
}

@Suite("the Verifying artifacts commands, split as a shell splits them")
struct ArtifactCommandTests {
    private let signer = SignerIdentity(match: .exact("https://github.com/acme/op/.github/workflows/release.yml@refs/heads/main"), source: .workflow)

    @Test("cosign verify for every image and chart; gh attestation verify only for those marked attested")
    func ociCommands() throws {
        let manifest = ArtifactManifest(
            images: [.init(reference: "ghcr.io/acme/op", digest: testDigest, tags: ["1.4.0"], attested: true)],
            charts: [.init(reference: "ghcr.io/acme/charts/op", digest: testDigest)]
        )
        let body = ArtifactVerification(manifest: manifest, repository: "acme/op", signer: signer).markdown
        let identity = "https://github.com/acme/op/.github/workflows/release.yml@refs/heads/main"
        #expect(try shellCommands(in: body) == [
            ["cosign", "verify", "ghcr.io/acme/op@\(testDigest)", "--certificate-identity", identity, "--certificate-oidc-issuer", issuer],
            ["gh", "attestation", "verify", "oci://ghcr.io/acme/op@\(testDigest)", "--repo", "acme/op"],
            ["cosign", "verify", "ghcr.io/acme/charts/op@\(testDigest)", "--certificate-identity", identity, "--certificate-oidc-issuer", issuer],
        ])
    }

    @Test("cosign verify-blob for checksums.txt first and for each file with a bundle; sha256sum; gh attestation only for attested files")
    func fileCommands() throws {
        let regexp = SignerIdentity(match: .regexp("^https://github\\.com/acme/op/\\.github/workflows/release\\.yml@refs/(heads|tags)/"), issuer: "https://issuer.example", source: .configuration)
        let manifest = ArtifactManifest(files: [
            .init(name: "op-linux-amd64.tar.gz", sha256: testSum, bundle: "op-linux-amd64.tar.gz.sigstore.json", attested: true),
            .init(name: "-op's sbom.spdx.json", sha256: testSum, attested: true),
            .init(name: "notes.txt", sha256: testSum),
            .init(name: "checksums.txt", sha256: testSum, bundle: "checksums.txt.sigstore.json"),
        ])
        let body = ArtifactVerification(manifest: manifest, repository: "acme/op", signer: regexp).markdown
        let options = ["--certificate-identity-regexp", "^https://github\\.com/acme/op/\\.github/workflows/release\\.yml@refs/(heads|tags)/", "--certificate-oidc-issuer", "https://issuer.example"]
        #expect(try shellCommands(in: body) == [
            ["cosign", "verify-blob", "checksums.txt", "--bundle", "checksums.txt.sigstore.json"] + options,
            ["sha256sum", "--check", "--ignore-missing", "checksums.txt"],
            ["cosign", "verify-blob", "op-linux-amd64.tar.gz", "--bundle", "op-linux-amd64.tar.gz.sigstore.json"] + options,
            ["gh", "attestation", "verify", "op-linux-amd64.tar.gz", "--repo", "acme/op"],
            ["gh", "attestation", "verify", "./-op's sbom.spdx.json", "--repo", "acme/op"],
        ])
    }

    @Test("an artifacts document round-trips bundle and attested, and refuses a bundle named like its file")
    func documentFields() throws {
        let text = #"{"files":[{"name":"a.tgz","sha256":"\#(testSum)","bundle":"a.tgz.sigstore.json","attested":true}],"images":[{"reference":"r/x","digest":"\#(testDigest)","attested":true}]}"#
        let manifest = try ArtifactManifest.read(Data(text.utf8), file: "artifacts.json")
        #expect(manifest.files.first?.bundle == "a.tgz.sigstore.json")
        #expect(manifest.files.first?.attested == true)
        #expect(manifest.images.first?.attested == true)
        let same = #"{"files":[{"name":"a.tgz","sha256":"\#(testSum)","bundle":"a.tgz"}]}"#
        #expect(throws: PublishError.self) { try ArtifactManifest.read(Data(same.utf8), file: "artifacts.json") }
        let control = #"{"files":[{"name":"a.tgz","sha256":"\#(testSum)","bundle":"a\nb"}]}"#
        let error = #expect(throws: PublishError.self) { try ArtifactManifest.read(Data(control.utf8), file: "artifacts.json") }
        #expect(error?.message.contains("files[0].bundle contains a control character") == true)
    }
}

@Suite("[verify] in the configuration")
struct VerifyConfigurationTests {
    @Test("[verify] reads certificate_identity, certificate_identity_regexp and certificate_oidc_issuer")
    func reads() throws {
        let configuration = try ConfigurationParser().parse("""
            [verify]
            certificate_identity_regexp = '^https://github\\.com/acme/op/'
            certificate_oidc_issuer = "https://issuer.example"
            """, file: ".relnotes.toml")
        #expect(configuration.verify.certificateIdentityRegexp == "^https://github\\.com/acme/op/")
        #expect(configuration.verify.certificateOIDCIssuer == "https://issuer.example")
        #expect(configuration.verify.certificateIdentity == nil)
    }

    @Test("an unknown key, a wrong type, or both identity forms in [verify] is an error naming file:line and key", arguments: [
        ("[verify]\ncertificate_identiy = \"x\"\n", "verify.certificate_identiy", 2),
        ("[verify]\ncertificate_identity = 3\n", "verify.certificate_identity", 2),
        ("[verify]\ncertificate_identity = \"x\"\ncertificate_identity_regexp = \"y\"\n", "verify.certificate_identity_regexp", 3),
        ("[verify]\ncertificate_identity = \"\"\n", "verify.certificate_identity", 2),
        ("verify = \"x\"\n", "verify", 1),
    ])
    func errors(text: String, key: String, line: Int) {
        let error = #expect(throws: ConfigurationError.self) { try ConfigurationParser().parse(text, file: ".relnotes.toml") }
        #expect(error?.key == key, "\(String(describing: error))")
        #expect(error?.line == line)
    }
}

@Suite("notes --artifacts as a user runs it", .serialized)
struct NotesArtifactsCommandTests {
    private func fixture(config: String? = nil) throws -> FixtureRepository {
        let fixture = try Scenario.linear.build()
        if let config { try Data(config.utf8).write(to: fixture.url.appendingPathComponent(".relnotes.toml")) }
        return fixture
    }

    private func document(in fixture: FixtureRepository) throws -> String {
        let text = """
            {"images": [{"reference": "ghcr.io/acme/op", "digest": "\(testDigest)", "attested": true}],
             "files": [{"name": "checksums.txt", "sha256": "\(testSum)", "bundle": "checksums.txt.sigstore.json"}]}
            """
        let file = fixture.url.deletingLastPathComponent().appendingPathComponent("artifacts.json")
        try Data(text.utf8).write(to: file)
        return file.path
    }

    @Test("inside the signing workflow (workflow_dispatch on main), the identity is GITHUB_WORKFLOW_REF's, not the tag's")
    func workflowDispatch() async throws {
        let fixture = try fixture()
        let path = try document(in: fixture)
        let run = try await relnotes(["notes", "v1.0.0", "--artifacts", path], in: fixture.url, environment: [
            "GITHUB_REPOSITORY": "acme/op", "GITHUB_WORKFLOW_REF": "acme/op/.github/workflows/release.yml@refs/heads/main",
        ])
        #expect(run.status == 0, "\(run.standardError)")
        let identity = ["--certificate-identity", "https://github.com/acme/op/.github/workflows/release.yml@refs/heads/main", "--certificate-oidc-issuer", issuer]
        #expect(try shellCommands(in: run.standardOutput) == [
            ["cosign", "verify", "ghcr.io/acme/op@\(testDigest)"] + identity,
            ["gh", "attestation", "verify", "oci://ghcr.io/acme/op@\(testDigest)", "--repo", "acme/op"],
            ["cosign", "verify-blob", "checksums.txt", "--bundle", "checksums.txt.sigstore.json"] + identity,
            ["sha256sum", "--check", "--ignore-missing", "checksums.txt"],
        ])
    }

    @Test("[verify] replaces the default and the workflow; --certificate-identity-regexp replaces [verify]")
    func configured() async throws {
        let fixture = try fixture(config: """
            [verify]
            certificate_identity = "https://github.com/acme/op/.github/workflows/build.yml@refs/heads/main"
            certificate_oidc_issuer = "https://issuer.example"
            """)
        let path = try document(in: fixture)
        let env = ["GITHUB_REPOSITORY": "acme/op", "GITHUB_WORKFLOW_REF": "acme/op/.github/workflows/publish.yml@refs/heads/main"]
        let run = try await relnotes(["notes", "v1.0.0", "--artifacts", path], in: fixture.url, environment: env)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(try shellCommands(in: run.standardOutput).first == [
            "cosign", "verify", "ghcr.io/acme/op@\(testDigest)",
            "--certificate-identity", "https://github.com/acme/op/.github/workflows/build.yml@refs/heads/main", "--certificate-oidc-issuer", "https://issuer.example",
        ])
        let pattern = "^https://github\\.com/acme/op/\\.github/workflows/.+@refs/tags/v"
        let regexp = try await relnotes(["notes", "v1.0.0", "--artifacts", path, "--certificate-identity-regexp", pattern], in: fixture.url, environment: env)
        #expect(regexp.status == 0, "\(regexp.standardError)")
        #expect(try shellCommands(in: regexp.standardOutput).first == [
            "cosign", "verify", "ghcr.io/acme/op@\(testDigest)", "--certificate-identity-regexp", pattern, "--certificate-oidc-issuer", "https://issuer.example",
        ])
        let both = try await relnotes(["notes", "v1.0.0", "--artifacts", path, "--certificate-identity-regexp", pattern, "--certificate-identity", "x"], in: fixture.url, environment: env)
        #expect(both.status == 1)
    }

    @Test("outside a workflow and without settings, the identity is release.yml at the release tag")
    func defaultIdentity() async throws {
        let fixture = try fixture()
        let path = try document(in: fixture)
        let run = try await relnotes(["notes", "v1.0.0", "--artifacts", path], in: fixture.url, environment: ["GITHUB_REPOSITORY": "acme/op"])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(try shellCommands(in: run.standardOutput).first?.dropFirst(3).first == "--certificate-identity")
        #expect(try shellCommands(in: run.standardOutput).first?.dropFirst(4).first == "https://github.com/acme/op/.github/workflows/release.yml@refs/tags/v1.0.0")
    }
}
