import Foundation
import RelnotesCore

/// Makes a GitHub Release look like a ``ReleaseDraft`` with a set of asset files.
///
/// First it checks that the tag is on GitHub and names the same commit as the local tag, so
/// that GitHub never makes a tag of its own (unsigned, at `target_commitish`). A new release is
/// created as a draft, gets its assets, and is published last, so it is never public without
/// them; a draft left by an earlier run is finished the same way; a published release is updated
/// in place. Each file is uploaded unless an identical one is there (same name and digest),
/// replacing a same-named asset otherwise. Running it again converges to the same release:
/// no duplicate releases, no duplicate assets.
public struct ReleasePublisher: Sendable {
    /// The client that talks to GitHub.
    public var client: GitHubClient

    /// Creates a publisher that works through `client`.
    public init(client: GitHubClient) {
        self.client = client
    }

    /// A file to attach.
    public struct Asset: Hashable, Sendable {
        /// The asset's name on GitHub.
        public var name: String
        /// The file's bytes.
        public var data: Data
        /// Creates an asset named `name` holding `data`.
        public init(name: String, data: Data) {
            self.name = name
            self.data = data
        }
    }

    /// What publishing did.
    public struct Outcome: Hashable, Sendable {
        /// The release as GitHub last answered.
        public var release: GitHubRelease
        /// Whether this run created the release (rather than finding it).
        public var created: Bool
        /// Whether this run turned a draft into a public release, as its last request.
        public var published: Bool = false
        /// The names of assets uploaded where there was none of that name.
        public var uploaded: [String] = []
        /// The names of assets that replaced a different asset of the same name.
        public var replaced: [String] = []
        /// The names of assets already there with the same digest, left alone.
        public var unchanged: [String] = []
    }

    /// Makes the release for `draft.tagName` look like `draft` with `assets` attached, and says
    /// what that took. Throws for two assets of one name, a tag GitHub lacks or names another
    /// commit with (``checkTag(_:)``), and any request GitHub refuses.
    public func publish(_ draft: ReleaseDraft, assets: [Asset]) async throws(PublishError) -> Outcome {
        try Self.checkNames(assets)
        try await checkTag(draft)
        var outcome: Outcome
        // A release that is (or will be) public only once its assets are there.
        var publishLast: Bool
        if let existing = try await client.release(tag: draft.tagName) {
            (outcome, publishLast) = try await update(existing, to: draft)
        } else {
            do {
                outcome = Outcome(release: try await client.createRelease(Self.held(draft)), created: true)
                publishLast = !draft.draft
            } catch where error.message.contains("(422") {
                // Another run created it meanwhile: converge by updating that one.
                guard let existing = try await client.release(tag: draft.tagName) else { throw error }
                (outcome, publishLast) = try await update(existing, to: draft)
            }
        }
        if !assets.isEmpty {
            try await upload(assets, to: &outcome)
        }
        if publishLast {
            outcome.release = try await client.publishDraft(id: outcome.release.id, makeLatest: draft.makeLatest)
            outcome.published = true
        }
        return outcome
    }

    /// Refuses (exit 4) a tag GitHub does not have, or one naming another commit than the
    /// local tag: creating a release for a tag GitHub lacks makes GitHub create that tag itself.
    public func checkTag(_ draft: ReleaseDraft) async throws(PublishError) {
        let tag = TextSanitizer.singleLine(draft.tagName)
        guard let remote = try await client.remoteTag(draft.tagName) else {
            throw PublishError(.remoteRefused, "the tag \(tag) is not on GitHub (\(client.repository) has no refs/tags/\(tag)); relnotes publishes no release for it, so that GitHub does not create the tag itself", hint: "git push origin \(Self.shellWord(draft.tagName))")
        }
        guard let local = draft.targetCommitish else { return }
        guard remote.targetID == local else {
            let kind = remote.targetType == "commit" ? "commit" : "a \(TextSanitizer.singleLine(remote.targetType)) object"
            throw PublishError(.remoteRefused, "the tag \(tag) on GitHub names \(kind) \(TextSanitizer.singleLine(remote.targetID)), the local tag names commit \(local)", hint: "publish from a clone whose \(tag) is GitHub's (git fetch --force origin tag \(Self.shellWord(draft.tagName))), or push the local tag if GitHub's is wrong")
        }
    }

    /// `text` as it can be pasted into a shell: bare when it has only characters a shell leaves
    /// alone, else quoted.
    static func shellWord(_ text: String) -> String {
        let plain = !text.isEmpty && text.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._/@+-".unicodeScalars.contains($0)) }
        return plain ? text : TextSanitizer.shellQuoted(TextSanitizer.singleLine(text))
    }

    /// The draft as it is sent before its assets are there: a draft, whatever was asked.
    static func held(_ draft: ReleaseDraft) -> ReleaseDraft {
        var held = draft
        held.draft = true
        return held
    }

    /// Updates an existing release: a draft that is to be published stays a draft until its
    /// assets are there; a published release is updated in place.
    private func update(_ existing: GitHubRelease, to draft: ReleaseDraft) async throws(PublishError) -> (Outcome, Bool) {
        let hold = existing.draft && !draft.draft
        let release = try await client.updateRelease(id: existing.id, hold ? Self.held(draft) : draft)
        return (Outcome(release: release, created: false), hold)
    }

    private func upload(_ assets: [Asset], to outcome: inout Outcome) async throws(PublishError) {
        var present = Dictionary(try await client.assets(releaseID: outcome.release.id).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for asset in assets {
            let digest = "sha256:" + Checksums.sha256(asset.data)
            if let old = present[asset.name] {
                if old.digest == digest, old.size == asset.data.count {
                    outcome.unchanged.append(asset.name)
                    continue
                }
                try await client.deleteAsset(id: old.id)
                present[asset.name] = nil
                outcome.replaced.append(asset.name)
            } else {
                outcome.uploaded.append(asset.name)
            }
            _ = try await client.uploadAsset(uploadURL: outcome.release.uploadURL, name: asset.name, data: asset.data)
        }
    }

    /// Refuses, before any request, two assets with one name: GitHub keeps one asset per name,
    /// so one file would silently replace the other.
    public static func checkNames(_ assets: [Asset]) throws(PublishError) {
        var seen: Set<String> = []
        for asset in assets where !seen.insert(asset.name).inserted {
            throw PublishError(.usage, "two assets are named \(TextSanitizer.singleLine(asset.name)); GitHub keeps one asset per name", hint: "rename one of the files, or give each --asset file a different base name")
        }
    }

    /// The requests ``publish(_:assets:)`` would make, in order, for `--dry-run`: method and
    /// address of each, the JSON sent (abridged) and the first lines of the body; never the
    /// token. Only what GitHub assigns (the release's id, its upload address) is unknown.
    public func plan(_ draft: ReleaseDraft, assets: [Asset]) -> [String] {
        let line = client.redactor.line
        let tag = draft.tagName
        let local = draft.targetCommitish.map { " (it must be commit \($0), as the local tag)" } ?? ""
        var lines = [
            "GET \(client.tagReferenceURL(tag)): the tag must be on GitHub\(local); when it is not, stop here (git push origin \(Self.shellWord(tag)))",
            "GET \(client.url("/git/tags/"))<sha> when the tag is annotated, to peel it to its commit",
        ]
        let byTag = client.url("/releases/tags/" + GitHubClient.pathEscaped(tag))
        let listing = client.url("/releases", query: [("per_page", String(GitHubClient.releasesPerPage)), ("page", "1")])
        lines.append("GET \(byTag)")
        lines.append("GET \(listing), then the next pages, when \(tag) has no published release (drafts are found only by listing)")
        let held = Self.held(draft)
        let create = GitHubClient.createFields(of: held)
        var shown = create
        if draft.body.count > 40 { shown["body"] = String(draft.body.prefix(40)) + "…" }
        let releases = client.url("/releases")
        lines.append("POST \(releases) when \(tag) has no release, as a draft (Content-Type: application/json, \(GitHubClient.jsonBody(create).count) bytes):")
        lines.append("  " + String(decoding: GitHubClient.jsonBody(shown), as: UTF8.self))
        let update = GitHubClient.fields(of: draft)
        lines.append("PATCH \(releases)/<id> when it has one (\(GitHubClient.jsonBody(update).count) bytes: the same fields without tag_name and target_commitish\(draft.draft ? "" : "; a draft stays a draft until the last request"))")
        let body = draft.body.split(separator: "\n", omittingEmptySubsequences: false)
        lines.append("  the body, \(draft.body.utf8.count) bytes, begins:")
        for text in body.prefix(5) { lines.append("  | " + text) }
        if body.count > 5 { lines.append("  | …") }
        if !assets.isEmpty {
            lines.append("GET \(releases)/<id>/assets?per_page=100&page=1, then the next pages")
            for asset in assets {
                lines.append("POST <upload_url of the release>?name=\(asset.name) (Content-Type: application/octet-stream, \(asset.data.count) bytes, sha256 \(Checksums.sha256(asset.data))); first DELETE \(releases)/assets/<id> when a same-named asset differs; skipped when identical")
            }
        }
        if draft.draft {
            lines.append("the release stays a draft (--draft)")
        } else {
            let publish = GitHubClient.jsonBody(GitHubClient.publishFields(makeLatest: draft.makeLatest))
            lines.append("PATCH \(releases)/<id> last, when the release is a draft, so that it is public only with its assets (\(publish.count) bytes):")
            lines.append("  " + String(decoding: publish, as: UTF8.self))
        }
        let origins = client.scope.map { $0.origins.map(\.description).sorted().joined(separator: " and ") } ?? "nowhere"
        lines.append("each request carries Authorization: Bearer \(SecretRedactor.mark), sent only to \(origins)")
        return lines.map(line)
    }
}
