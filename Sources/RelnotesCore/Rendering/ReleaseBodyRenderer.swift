/// Renders one release as a GitHub Release body (`relnotes notes`, the tag message, and what
/// `relnotes publish github` sends): the notes without a version heading, the contributors, and
/// a link to the full comparison, within GitHub's size limit.
public struct ReleaseBodyRenderer: Sendable {
    /// GitHub refuses release bodies longer than this many characters.
    public static let githubLimit = 125_000

    /// The most characters a body may have, counted as UTF-16 code units: the strictest way
    /// of counting (an emoji is one character to a person, up to eleven code units to
    /// JavaScript), so the limit holds however GitHub counts.
    public var limit: Int
    /// Where the full changelog is, for the line that replaces dropped entries.
    public var fullChangelogURL: String?
    /// What `@name` in commit text and contributor names becomes.
    public var mentions: MentionPolicy

    /// Creates a renderer with GitHub's limit unless `limit` says otherwise.
    public init(limit: Int = ReleaseBodyRenderer.githubLimit, fullChangelogURL: String? = nil, mentions: MentionPolicy = .escape) {
        self.limit = limit
        self.fullChangelogURL = fullChangelogURL
        self.mentions = mentions
    }

    /// The body. When it would pass ``limit``, whole entries are dropped from the end of the
    /// lowest groups first (breaking changes last) and a line says how many and where they are;
    /// if the rest is still too long, contributors go the same way, and as a last resort the
    /// text is cut at a line end with a line saying so.
    ///
    /// Each entry's size is measured once, so a huge release costs a few renderings, not one
    /// per dropped entry.
    public func body(_ notes: ReleaseNotes, contributors: [Contributor], extra: String? = nil) -> String {
        // Groups configured with `in_notes = false` stay in the changelog, not in the body.
        var notes = notes
        notes.groups = notes.groups.compactMap { group in
            guard group.inNotes else { return nil }
            var kept = group
            kept.groups = group.groups.filter(\.inNotes)
            return kept.commits.isEmpty && kept.groups.isEmpty ? nil : kept
        }
        let markdown = MarkdownRenderer(mentions: mentions)
        var text = render(notes, contributors: contributors, extra: extra, dropped: 0, droppedPeople: 0)
        guard text.utf16.count > limit else { return text }

        var shown = notes
        var dropped = 0
        let total = notes.breakingChanges.count + notes.groups.reduce(0) { $0 + $1.commits.count + $1.groups.reduce(0) { $0 + $1.commits.count } }
        let reserve = notice(dropped: max(total, 1)).utf16.count + 2
        while text.utf16.count > limit {
            let removed = dropEntries(from: &shown, units: text.utf16.count - limit + reserve, renderer: markdown)
            guard removed > 0 else { break }
            dropped += removed
            text = render(shown, contributors: contributors, extra: extra, dropped: dropped, droppedPeople: 0)
        }
        guard text.utf16.count > limit else { return text }

        var people = contributors
        var excess = text.utf16.count - limit + 80
        while excess > 0, let last = people.popLast() {
            excess -= contributorLine(last).utf16.count + 1
        }
        text = render(shown, contributors: people, extra: extra, dropped: dropped, droppedPeople: contributors.count - people.count)
        guard text.utf16.count > limit else { return text }
        return Self.cut(text, limit: limit)
    }

    private func render(_ notes: ReleaseNotes, contributors: [Contributor], extra: String?, dropped: Int, droppedPeople: Int) -> String {
        var lines: [String] = []
        if dropped == 0 || !notes.isEmpty {
            lines += MarkdownRenderer(mentions: mentions).body(notes, level: 3)
        }
        if dropped > 0 {
            if !lines.isEmpty { lines.append("") }
            lines.append(notice(dropped: dropped))
        }
        if !contributors.isEmpty || droppedPeople > 0 {
            lines += ["", "### Contributors", ""]
            lines += contributors.map(contributorLine)
            if droppedPeople > 0 { lines.append("- …and \(droppedPeople) more") }
        }
        if let compare = notes.compareURL, let previous = notes.previousTag, let tag = notes.tag {
            lines += ["", "**Full Changelog**: [\(previous)...\(tag)](\(compare))"]
        }
        if let extra, !extra.isEmpty {
            lines += ["", extra.hasSuffix("\n") ? String(extra.dropLast()) : extra]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func notice(dropped: Int) -> String {
        let place = fullChangelogURL.map { "the [full changelog](\($0))" } ?? "the full changelog"
        return "…and \(dropped) more \(dropped == 1 ? "change" : "changes") left out to stay within GitHub's size limit: see \(place)."
    }

    /// `- name`, marked on a first contribution; the name is commit text (an author, or a
    /// `Co-authored-by:` trailer), so it is one escaped line.
    private func contributorLine(_ person: Contributor) -> String {
        "- " + TextSanitizer.markdownInline(person.name, mentions: mentions) + (person.firstTime ? " (first contribution)" : "")
    }

    /// Removes entries worth at least `units` UTF-16 code units from the end of the lowest
    /// groups (breaking changes last); returns how many.
    private func dropEntries(from notes: inout ReleaseNotes, units: Int, renderer: MarkdownRenderer) -> Int {
        var budget = units
        var removed = 0
        func take(_ commits: inout [CommitNote], showScope: Bool, breaking: Bool) {
            while budget > 0, let last = commits.last {
                budget -= renderer.entryLines(last, showScope: showScope, breaking: breaking).reduce(0) { $0 + $1.utf16.count + 1 }
                commits.removeLast()
                removed += 1
            }
        }
        for index in notes.groups.indices.reversed() where budget > 0 {
            for inner in notes.groups[index].groups.indices.reversed() where budget > 0 {
                take(&notes.groups[index].groups[inner].commits, showScope: false, breaking: false)
            }
            take(&notes.groups[index].commits, showScope: true, breaking: false)
            notes.groups[index].groups.removeAll { $0.commits.isEmpty }
        }
        notes.groups.removeAll { $0.commits.isEmpty && $0.groups.isEmpty }
        if budget > 0 { take(&notes.breakingChanges, showScope: true, breaking: true) }
        return removed
    }

    /// The last resort: `text` up to a line end, with room for a line saying it was cut.
    static func cut(_ text: String, limit: Int) -> String {
        let tail = "\n…cut here to stay within GitHub's size limit.\n"
        let room = max(0, limit - tail.utf16.count)
        var units = 0
        var end = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            units += character.utf16.count
            if units > room { break }
            index = text.index(after: index)
            if character == "\n" { end = index }
        }
        var kept = String(text[..<end])
        if kept.hasSuffix("\n") { kept.removeLast() }
        return kept + tail
    }
}
