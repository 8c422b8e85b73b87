/// The "Verifying artifacts" section of a release body: digest-pinned references, and the
/// `cosign verify` and `gh attestation verify` commands that prove what the release workflow
/// built and signed (keyless: the certificate names the workflow, issued by GitHub's OIDC).
public struct ArtifactVerification: Sendable {
    /// GitHub Actions' OIDC issuer: what keyless signatures made in a workflow are issued by.
    public static let githubIssuer = "https://token.actions.githubusercontent.com"

    public var manifest: ArtifactManifest
    /// `owner/name`, for `gh attestation verify --repo`.
    public var repository: String
    /// The signing certificate's identity: the workflow file at the release tag.
    public var certificateIdentity: String
    public var certificateIssuer: String

    /// The default identity: `https://github.com/<repository>/.github/workflows/release.yml@refs/tags/<tag>`.
    public static func defaultIdentity(repository: String, tag: String, workflow: String = ".github/workflows/release.yml") -> String {
        "https://github.com/\(repository)/\(workflow)@refs/tags/\(tag)"
    }

    public init(manifest: ArtifactManifest, repository: String, certificateIdentity: String, certificateIssuer: String = ArtifactVerification.githubIssuer) {
        self.manifest = manifest
        self.repository = repository
        self.certificateIdentity = certificateIdentity
        self.certificateIssuer = certificateIssuer
    }

    /// The Markdown section, or an empty string when the manifest lists nothing.
    public var markdown: String {
        var lines: [String] = []
        let oci = [("Images", manifest.images), ("Helm charts", manifest.charts)].filter { !$0.1.isEmpty }
        guard !oci.isEmpty || !manifest.files.isEmpty else { return "" }
        lines += ["## Verifying artifacts", ""]
        lines += ["Everything below was built once by the release workflow; pull it by digest and check its signature and provenance before use.", ""]
        for (title, artifacts) in oci {
            lines += ["### \(title)", ""]
            for artifact in artifacts { lines.append("- `\(artifact.pinned)`" + (artifact.tags.map { $0.isEmpty ? "" : " (tags: " + $0.map { "`\($0)`" }.joined(separator: ", ") + ")" } ?? "")) }
            lines += ["", "```sh"]
            for artifact in artifacts {
                lines.append("cosign verify \(artifact.pinned) \\")
                lines.append("  --certificate-identity '\(certificateIdentity)' \\")
                lines.append("  --certificate-oidc-issuer '\(certificateIssuer)'")
                lines.append("gh attestation verify oci://\(artifact.pinned) --repo \(repository)")
            }
            lines += ["```", ""]
        }
        if !manifest.files.isEmpty {
            lines += ["### Files", "", "| file | SHA-256 |", "|---|---|"]
            for file in manifest.files { lines.append("| `\(file.name)` | `\(file.sha256)` |") }
            lines += ["", "```sh", "sha256sum --check --ignore-missing checksums.txt"]
            for file in manifest.files { lines.append("gh attestation verify \(file.name) --repo \(repository)") }
            lines += ["```", ""]
        }
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }
}
