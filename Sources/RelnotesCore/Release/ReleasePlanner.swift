/// Plans `relnotes release`: from the release about to be cut and the files as they are, the
/// changelog's new text (the Unreleased section replaced by the release's section, as
/// `changelog --tag V --output FILE` writes it), every `[[version_files]]` entry in force set,
/// and the commit message. A pure function of its inputs: nothing is written.
public struct ReleasePlanner: Sendable {
    /// The configuration in force (changelog file, version files, commit message, component).
    public var configuration: Configuration
    /// The repository's web addresses, for links in the changelog section.
    public var links: RepositoryLinks?

    /// Creates a planner.
    public init(configuration: Configuration, links: RepositoryLinks?) {
        self.configuration = configuration
        self.links = links
    }

    /// The plan of releasing `planned` from the history `reader` gives (its HEAD is the commit
    /// the release commit goes on top of).
    ///
    /// - Parameters:
    ///   - planned: the version, tag and date of the release.
    ///   - reader: the history; its HEAD is the commit the release commit goes on top of.
    ///   - tagMessage: the annotated tag's message, as `relnotes tag` would write it.
    ///   - readFile: the current text of a file, by path relative to the repository root;
    ///     `nil` when there is no such file.
    /// - Throws: ``VersionFileError`` when a version file is missing or its key or pattern
    ///   matches nothing or more than once; whatever `reader` and `readFile` throw.
    public func plan(
        _ planned: ReleasePartitioner.PlannedRelease,
        in reader: any HistoryReader,
        tagMessage: String,
        readFile: (String) throws -> String?
    ) throws -> ReleasePlan {
        var texts: [String: String?] = [:]
        var order: [String] = []
        func current(_ path: String) throws -> String? {
            if let known = texts[path] { return known }
            let text = try readFile(path)
            texts[path] = .some(text)
            order.append(path)
            return text
        }
        var updated: [String: String] = [:]

        let changelogPath = configuration.changelogFile
        let existing = try current(changelogPath)
        updated[changelogPath] = try changelogText(planned, in: reader, existing: existing)

        let editor = VersionFileEditor()
        for entry in configuration.versionFilesInForce {
            let original = try current(entry.path)
            guard let text = updated[entry.path] ?? original else {
                throw VersionFileError(path: entry.path, problem: "no such file", hint: "check the path in [[version_files]] (relative to the repository root)")
            }
            updated[entry.path] = try editor.edit(text, entry: entry, value: entry.rendered(version: planned.version, tag: planned.tagName))
        }

        let files = order.compactMap { path -> ReleasePlan.FileChange? in
            guard let new = updated[path] else { return nil }
            let old: String? = texts[path].flatMap { $0 }
            return ReleasePlan.FileChange(path: path, oldText: old, newText: new)
        }
        return ReleasePlan(
            version: planned.version,
            tagName: planned.tagName,
            date: planned.date,
            files: files,
            commitMessage: commitMessage(version: planned.version, tagName: planned.tagName),
            tagMessage: tagMessage
        )
    }

    /// The changelog file's text after the release: the Unreleased section of `existing`
    /// replaced by an empty Unreleased section and the release's section (every other byte
    /// kept), or a new file holding the header and those sections. So the file at the release
    /// commit is what `changelog --all --output FILE` writes there: `--check` passes.
    public func changelogText(_ planned: ReleasePartitioner.PlannedRelease, in reader: any HistoryReader, existing: String?) throws -> String {
        let releases = try ReleasePartitioner(configuration: configuration).releases(in: reader, scope: .unreleased, planned: planned)
        // After the release, nothing is unreleased: the section `changelog --all` shows then.
        let head = try reader.head()
        let released = head.map { ReleaseTag(name: planned.tagName, prefix: "", version: planned.version, target: $0) }
        let unreleased = Release(tag: nil, version: nil, previous: released, date: nil, commits: [])
        let document = ReleaseNotesBuilder(configuration: configuration, links: links).document([unreleased] + releases)
        let renderer = MarkdownRenderer(mentions: configuration.mentions)
        if let existing, document.releases.count > 1 {
            let sections = document.releases.map(renderer.section).joined(separator: "\n")
            return ChangelogFileMerger().merging(section: sections, into: existing, header: configuration.header)
        }
        return renderer.document(header: configuration.header, notes: document.releases)
    }

    /// `[release]` `commit_message` with `{tag}` and `{version}` filled in, ending in a newline.
    public func commitMessage(version: SemanticVersion, tagName: String) -> String {
        let template = VersionFile(path: "", locator: .key(""), value: configuration.releaseCommitMessage)
        let message = TextSanitizer.printable(template.rendered(version: version, tag: tagName))
        return message.hasSuffix("\n") ? message : message + "\n"
    }
}
