import RelnotesCore

/// Who must have signed the artifacts for `cosign verify` to accept them: the signing
/// certificate's identity (exactly, or by a regular expression) and the OIDC issuer that
/// vouched for it. For keyless signing in GitHub Actions, the identity is the workflow that
/// ran, at the ref it ran for: `https://github.com/acme/op/.github/workflows/release.yml@refs/heads/main`.
public struct SignerIdentity: Hashable, Sendable {
    /// How the certificate's identity is matched.
    public enum Match: Hashable, Sendable {
        /// `--certificate-identity`: this exact identity.
        case exact(String)
        /// `--certificate-identity-regexp`: any identity this regular expression matches.
        case regexp(String)
    }

    /// Where the identity came from, so that messages and docs can say why.
    public enum Source: String, Hashable, Sendable {
        /// `--certificate-identity` or `--certificate-identity-regexp` on the command line.
        case commandLine = "the command line"
        /// `[verify]` in `.relnotes.toml`.
        case configuration = "[verify] in the configuration"
        /// The workflow relnotes runs in (`GITHUB_WORKFLOW_REF`).
        case workflow = "GITHUB_WORKFLOW_REF"
        /// No setting: `release.yml` at the release tag.
        case defaultWorkflow = "the default (release.yml at the release tag)"
    }

    /// The identity the signing certificate must have, exactly or by pattern.
    public var match: Match
    /// The OIDC issuer the certificate must come from.
    public var issuer: String
    /// Where ``match`` came from.
    public var source: Source

    /// Creates an identity; the issuer is GitHub Actions' unless `issuer` says otherwise.
    public init(match: Match, issuer: String = ArtifactVerification.githubIssuer, source: Source) {
        self.match = match
        self.issuer = issuer
        self.source = source
    }

    /// What the user said, by precedence. Explicit settings come first, since only they can
    /// name a signer other than the workflow relnotes runs in (a reusable workflow, or a build
    /// workflow before a separate publishing one): the command line, then `[verify]`. Then the
    /// workflow relnotes runs in (`GITHUB_WORKFLOW_REF`, which GitHub Actions sets to
    /// `owner/repo/.github/workflows/file.yml@ref`), then `release.yml` at the release tag
    /// (right for a workflow started by pushing the tag). The issuer: the command line, then
    /// `[verify]`, then GitHub Actions'.
    public struct Settings: Hashable, Sendable {
        /// An exact certificate identity, if set here.
        public var identity: String?
        /// A regular expression for the certificate identity, if set here.
        public var identityRegexp: String?
        /// The OIDC issuer, if set here.
        public var issuer: String?

        /// Creates the settings of one source; `nil` leaves a value to the next source.
        public init(identity: String? = nil, identityRegexp: String? = nil, issuer: String? = nil) {
            self.identity = identity
            self.identityRegexp = identityRegexp
            self.issuer = issuer
        }
    }

    /// The identity for `repository` (`owner/name`) and the release `tag` (`nil` before one).
    public static func resolve(commandLine: Settings, configuration: Settings, environment: [String: String], repository: String, tag: String?) -> SignerIdentity {
        let issuer = commandLine.issuer ?? configuration.issuer ?? ArtifactVerification.githubIssuer
        for (settings, source) in [(commandLine, Source.commandLine), (configuration, .configuration)] {
            if let identity = settings.identity { return SignerIdentity(match: .exact(identity), issuer: issuer, source: source) }
            if let pattern = settings.identityRegexp { return SignerIdentity(match: .regexp(pattern), issuer: issuer, source: source) }
        }
        if let workflow = environment["GITHUB_WORKFLOW_REF"], isWorkflowRef(workflow) {
            return SignerIdentity(match: .exact("https://github.com/" + workflow), issuer: issuer, source: .workflow)
        }
        if let tag {
            return SignerIdentity(match: .exact(ArtifactVerification.defaultIdentity(repository: repository, tag: tag)), issuer: issuer, source: .defaultWorkflow)
        }
        return SignerIdentity(match: .regexp("^" + regexpEscaped("https://github.com/\(repository)/.github/workflows/release.yml@") + "refs/"), issuer: issuer, source: .defaultWorkflow)
    }

    /// `owner/repo/.github/workflows/<file>@<ref>`, on one line: the shape GitHub gives
    /// `GITHUB_WORKFLOW_REF`. Anything else is not used.
    static func isWorkflowRef(_ text: String) -> Bool {
        guard let at = text.firstIndex(of: "@"), !text.unicodeScalars.contains(where: { TextSanitizer.isControl($0) || $0 == "\n" || $0 == "\t" || $0 == " " }) else { return false }
        let path = text[..<at].split(separator: "/", omittingEmptySubsequences: false)
        return path.count >= 5 && !path[0].isEmpty && !path[1].isEmpty && path[2] == ".github" && path[3] == "workflows" && !path[4].isEmpty
            && !text[text.index(after: at)...].isEmpty
    }

    /// `text` with every character a regular expression treats specially escaped.
    public static func regexpEscaped(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if "\\^$.|?*+()[]{}".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    /// The options of `cosign verify` and `cosign verify-blob` that check this identity.
    var options: [ArtifactVerification.Word] {
        switch match {
        case .exact(let identity):
            [.literal("--certificate-identity"), .value(identity), .literal("--certificate-oidc-issuer"), .value(issuer)]
        case .regexp(let pattern):
            [.literal("--certificate-identity-regexp"), .value(pattern), .literal("--certificate-oidc-issuer"), .value(issuer)]
        }
    }

    /// Every value, for the control-character check.
    public var values: [(String, String)] {
        switch match {
        case .exact(let identity): [("the certificate identity", identity), ("the certificate issuer", issuer)]
        case .regexp(let pattern): [("the certificate identity regexp", pattern), ("the certificate issuer", issuer)]
        }
    }
}
