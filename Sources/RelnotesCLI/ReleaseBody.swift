import Foundation
import RelnotesCore
import RelnotesPublish

/// The one place that turns a selected release into the text GitHub shows and the tag
/// carries, so that `notes`, `tag` and `publish github` always agree.
struct ReleaseBody {
    let selected: ReleaseSelector.Selected
    let notes: ReleaseNotes
    let markdown: String

    /// `limit`: the most characters GitHub takes for the text (a release's body by default; a
    /// pull request's is smaller).
    init(_ selection: ReleaseSelector.Selection, session: Session, artifacts: ArtifactSection? = nil, limit: Int = ReleaseBodyRenderer.githubLimit) throws {
        let selected = try ReleaseSelector(configuration: session.configuration).select(selection, in: session.repository)
        let links = try session.repositoryLinks()
        let notes = ReleaseNotesBuilder(configuration: session.configuration, links: links).notes(for: selected.release)
        let extra = try artifacts.map { try $0.markdown(tag: notes.tag, session: session) }
        self.selected = selected
        self.notes = notes
        markdown = ReleaseBodyRenderer(limit: limit, fullChangelogURL: notes.compareURL, mentions: session.configuration.mentions)
            .body(notes, contributors: selected.contributors, extra: extra)
    }

    /// The release's tag name (planned or real); `nil` for Unreleased.
    var tagName: String? { notes.tag }

    /// The annotated tag message: the tag name as its subject, the body below; no line of it
    /// starts with `-----BEGIN`, which git would take for the start of a signature.
    var tagMessage: String { TextSanitizer.tagMessage("\(notes.tag ?? "Unreleased")\n\n\(markdown)") }

    /// `version`, `tag`, `prerelease` and the multi-line `notes` for GitHub Actions.
    var gitHubOutput: GitHubOutput {
        var output = GitHubOutput()
        output.set("version", notes.version ?? "")
        output.set("tag", notes.tag ?? "")
        output.set("prerelease", notes.prerelease ? "true" : "false")
        output.set("notes", markdown)
        return output
    }

    /// The JSON of `notes --format json`.
    func jsonText(repositoryURL: String?) -> String {
        JSONValue.object([
            "schema": .integer(1),
            "repository": .object(["url": .string(repositoryURL)]),
            "release": notes.json,
            "contributors": .array(selected.contributors.map(\.json)),
            "body": .string(markdown),
        ]).text
    }
}

/// `--artifacts FILE` with its identity options, shared by `notes` and `publish github`.
struct ArtifactSection {
    var file: String
    /// What the command line says about the signer.
    var signer: SignerIdentity.Settings

    func markdown(tag: String?, session: Session) throws -> String {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw PublishError(.repository, "cannot read the artifacts document \(file)", hint: "check the path given to --artifacts")
        }
        let manifest = try ArtifactManifest.read(data, file: file)
        let environment = ProcessInfo.processInfo.environment
        let repository = try session.gitHubRepository(environment: environment)
        let verify = session.configuration.verify
        let configured = SignerIdentity.Settings(identity: verify.certificateIdentity, identityRegexp: verify.certificateIdentityRegexp, issuer: verify.certificateOIDCIssuer)
        let identity = SignerIdentity.resolve(commandLine: signer, configuration: configured, environment: environment, repository: repository.description, tag: tag)
        for (name, value) in identity.values where value.isEmpty || value.unicodeScalars.contains(where: { TextSanitizer.isControl($0) || $0 == "\n" || $0 == "\t" }) {
            throw UsageError("\(name) (from \(identity.source.rawValue)) is empty or contains a control character", hint: "pass it on one line, without control characters")
        }
        return ArtifactVerification(manifest: manifest, repository: repository.description, signer: identity).markdown
    }
}
