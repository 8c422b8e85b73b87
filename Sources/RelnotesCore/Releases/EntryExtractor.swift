/// Decides what a walked commit counts for (docs/overrides.md): the one place where the notes
/// and the version computation agree on which commits are entries.
///
/// A commit counts unless it is a merge (without `include_merges`), changes no path the path
/// filter keeps, carries a `relnotes: skip` note, or changes nothing but the changelog file
/// (`changelog_file`, and the file `--output` writes). With `split_squash = true`, a squash
/// merge listing `* type(scope): text` items gives one entry per item, all with its id.
struct EntryExtractor {
    /// Why a commit gives no entry.
    enum Exclusion: Hashable {
        /// A merge commit, and merges are left out.
        case merge
        /// It changes no path the path filter keeps.
        case outsidePaths
        /// A `relnotes: skip` note (or message) drops it.
        case skipped
        /// It changes only the changelog file.
        case changelogOnly
    }

    let configuration: Configuration
    let parser = ConventionalCommitParser()
    private let filter: PathFilter
    private let changelogPaths: [String]

    init(configuration: Configuration) {
        self.configuration = configuration
        self.filter = configuration.pathFilter
        self.changelogPaths = configuration.changelogPaths
    }

    /// The entries `commit` gives (one, or one per squash item), or why it gives none. Tree
    /// lookups are asked of `paths` only for commits that are not left-out merges.
    func entries(of commit: RawCommit, paths: any HistoryReader) throws -> Outcome {
        try entries(of: commit, paths: paths) { $0 }
    }

    /// The same, for a commit that may lack its message (``HistoryReader/commitLinks(reachableFrom:)``):
    /// `complete` reads it, and is called only for a commit that is neither a left-out merge nor
    /// outside the path filter.
    func entries(of commit: RawCommit, paths: any HistoryReader, complete: (RawCommit) throws -> RawCommit) throws -> Outcome {
        if let excluded = try excluded(commit, paths: paths) { return .excluded(excluded) }
        return try outcome(of: .text(complete(commit), changelogOnly: changesOnlyChangelog(commit, paths: paths)), paths: paths)
    }

    /// The half of ``entries(of:paths:complete:)`` that asks the repository, for a commit given
    /// by ``HistoryReader/commitLinks(reachableFrom:)``: whether it is left out as a merge or
    /// outside the path filter, else its stored bytes (or the whole commit, from a history that
    /// completes commits in one step) and whether it changes only the changelog.
    /// ``outcome(of:paths:)`` does the rest, on another thread with a history of its own.
    /// `answered`: what ``answer(_:paths:)`` said of the commit, when it was asked ahead.
    func read(_ commit: RawCommit, paths: any HistoryReader, answered: Answer? = nil) throws -> Read {
        switch try answered ?? answer(commit, paths: paths) {
        case .excluded(let reason):
            return .excluded(reason)
        case .counts(let changelogOnly):
            if let text = try paths.commitText(commit) { return .stored(commit, text, changelogOnly: changelogOnly) }
            return .text(try paths.completed(commit), changelogOnly: changelogOnly)
        }
    }

    /// What ``read(_:paths:answered:)`` asks of the repository before it reads a commit's text:
    /// whether the commit is left out as a merge or outside the path filter, else whether it
    /// changes only the changelog. The same for a commit however it was walked, so it can be
    /// asked ahead, on another thread (see ``AnswersAhead``).
    func answer(_ commit: RawCommit, paths: any HistoryReader) throws -> Answer {
        if let excluded = try excluded(commit, paths: paths) { return .excluded(excluded) }
        return .counts(changelogOnly: try changesOnlyChangelog(commit, paths: paths))
    }

    /// Why `commit` is left out before its text is read, if it is.
    private func excluded(_ commit: RawCommit, paths: any HistoryReader) throws -> Exclusion? {
        if commit.isMerge && !configuration.includeMerges { return .merge }
        if !filter.isEmpty, !(try paths.touches(commit, filter)) { return .outsidePaths }
        return nil
    }

    /// Whether `commit` changes nothing but the changelog files; asked of the commit as walked
    /// (a walk may have given its trees).
    private func changesOnlyChangelog(_ commit: RawCommit, paths: any HistoryReader) throws -> Bool {
        try !changelogPaths.isEmpty && paths.changesOnly(commit, paths: changelogPaths)
    }

    /// What a read commit gives: its message parsed (stored bytes decoded by `paths` first); a
    /// skipped commit is left out as skipped even when it also changes only the changelog.
    func outcome(of read: Read, paths: any HistoryReader) throws -> Outcome {
        let full: RawCommit, changelogOnly: Bool
        switch read {
        case .excluded(let reason):
            return .excluded(reason)
        case .text(let commit, let only):
            (full, changelogOnly) = (commit, only)
        case .stored(let commit, let text, let only):
            (full, changelogOnly) = (try paths.decoded(commit, text: text), only)
        }
        let whole = parser.parse(full)
        if whole.isSkipped { return .excluded(.skipped) }
        if changelogOnly { return .excluded(.changelogOnly) }
        return .counted(configuration.splitSquash ? parser.parseSplitting(full) : [whole])
    }

    /// What the repository tells of a commit before its text is read (``answer(_:paths:)``).
    enum Answer: Hashable, Sendable {
        /// Left out, for this reason.
        case excluded(Exclusion)
        /// It counts, unless it changes only the changelog (or its message says to skip it).
        case counts(changelogOnly: Bool)
    }

    /// A commit as far as the repository tells (see ``read(_:paths:answered:)``).
    enum Read: Sendable {
        /// Left out before its text is read.
        case excluded(Exclusion)
        /// The whole commit, and whether it changes nothing but the changelog.
        case text(RawCommit, changelogOnly: Bool)
        /// The commit as walked and its stored bytes, still to be decoded
        /// (``HistoryReader/decoded(_:text:)``), and whether it changes nothing but the changelog.
        case stored(RawCommit, CommitText, changelogOnly: Bool)
    }

    /// What a commit gives.
    enum Outcome: Hashable {
        /// These entries (several for a split squash merge).
        case counted([ConventionalCommit])
        /// No entry, for this reason.
        case excluded(Exclusion)

        /// The entries; empty when excluded.
        var entries: [ConventionalCommit] {
            if case .counted(let entries) = self { entries } else { [] }
        }
    }
}

extension Configuration {
    /// The changelog files a commit may change alone without counting: `changelog_file` and
    /// every file `--output` writes, once each, repository-relative, without a leading `./`.
    public var changelogPaths: [String] {
        var paths: [String] = []
        for path in [changelogFile] + outputChangelogFiles {
            var path = Substring(path)
            while path.hasPrefix("./") { path = path.dropFirst(2) }
            if !path.isEmpty, !paths.contains(String(path)) { paths.append(String(path)) }
        }
        return paths
    }
}
