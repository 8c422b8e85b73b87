import ArgumentParser
import Foundation
import RelnotesGit
import RelnotesPublish

/// `--artifacts FILE` and the signing identity it is verified against.
struct ArtifactOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Add a \"Verifying artifacts\" section from this JSON document (see docs/release.md).", valueName: "file"))
    var artifacts: String?

    @Option(name: .customLong("certificate-identity"), help: ArgumentHelp("The signing identity cosign checks (default: [verify], else the workflow relnotes runs in, GITHUB_WORKFLOW_REF, else release.yml at the tag).", valueName: "identity"))
    var certificateIdentity: String?

    @Option(name: .customLong("certificate-identity-regexp"), help: ArgumentHelp("A regular expression the signing identity must match, instead of --certificate-identity.", valueName: "regexp"))
    var certificateIdentityRegexp: String?

    @Option(name: .customLong("certificate-oidc-issuer"), help: ArgumentHelp("The OIDC issuer cosign checks (default: [verify], else GitHub Actions').", valueName: "url"))
    var certificateIssuer: String?

    func validate() throws {
        if certificateIdentity != nil, certificateIdentityRegexp != nil {
            throw ValidationError("choose one of --certificate-identity and --certificate-identity-regexp")
        }
    }

    var section: ArtifactSection? {
        artifacts.map {
            ArtifactSection(file: $0, signer: SignerIdentity.Settings(identity: certificateIdentity, identityRegexp: certificateIdentityRegexp, issuer: certificateIssuer))
        }
    }
}

/// `--branch NAME`: the branch whose `[branches]` release channel applies.
struct BranchOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Use this branch's [branches] release channel (default: HEAD's branch, or GITHUB_REF_NAME when HEAD is detached).", valueName: "name"))
    var branch: String?

    /// `--branch`, else HEAD's branch, else (HEAD detached, as in CI checkouts) a non-empty
    /// `GITHUB_REF_NAME`; `nil` when none is known or no `[branches]` are configured.
    func resolved(_ session: Session) throws -> String? {
        try Self.resolved(branch, session)
    }

    /// `explicit`, else HEAD's branch, else a non-empty `GITHUB_REF_NAME`, as for `--branch`.
    static func resolved(_ explicit: String?, _ session: Session) throws -> String? {
        if let explicit { return explicit }
        guard !session.configuration.branches.isEmpty else { return nil }
        if let name = try session.repository.headBranchName() { return name }
        guard let name = ProcessInfo.processInfo.environment["GITHUB_REF_NAME"], !name.isEmpty else { return nil }
        return name
    }
}

/// `--github-output`: append step outputs to the file `GITHUB_OUTPUT` names.
struct GitHubOutputOption: ParsableArguments {
    @Flag(name: .customLong("github-output"), help: "Also append version, tag, prerelease and notes to the file named by GITHUB_OUTPUT (GitHub Actions).")
    var enabled = false

    /// The file to append to, checked to be there and appendable: called before the command
    /// does anything (creates a tag, prints), so that a wrong GITHUB_OUTPUT stops it first.
    func prepare() throws {
        guard enabled else { return }
        try GitHubOutput.checkWritable(try path())
    }

    func write(_ output: GitHubOutput) throws {
        guard enabled else { return }
        try output.append(to: try path())
    }

    private func path() throws -> String {
        guard let path = ProcessInfo.processInfo.environment["GITHUB_OUTPUT"], !path.isEmpty else {
            throw PublishError(.usage, "--github-output needs the GITHUB_OUTPUT environment variable", hint: "GitHub Actions sets it in every step; elsewhere set it to a file path")
        }
        return path
    }
}
