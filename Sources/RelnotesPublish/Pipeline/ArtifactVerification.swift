import RelnotesCore

/// The "Verifying artifacts" section of a release body: digest-pinned references, and the
/// commands that prove what the release workflow built and signed (keyless: the certificate
/// names the workflow, issued by GitHub's OIDC): `cosign verify` for every image and chart,
/// `cosign verify-blob` for `checksums.txt` and every file whose Sigstore bundle the document
/// names, `gh attestation verify` only for what the document marks attested.
public struct ArtifactVerification: Sendable {
    /// GitHub Actions' OIDC issuer: what keyless signatures made in a workflow are issued by.
    public static let githubIssuer = "https://token.actions.githubusercontent.com"

    /// What was built: the images, charts and files to verify.
    public var manifest: ArtifactManifest
    /// `owner/name`, for `gh attestation verify --repo`.
    public var repository: String
    /// Who must have signed.
    public var signer: SignerIdentity

    /// The default identity: `https://github.com/<repository>/.github/workflows/release.yml@refs/tags/<tag>`,
    /// the certificate of `release.yml` run for the pushed tag.
    public static func defaultIdentity(repository: String, tag: String, workflow: String = ".github/workflows/release.yml") -> String {
        "https://github.com/\(repository)/\(workflow)@refs/tags/\(tag)"
    }

    /// Creates the section for `manifest`, built in `repository` and signed by `signer`.
    public init(manifest: ArtifactManifest, repository: String, signer: SignerIdentity) {
        self.manifest = manifest
        self.repository = repository
        self.signer = signer
    }

    /// The Markdown section, or an empty string when the manifest lists nothing.
    ///
    /// Every value interpolated into a command is one shell word (``TextSanitizer/shellQuoted(_:)``),
    /// so a pasted line runs exactly the command shown; values shown as text are code spans.
    /// The manifest has no control characters (``ArtifactManifest/read(_:file:)`` refuses them).
    public var markdown: String {
        var lines: [String] = []
        let oci = [("Images", manifest.images), ("Helm charts", manifest.charts)].filter { !$0.1.isEmpty }
        guard !oci.isEmpty || !manifest.files.isEmpty else { return "" }
        lines += ["## Verifying artifacts", ""]
        lines += ["Everything below was built once by the release workflow; pull it by digest and check its signature and provenance before use.", ""]
        for (title, artifacts) in oci {
            lines += ["### \(title)", ""]
            for artifact in artifacts {
                let tags = (artifact.tags ?? []).map { TextSanitizer.markdownCodeSpan($0) }
                lines.append("- " + TextSanitizer.markdownCodeSpan(artifact.pinned) + (tags.isEmpty ? "" : " (tags: " + tags.joined(separator: ", ") + ")"))
            }
            lines += ["", "```sh"]
            for artifact in artifacts {
                for command in Self.commands(for: artifact, repository: repository, signer: signer) {
                    lines += Self.shellLines(command)
                }
            }
            lines += ["```", ""]
        }
        if !manifest.files.isEmpty {
            lines += ["### Files", "", "| file | SHA-256 |", "|---|---|"]
            for file in manifest.files {
                lines.append("| \(TextSanitizer.markdownCodeSpan(file.name, inTable: true)) | \(TextSanitizer.markdownCodeSpan(file.sha256, inTable: true)) |")
            }
            lines += ["", "```sh"]
            for command in Self.fileCommands(for: manifest.files, repository: repository, signer: signer) {
                lines += Self.shellLines(command)
            }
            lines += ["```", ""]
        }
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One word of a command: written by relnotes (`cosign`, `--repo`), or a value from the
    /// manifest, the repository or the identity, which is always quoted.
    enum Word: Hashable, Sendable {
        case literal(String)
        case value(String)

        var text: String {
            switch self {
            case .literal(let word): word
            case .value(let value): value
            }
        }

        var shell: String {
            switch self {
            case .literal(let word): word
            case .value(let value): TextSanitizer.shellQuoted(value)
            }
        }
    }

    /// The commands that verify one image or chart: its signature, then its provenance when
    /// it was attested.
    static func commands(for artifact: ArtifactManifest.OCIArtifact, repository: String, signer: SignerIdentity) -> [[Word]] {
        var commands: [[Word]] = [[.literal("cosign"), .literal("verify"), .value(artifact.pinned)] + signer.options]
        if artifact.attested == true {
            commands.append([.literal("gh"), .literal("attestation"), .literal("verify"), .value("oci://" + artifact.pinned), .literal("--repo"), .value(repository)])
        }
        return commands
    }

    /// The name of the checksums file `publish github --checksums` attaches.
    public static let checksumsName = "checksums.txt"

    /// The commands that check the files: the signature of `checksums.txt` when the document
    /// names its bundle, the checksums, then each signed file's signature and each attested
    /// file's provenance.
    static func fileCommands(for files: [ArtifactManifest.File], repository: String, signer: SignerIdentity) -> [[Word]] {
        func verifyBlob(_ file: ArtifactManifest.File, bundle: String) -> [Word] {
            [.literal("cosign"), .literal("verify-blob"), .value(fileArgument(file.name)), .literal("--bundle"), .value(bundle)] + signer.options
        }
        var commands: [[Word]] = []
        for file in files where file.name == checksumsName {
            if let bundle = file.bundle { commands.append(verifyBlob(file, bundle: bundle)) }
        }
        commands.append([.literal("sha256sum"), .literal("--check"), .literal("--ignore-missing"), .literal(checksumsName)])
        for file in files where file.name != checksumsName {
            if let bundle = file.bundle { commands.append(verifyBlob(file, bundle: bundle)) }
        }
        for file in files where file.attested == true {
            commands.append([.literal("gh"), .literal("attestation"), .literal("verify"), .value(fileArgument(file.name)), .literal("--repo"), .value(repository)])
        }
        return commands
    }

    /// A file name as an argument: `./name` when it starts with `-`, so no tool reads it as an option.
    static func fileArgument(_ name: String) -> String {
        name.hasPrefix("-") ? "./" + name : name
    }

    /// One command as shell text; each `--certificate-…` option starts a continued line.
    static func shellLines(_ words: [Word]) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in words {
            if case .literal(let option) = word, option.hasPrefix("--certificate-"), !current.isEmpty {
                lines.append(current + " \\")
                current = "  " + word.shell
            } else {
                current += current.isEmpty ? word.shell : " " + word.shell
            }
        }
        lines.append(current)
        return lines
    }
}
