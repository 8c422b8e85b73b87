import Foundation

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

    /// The requests ``publish(_:assets:)`` would make, one line each, for `--dry-run`.
    public func plan(_ draft: ReleaseDraft, assets: [Asset]) -> [String] {
        let byTag = client.url("/releases/tags/" + GitHubClient.pathEscaped(draft.tagName))
        var lines = [
            "GET \(byTag) (then GET \(client.url("/releases")) pages, for drafts)",
            "POST \(client.url("/releases")) if \(draft.tagName) has no release, else PATCH \(client.url("/releases/<id>")):",
            "  name=\(draft.name) draft=\(draft.draft) prerelease=\(draft.prerelease) make_latest=\(draft.makeLatest) body=\(draft.body.utf8.count) bytes",
        ]
        if !assets.isEmpty {
            lines.append("GET \(client.url("/releases/<id>/assets")) pages")
            for asset in assets {
                lines.append("POST <upload_url>?name=\(asset.name) (\(asset.data.count) bytes, sha256 \(Checksums.sha256(asset.data))), after DELETE of a same-named asset that differs; skipped when identical")
            }
        }
        return lines
    }
}
