import Foundation
import RelnotesCore

/// Builds the artifacts document (``ArtifactManifest``) from what a build stage already has:
/// `REF@DIGEST` references as `docker push`, `helm push` or `crane digest` report them, the
/// metadata file of `docker buildx build --metadata-file` (or `docker buildx bake`), and files,
/// each with its Sigstore bundle when it was signed.
public struct ArtifactDocumentBuilder: Sendable {
    /// The document built so far.
    public private(set) var manifest = ArtifactManifest()

    /// Creates a builder with an empty document.
    public init() {}

    /// Adds an image named `REF@sha256:<hex>` (a tag before the digest, `REF:TAG@…`, is kept
    /// as a tag). `attested`: the workflow stored a provenance attestation for it.
    public mutating func addImage(_ text: String, attested: Bool) throws(PublishError) {
        manifest.images.append(try Self.ociArtifact(text, option: "--image", attested: attested))
    }

    /// Adds a Helm chart pushed to an OCI registry: `oci://REF@sha256:<hex>` or `REF@…`.
    public mutating func addChart(_ text: String, attested: Bool) throws(PublishError) {
        manifest.charts.append(try Self.ociArtifact(text, option: "--chart", attested: attested))
    }

    /// Adds the chart `helm push` reported: its `Pushed: REF:VERSION` and `Digest: sha256:…` lines.
    public mutating func addHelmPushOutput(_ text: String, file: String, attested: Bool) throws(PublishError) {
        func value(_ label: String) -> String? {
            text.split(whereSeparator: \.isNewline).lazy
                .map { $0.trimmingCharacters(in: .whitespaces) }
                .first { $0.hasPrefix(label) }
                .map { $0.dropFirst(label.count).trimmingCharacters(in: .whitespaces) }
        }
        guard let pushed = value("Pushed:"), let digest = value("Digest:") else {
            throw PublishError(.repository, TextSanitizer.singleLine("\(file): no Pushed: and Digest: lines"), hint: "save what helm push prints: helm push CHART.tgz oci://… 2>&1 | tee FILE")
        }
        manifest.charts.append(try Self.ociArtifact("\(pushed)@\(digest)", option: "--helm-push-output", attested: attested))
    }

    /// Adds the images of a `docker buildx build --metadata-file` document: `image.name` (one
    /// or more comma-separated `REF:TAG`) pushed as `containerimage.digest`. A `buildx bake`
    /// document, one such object per target, adds each target's images.
    public mutating func addBuildxMetadata(_ data: Data, file: String, attested: Bool) throws(PublishError) {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Self.invalid(file, "not the JSON object docker buildx build --metadata-file writes")
        }
        let builds: [(String, [String: Any])]
        if object["containerimage.digest"] != nil {
            builds = [("", object)]
        } else {
            builds = object.keys.sorted().compactMap { key in (object[key] as? [String: Any]).map { (key, $0) } }
                .filter { $0.1["containerimage.digest"] != nil }
        }
        guard !builds.isEmpty else {
            throw Self.invalid(file, "has no containerimage.digest: was the image pushed (--push, or --output type=registry)?")
        }
        for (target, build) in builds {
            let place = target.isEmpty ? "" : "\(target)."
            guard let digest = build["containerimage.digest"] as? String, ArtifactManifest.isDigest(digest) else {
                throw Self.invalid(file, "\(place)containerimage.digest is not sha256:<64 hex digits>")
            }
            guard let names = build["image.name"] as? String, !names.isEmpty else {
                throw Self.invalid(file, "\(place)image.name is missing: build with --tag NAME and --push")
            }
            // One entry per repository, with every tag it was pushed under.
            var order: [String] = []
            var tags: [String: [String]] = [:]
            for name in names.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
                let (reference, tag) = Self.splitTag(name)
                guard Self.isReference(reference) else {
                    throw Self.invalid(file, "\(place)image.name \"\(TextSanitizer.singleLine(name))\" is not an image reference")
                }
                if tags[reference] == nil { order.append(reference) }
                tags[reference, default: []] += tag.map { [$0] } ?? []
            }
            for reference in order {
                let list = tags[reference] ?? []
                manifest.images.append(.init(reference: reference, digest: digest, tags: list.isEmpty ? nil : list, attested: attested ? true : nil))
            }
        }
    }

    /// Adds the file at `path` under its base name, with its SHA-256 (read in pieces).
    public mutating func addFile(at path: String, attested: Bool) throws(PublishError) {
        let name = URL(fileURLWithPath: path).lastPathComponent
        guard let sum = Checksums.sha256(fileAt: path) else {
            throw PublishError(.repository, "cannot read \(TextSanitizer.singleLine(path))", hint: "check the path given to --file")
        }
        if manifest.files.contains(where: { $0.name == name }) {
            throw PublishError(.usage, "two --file paths are named \(TextSanitizer.singleLine(name)); a release keeps one file per name", hint: "rename one of the files")
        }
        manifest.files.append(.init(name: name, sha256: sum, attested: attested ? true : nil))
    }

    /// Pairs the bundle at `path` with the file it signs: the file whose name, followed by a
    /// dot, begins the bundle's name (`tool.tar.gz.sigstore.json`, `tool.tar.gz.bundle`); the
    /// longest such name wins.
    public mutating func addBundle(at path: String) throws(PublishError) {
        let name = URL(fileURLWithPath: path).lastPathComponent
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw PublishError(.repository, "cannot read \(TextSanitizer.singleLine(path))", hint: "check the path given to --bundle")
        }
        let candidates = manifest.files.indices.filter { name.hasPrefix(manifest.files[$0].name + ".") }
        guard let index = candidates.max(by: { manifest.files[$0].name.count < manifest.files[$1].name.count }) else {
            throw PublishError(.usage, "--bundle \(TextSanitizer.singleLine(name)) signs none of the --file files", hint: "name a bundle after its file, e.g. --file tool.tar.gz --bundle tool.tar.gz.sigstore.json")
        }
        if let other = manifest.files[index].bundle {
            throw PublishError(.usage, "\(TextSanitizer.singleLine(manifest.files[index].name)) has two bundles, \(TextSanitizer.singleLine(other)) and \(TextSanitizer.singleLine(name))", hint: "give one --bundle per file")
        }
        manifest.files[index].bundle = name
    }

    /// The document as JSON (keys sorted, two-space indented, ending in a newline), checked as
    /// `--artifacts` reads it, so that what this writes is always accepted.
    public func json() throws(PublishError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard var data = try? encoder.encode(manifest) else {
            throw PublishError(.repository, "cannot encode the artifacts document")
        }
        _ = try ArtifactManifest.read(data, file: "the artifacts document")
        data.append(0x0A)
        return data
    }

    /// `REF[:TAG]@sha256:<hex>` (with an optional `oci://`) as an artifact.
    static func ociArtifact(_ text: String, option: String, attested: Bool) throws(PublishError) -> ArtifactManifest.OCIArtifact {
        var rest = Substring(text)
        if rest.hasPrefix("oci://") { rest = rest.dropFirst(6) }
        guard let at = rest.lastIndex(of: "@") else {
            throw PublishError(.usage, "\(option) \(TextSanitizer.singleLine(text)) names no digest: give REF@sha256:<64 hex digits>", hint: "read the digest from the push (docker buildx build --metadata-file, helm push, crane digest)")
        }
        let digest = String(rest[rest.index(after: at)...])
        guard ArtifactManifest.isDigest(digest) else {
            throw PublishError(.usage, "\(option) \(TextSanitizer.singleLine(text)): \"\(TextSanitizer.singleLine(digest))\" is not sha256:<64 hex digits>", hint: "give REF@sha256:<64 hex digits>")
        }
        let (reference, tag) = splitTag(String(rest[..<at]))
        guard isReference(reference) else {
            throw PublishError(.usage, "\(option) \(TextSanitizer.singleLine(text)) does not start with a repository (registry/name)", hint: "give REF@sha256:<64 hex digits>, e.g. ghcr.io/acme/widgets@sha256:…")
        }
        return .init(reference: reference, digest: digest, tags: tag.map { [$0] }, attested: attested ? true : nil)
    }

    /// `registry:5000/name:tag` → (`registry:5000/name`, `tag`): a colon after the last slash
    /// starts the tag; one before it belongs to the registry's port.
    static func splitTag(_ name: String) -> (String, String?) {
        let slash = name.lastIndex(of: "/")
        if let colon = name.lastIndex(of: ":"), slash.map({ colon > $0 }) ?? true {
            return (String(name[..<colon]), String(name[name.index(after: colon)...]))
        }
        return (name, nil)
    }

    /// A repository: not empty, no spaces, controls or `@`.
    static func isReference(_ text: String) -> Bool {
        !text.isEmpty && !text.contains("@") && !text.unicodeScalars.contains { TextSanitizer.isControl($0) || $0.properties.isWhitespace }
    }

    private static func invalid(_ file: String, _ problem: String) -> PublishError {
        PublishError(.repository, TextSanitizer.singleLine("\(file): \(problem)"), hint: "pass the file docker buildx build --metadata-file wrote")
    }
}
