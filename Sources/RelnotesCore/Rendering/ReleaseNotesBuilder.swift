/// How entries are grouped inside a release.
public enum NoteGrouping: String, Hashable, Sendable, CaseIterable {
    /// Groups by commit type, in the order of `[[groups]]` (docs/formats.md).
    case type
    /// Sections by scope (alphabetical, compared in lower case and titled as the scope was
    /// first written; a commit naming several scopes is listed under its first; commits without
    /// a scope last, under "General"), with type groups inside each.
    case scope
}

/// Turns releases into notes: groups, breaking changes first, links. Pure: no I/O.
public struct ReleaseNotesBuilder: Sendable {
    /// The configuration that names the groups, their order and what is hidden.
    public var configuration: Configuration
    /// The repository's web addresses, or `nil` when neither `origin` nor `repository_url` gives one.
    public var links: RepositoryLinks?
    /// How entries are grouped inside a release.
    public var grouping: NoteGrouping

    /// The title of the scope section holding commits without a scope.
    public static let unscopedTitle = "General"

    /// Creates a builder; groups by commit type unless `grouping` says otherwise.
    public init(configuration: Configuration, links: RepositoryLinks?, grouping: NoteGrouping = .type) {
        self.configuration = configuration
        self.links = links
        self.grouping = grouping
    }

    /// The whole document for `releases` (newest first, as ``ReleasePartitioner`` returns them).
    public func document(_ releases: [Release]) -> ChangelogDocument {
        ChangelogDocument(repositoryURL: links?.webURL, releases: releases.map(notes(for:)))
    }

    /// The notes of one release.
    public func notes(for release: Release) -> ReleaseNotes {
        // A commit that only records a release (`chore(release): v1.2.0`) is no entry.
        // (Each commit note is copied as few times as it appears: a copy retains a dozen strings.)
        let commits = release.commits.compactMap { $0.isReleaseCommit ? nil : note(for: $0) }
        let breaking = commits.filter(\.breaking)
        let groups: [NoteGroup]
        switch grouping {
        case .type:
            groups = typeGroups(commits) { !$0.breaking }
        case .scope:
            let rest = commits.filter { !$0.breaking }
            // Keyed by the first scope in lower case; titled as it was first written (the
            // oldest commit's spelling: commits are newest first).
            func key(_ commit: CommitNote) -> String? { Self.firstScope(of: commit)?.lowercased() }
            var titles: [String: String] = [:]
            for commit in rest.reversed() {
                if let scope = Self.firstScope(of: commit), titles[scope.lowercased()] == nil { titles[scope.lowercased()] = scope }
            }
            var sections = titles.keys.sorted().compactMap { scope -> NoteGroup? in
                let inner = typeGroups(rest) { key($0) == scope }
                let title = titles[scope] ?? scope
                return inner.isEmpty ? nil : NoteGroup(title: title, scope: title, commits: [], groups: inner)
            }
            let unscoped = typeGroups(rest) { key($0) == nil }
            if !unscoped.isEmpty { sections.append(NoteGroup(title: Self.unscopedTitle, commits: [], groups: unscoped)) }
            groups = sections
        }
        let tagName = release.tagName
        return ReleaseNotes(
            title: release.version?.description ?? "Unreleased",
            tag: tagName,
            version: release.version?.description,
            date: release.date?.day,
            previousTag: release.previous?.name,
            compareURL: compareURL(previous: release.previous?.name, tag: tagName),
            aliases: release.aliases.map(\.name),
            unreleased: tagName == nil,
            prerelease: release.version?.isPrerelease ?? false,
            commits: commits,
            breakingChanges: breaking,
            groups: groups
        )
    }

    /// The type groups of the commits `keep` keeps, in the configured order.
    private func typeGroups(_ commits: [CommitNote], where keep: (CommitNote) -> Bool) -> [NoteGroup] {
        let groups = configuration.groups
        var members = [[CommitNote]](repeating: [], count: groups.count)
        for index in commits.indices where keep(commits[index]) {
            guard let group = configuration.groupIndex(forType: commits[index].type), !groups[group].hidden else { continue }
            members[group].append(commits[index])
        }
        return groups.indices
            .filter { !members[$0].isEmpty }
            .sorted { groups[$0].order < groups[$1].order }
            .map { NoteGroup(title: groups[$0].title, commits: members[$0], inNotes: groups[$0].inNotes) }
    }

    /// The first of the scopes a commit names (`api` for `feat(api,cli)`).
    static func firstScope(of commit: CommitNote) -> String? {
        guard let scope = commit.scope else { return nil }
        let first = scope.split(whereSeparator: { $0 == "," || $0 == ";" }).first.map { MessageText.trimming($0) }
        return first.flatMap { $0.isEmpty ? nil : String($0) }
    }

    private func compareURL(previous: String?, tag: String?) -> String? {
        guard let links else { return nil }
        switch (previous, tag) {
        case let (previous?, tag?): return links.compare(previous, tag)
        case let (previous?, nil): return links.compare(previous, "HEAD")
        case let (nil, tag?): return links.history(upTo: tag)
        case (nil, nil): return nil
        }
    }

    private func note(for commit: ConventionalCommit) -> CommitNote {
        var summary = commit.description
        if commit.pullRequest != nil, let suffix = MessageText.trailingPullRequest(Substring(summary)) {
            summary = String(summary[..<suffix.start])
        }
        return CommitNote(
            id: commit.id,
            shortID: commit.id.abbreviated(),
            type: commit.type,
            scope: commit.scope,
            description: commit.description,
            summary: summary,
            header: commit.header,
            body: commit.body,
            breaking: commit.isBreaking,
            breakingNote: commit.breakingNote,
            footers: commit.footers,
            author: CommitNote.Person(name: commit.author.name, email: commit.author.email),
            time: commit.committer.time,
            conventional: commit.isConventional,
            pullRequest: commit.pullRequest,
            url: links?.commit(commit.id),
            pullRequestURL: commit.pullRequest.flatMap { links?.pullRequest($0) },
            references: commit.references.map { reference in
                CommitNote.Reference(kind: reference.kind, number: reference.number, repository: reference.repository, url: links?.reference(reference))
            }
        )
    }
}
