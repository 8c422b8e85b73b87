/// Renders one release as a GitHub Release body (`relnotes notes`, the tag message, and what
/// `relnotes publish github` sends): the notes without a version heading, the contributors, and
/// a link to the full comparison, within GitHub's size limit.
public struct ReleaseBodyRenderer: Sendable {
    /// GitHub refuses release bodies longer than this many characters.
    public static let githubLimit = 125_000

    /// The most characters a body may have.
    public var limit: Int
    /// Where the full changelog is, for the line that replaces dropped entries.
    public var fullChangelogURL: String?

    public init(limit: Int = ReleaseBodyRenderer.githubLimit, fullChangelogURL: String? = nil) {
        self.limit = limit
        self.fullChangelogURL = fullChangelogURL
    }

    /// The body. When it would pass ``limit``, whole entries are dropped from the end of the
    /// lowest groups first (breaking changes last) and a line says how many and where they are.
    public func body(_ notes: ReleaseNotes, contributors: [Contributor], extra: String? = nil) -> String {
        var shown = notes
        var dropped = 0
        var text = render(shown, contributors: contributors, extra: extra, dropped: dropped)
        while text.count > limit, let removed = dropEntries(from: &shown, characters: text.count - limit) {
            dropped += removed
            text = render(shown, contributors: contributors, extra: extra, dropped: dropped)
        }
        return text
    }

    private func render(_ notes: ReleaseNotes, contributors: [Contributor], extra: String?, dropped: Int) -> String {
        var lines = MarkdownRenderer().body(notes, level: 3)
        if dropped > 0 {
            let place = fullChangelogURL.map { "the [full changelog](\($0))" } ?? "the full changelog"
            lines += ["", "…and \(dropped) more \(dropped == 1 ? "change" : "changes") left out to stay within GitHub's size limit: see \(place)."]
        }
        if !contributors.isEmpty {
            lines += ["", "### Contributors", ""]
            lines += contributors.map { person in
                "- \(person.name)" + (person.firstTime ? " (first contribution)" : "")
            }
        }
        if let compare = notes.compareURL, let previous = notes.previousTag, let tag = notes.tag {
            lines += ["", "**Full Changelog**: [\(previous)...\(tag)](\(compare))"]
        }
        if let extra, !extra.isEmpty {
            lines += ["", extra.hasSuffix("\n") ? String(extra.dropLast()) : extra]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Removes entries worth at least `characters` (plus room for the notice line) from the
    /// end of the lowest groups; returns how many, or `nil` when nothing is left to remove.
    private func dropEntries(from notes: inout ReleaseNotes, characters: Int) -> Int? {
        var budget = characters + 200
        var removed = 0
        func take(_ commits: inout [CommitNote]) {
            while budget > 0, let last = commits.last {
                budget -= MarkdownRenderer().entry(last, showScope: true).count + 1 + (last.breakingNote?.count ?? 0)
                commits.removeLast()
                removed += 1
            }
        }
        for index in notes.groups.indices.reversed() where budget > 0 {
            for inner in notes.groups[index].groups.indices.reversed() where budget > 0 {
                take(&notes.groups[index].groups[inner].commits)
            }
            take(&notes.groups[index].commits)
        }
        notes.groups = notes.groups.filter { !$0.commits.isEmpty || $0.groups.contains { !$0.commits.isEmpty } }
        if budget > 0 { take(&notes.breakingChanges) }
        return removed > 0 ? removed : nil
    }
}
