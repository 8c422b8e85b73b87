/// The changelog as data: the contract of `--format json` (schema 1) and the context every
/// Mustache template renders. Fields are added in later versions, never renamed or removed.
public struct ChangelogDocument: Hashable, Sendable {
    /// The schema version; it changes only if a field is ever renamed or removed.
    public static let schemaVersion = 1

    /// The hosted repository, when its web address is known.
    public var repositoryURL: String?
    /// The sections, newest first (Unreleased, when present, first).
    public var releases: [ReleaseNotes]

    /// Creates the document from the repository's web address and the sections, newest first.
    public init(repositoryURL: String?, releases: [ReleaseNotes]) {
        self.repositoryURL = repositoryURL
        self.releases = releases
    }

    /// The document as JSON values.
    public var json: JSONValue {
        .object([
            "schema": .integer(Self.schemaVersion),
            "repository": .object(["url": .string(repositoryURL)]),
            "releases": .array(releases.map(\.json)),
        ])
    }

    /// The document as pretty-printed JSON with sorted keys, ending in a newline.
    public func jsonText() -> String {
        var bytes: [UInt8] = []
        write { bytes.append(contentsOf: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Streams the same text as ``jsonText()`` to `flush`, a buffer at a time.
    public func write(flush: @escaping ([UInt8]) -> Void) {
        var stream = Stream(flush: flush)
        for release in releases { stream.append(release) }
        stream.finish(repositoryURL: repositoryURL)
    }

    /// Writes the same text as ``write(flush:)``, taking the releases one at a time, so that
    /// a document of a hundred thousand commits is never held whole: each release can be
    /// built, written and let go.
    public struct Stream {
        private var writer: JSONWriter

        /// Starts the document; hands full buffers to `flush`.
        public init(flush: @escaping ([UInt8]) -> Void) {
            writer = JSONWriter(flush: flush)
            writer.beginObject()
            writer.key("releases")
            writer.beginArray()
        }

        /// Writes the next release (newest first, as the document lists them).
        public mutating func append(_ release: ReleaseNotes) {
            release.write(to: &writer)
        }

        /// Ends the document with the repository's web address; call once, after the last release.
        public mutating func finish(repositoryURL: String?) {
            writer.endArray()
            writer.key("repository")
            writer.beginObject()
            writer.key("url")
            writer.string(repositoryURL)
            writer.endObject()
            writer.key("schema")
            writer.integer(ChangelogDocument.schemaVersion)
            writer.endObject()
            writer.finish()
        }
    }
}
