import Foundation
import RelnotesCore

/// Makes a GitHub Release look like a ``ReleaseDraft`` with a set of asset files: creates it or
/// updates it, and uploads each file unless an identical one is there (same name and digest),
/// replacing a same-named asset otherwise. Running it again converges to the same release:
/// no duplicate releases, no duplicate assets.
public struct ReleasePublisher: Sendable {
    public var client: GitHubClient

    public init(client: GitHubClient) {
        self.client = client
    }

    /// A file to attach.
    public struct Asset: Hashable, Sendable {
        public var name: String
        public var data: Data
        public init(name: String, data: Data) {
            self.name = name
            self.data = data
        }
    }

    /// What publishing did.
    public struct Outcome: Hashable, Sendable {
        public var release: GitHubRelease
        public var created: Bool
        public var uploaded: [String] = []
        public var replaced: [String] = []
        public var unchanged: [String] = []
    }

    public func publish(_ draft: ReleaseDraft, assets: [Asset]) async throws(PublishError) -> Outcome {
        try Self.checkNames(assets)
        var outcome: Outcome
        if let existing = try await client.release(tag: draft.tagName) {
            outcome = Outcome(release: try await client.updateRelease(id: existing.id, draft), created: false)
        } else {
            do {
                outcome = Outcome(release: try await client.createRelease(draft), created: true)
            } catch where error.message.contains("(422") {
                // Another run created it meanwhile: converge by updating that one.
                guard let existing = try await client.release(tag: draft.tagName) else { throw error }
                outcome = Outcome(release: try await client.updateRelease(id: existing.id, draft), created: false)
            }
        }
        guard !assets.isEmpty else { return outcome }
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
        return outcome
    }

    /// Refuses, before any request, two assets with one name: GitHub keeps one asset per name,
    /// so one file would silently replace the other.
    public static func checkNames(_ assets: [Asset]) throws(PublishError) {
        var seen: Set<String> = []
        for asset in assets where !seen.insert(asset.name).inserted {
            throw PublishError(.usage, "two assets are named \(TextSanitizer.singleLine(asset.name)); GitHub keeps one asset per name", hint: "rename one of the files, or give each --asset file a different base name")
        }
    }

    /// The requests ``publish(_:assets:)`` would make, for `--dry-run`: method and address of
    /// each, the JSON sent (abridged) and the first lines of the body; never the token.
    public func plan(_ draft: ReleaseDraft, assets: [Asset]) -> [String] {
        let line = client.redactor.line
        let byTag = client.url("/releases/tags/" + GitHubClient.pathEscaped(draft.tagName))
        let listing = client.url("/releases", query: [("per_page", String(GitHubClient.releasesPerPage)), ("page", "1")])
        var lines = [
            "GET \(byTag)",
            "GET \(listing), then the next pages, when \(draft.tagName) has no published release (drafts are found only by listing)",
        ]
        let create = GitHubClient.createFields(of: draft)
        var shown = create
        if draft.body.count > 40 { shown["body"] = String(draft.body.prefix(40)) + "…" }
        let releases = client.url("/releases")
        lines.append("POST \(releases) when \(draft.tagName) has no release (Content-Type: application/json, \(GitHubClient.jsonBody(create).count) bytes):")
        lines.append("  " + String(decoding: GitHubClient.jsonBody(shown), as: UTF8.self))
        lines.append("PATCH \(releases)/<id> when it has one (\(GitHubClient.jsonBody(GitHubClient.fields(of: draft)).count) bytes: the same fields without tag_name and target_commitish)")
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
        let origins = client.scope.map { $0.origins.map(\.description).sorted().joined(separator: " and ") } ?? "nowhere"
        lines.append("each request carries Authorization: Bearer \(SecretRedactor.mark), sent only to \(origins)")
        return lines.map(line)
    }
}
