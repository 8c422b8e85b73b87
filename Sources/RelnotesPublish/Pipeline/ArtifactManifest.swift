import Foundation
import RelnotesCore

/// What the build stage produced, as it writes it for `relnotes notes --artifacts FILE`
/// (schema in docs/release.md): container images and Helm charts by digest, files by SHA-256.
public struct ArtifactManifest: Hashable, Sendable, Codable {
    /// A container image or an OCI Helm chart: where it lives and its content digest.
    public struct OCIArtifact: Hashable, Sendable, Codable {
        /// The repository, without tag or digest: `ghcr.io/acme/widgets`.
        public var reference: String
        /// `sha256:` and 64 hexadecimal digits.
        public var digest: String
        /// Tags it was pushed under (informational).
        public var tags: [String]?
        /// Whether the workflow stored a build provenance attestation for it
        /// (`actions/attest-build-provenance`), so that `gh attestation verify` finds one.
        public var attested: Bool?

        /// Creates an entry for the image or chart `reference@digest`.
        public init(reference: String, digest: String, tags: [String]? = nil, attested: Bool? = nil) {
            self.reference = reference
            self.digest = digest
            self.tags = tags
            self.attested = attested
        }

        /// `reference@digest`: the only way to name exactly what was built.
        public var pinned: String { "\(reference)@\(digest)" }
    }

    /// A released file and its SHA-256.
    public struct File: Hashable, Sendable, Codable {
        /// The file's name, as released.
        public var name: String
        /// The file's SHA-256, as 64 hexadecimal digits.
        public var sha256: String
        /// The Sigstore bundle released beside it (`cosign sign-blob --bundle`), e.g.
        /// `widgets.tar.gz.sigstore.json`: `cosign verify-blob` checks the file against it.
        public var bundle: String?
        /// Whether the workflow stored a build provenance attestation for it.
        public var attested: Bool?

        /// Creates an entry for the file `name` with its SHA-256.
        public init(name: String, sha256: String, bundle: String? = nil, attested: Bool? = nil) {
            self.name = name
            self.sha256 = sha256
            self.bundle = bundle
            self.attested = attested
        }
    }

    /// The container images.
    public var images: [OCIArtifact]
    /// The Helm charts pushed to an OCI registry.
    public var charts: [OCIArtifact]
    /// The released files.
    public var files: [File]

    /// Creates a manifest; every list is empty unless given.
    public init(images: [OCIArtifact] = [], charts: [OCIArtifact] = [], files: [File] = []) {
        self.images = images
        self.charts = charts
        self.files = files
    }

    enum CodingKeys: String, CodingKey { case images, charts, files }

    /// Decodes a manifest; a missing `images`, `charts` or `files` is an empty list. Throws a
    /// `DecodingError` when a present one has the wrong shape.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        images = try container.decodeIfPresent([OCIArtifact].self, forKey: .images) ?? []
        charts = try container.decodeIfPresent([OCIArtifact].self, forKey: .charts) ?? []
        files = try container.decodeIfPresent([File].self, forKey: .files) ?? []
    }

    /// Reads and checks a manifest file: every digest is `sha256:<64 hex>`, every SHA-256 is 64
    /// hex digits, and references carry neither tag digest nor spaces.
    public static func read(_ data: Data, file: String) throws(PublishError) -> ArtifactManifest {
        let manifest: ArtifactManifest
        do {
            manifest = try JSONDecoder().decode(ArtifactManifest.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw invalid(file, "\(path(context.codingPath + [key])) is missing")
        } catch let DecodingError.typeMismatch(_, context) {
            throw invalid(file, "\(path(context.codingPath)) has the wrong type")
        } catch {
            throw invalid(file, "not a JSON artifacts document")
        }
        // Control characters first: the messages below quote values, and a value with a
        // newline would add a line to the commands the release body shows.
        for (field, value) in manifest.fields {
            if let scalar = value.unicodeScalars.first(where: { TextSanitizer.isControl($0) || $0 == "\n" || $0 == "\t" }) {
                throw invalid(file, "\(field) contains a control character (U+\(hex(scalar)))")
            }
        }
        for (kind, list) in [("images", manifest.images), ("charts", manifest.charts)] {
            for (index, artifact) in list.enumerated() {
                guard isDigest(artifact.digest) else {
                    throw invalid(file, "\(kind)[\(index)].digest \"\(artifact.digest)\" is not sha256:<64 hex digits>")
                }
                guard !artifact.reference.isEmpty, !artifact.reference.contains("@"), !artifact.reference.contains(where: \.isWhitespace) else {
                    throw invalid(file, "\(kind)[\(index)].reference \"\(artifact.reference)\" must name a repository, without a digest")
                }
            }
        }
        for (index, entry) in manifest.files.enumerated() where !isHex64(entry.sha256) || entry.name.isEmpty {
            throw invalid(file, "files[\(index)] needs a name and a sha256 of 64 hexadecimal digits")
        }
        for (index, entry) in manifest.files.enumerated() {
            if let bundle = entry.bundle, bundle.isEmpty || bundle == entry.name {
                throw invalid(file, "files[\(index)].bundle must name the file's Sigstore bundle, not be empty or the file itself")
            }
        }
        return manifest
    }

    private static func invalid(_ file: String, _ problem: String) -> PublishError {
        PublishError(.repository, TextSanitizer.singleLine("\(file): \(problem)"), hint: "see docs/release.md for the artifacts document")
    }

    /// Every string of the document with its path (`files[0].name`), in document order.
    var fields: [(String, String)] {
        var fields: [(String, String)] = []
        for (kind, list) in [("images", images), ("charts", charts)] {
            for (index, artifact) in list.enumerated() {
                fields.append(("\(kind)[\(index)].reference", artifact.reference))
                fields.append(("\(kind)[\(index)].digest", artifact.digest))
                for (position, tag) in (artifact.tags ?? []).enumerated() { fields.append(("\(kind)[\(index)].tags[\(position)]", tag)) }
            }
        }
        for (index, entry) in files.enumerated() {
            fields.append(("files[\(index)].name", entry.name))
            fields.append(("files[\(index)].sha256", entry.sha256))
            if let bundle = entry.bundle { fields.append(("files[\(index)].bundle", bundle)) }
        }
        return fields
    }

    private static func hex(_ scalar: Unicode.Scalar) -> String {
        let digits = String(scalar.value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingPrefixDot()
    }

    static func isDigest(_ text: String) -> Bool {
        text.hasPrefix("sha256:") && isHex64(String(text.dropFirst(7)))
    }

    static func isHex64(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}

extension String {
    fileprivate func trimmingPrefixDot() -> String { hasPrefix(".") ? String(dropFirst()) : self }
}
