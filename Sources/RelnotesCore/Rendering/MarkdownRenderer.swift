/// Renders notes as Markdown (SPEC.md section 6).
///
/// ```markdown
/// ## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) - 2024-05-01
///
/// ### Features
///
/// - **cli:** add --explain ([#12](https://github.com/o/r/pull/12)) ([abc1234](https://github.com/o/r/commit/abc1234…))
/// ```
public struct MarkdownRenderer: Sendable {
    /// The title of the section listing breaking changes.
    public static let breakingTitle = "Breaking Changes"

    public init() {}

    /// A whole changelog: the header, a blank line, then every section.
    public func document(header: String, notes: [ReleaseNotes]) -> String {
        var text = header.isEmpty ? "" : header + "\n\n"
        text += notes.map(section).joined(separator: "\n")
        return text
    }

    /// One release's section, from its `## ` heading to its last entry, ending in a newline.
    public func section(_ notes: ReleaseNotes) -> String {
        var lines = [heading(notes), ""]
        if !notes.aliases.isEmpty {
            lines += ["Also tagged " + notes.aliases.map { "`\($0)`" }.joined(separator: ", ") + ".", ""]
        }
        lines += body(notes, level: 3)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The notes without a heading, as a GitHub Release body shows them (groups at `level`).
    public func body(_ notes: ReleaseNotes, level: Int) -> [String] {
        if notes.isEmpty { return ["No notable changes."] }
        var lines: [String] = []
        let marks = String(repeating: "#", count: level)
        if !notes.breakingChanges.isEmpty {
            lines += ["\(marks) \(Self.breakingTitle)", ""]
            for commit in notes.breakingChanges { lines += breakingEntry(commit) }
            lines.append("")
        }
        for group in notes.groups {
            lines += ["\(marks) \(group.title)", ""]
            if group.groups.isEmpty {
                lines += group.commits.map { entry($0, showScope: true) }
                lines.append("")
            } else {
                for inner in group.groups {
                    lines += ["\(marks)# \(inner.title)", ""]
                    lines += inner.commits.map { entry($0, showScope: false) }
                    lines.append("")
                }
            }
        }
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    private func heading(_ notes: ReleaseNotes) -> String {
        let title = notes.compareURL.map { "[\(notes.title)](\($0))" } ?? notes.title
        guard let date = notes.date else { return "## \(title)" }
        return "## \(title) - \(date)"
    }

    /// `- **scope:** summary ([#12](pr-url)) ([abc1234](commit-url))`
    func entry(_ commit: CommitNote, showScope: Bool) -> String {
        var line = "- "
        if showScope, let scope = commit.scope { line += "**\(scope):** " }
        line += commit.conventional ? commit.summary : commit.header
        if let number = commit.pullRequest, commit.conventional {
            line += commit.pullRequestURL.map { " ([#\(number)](\($0)))" } ?? " (#\(number))"
        }
        line += commit.url.map { " ([\(commit.shortID)](\($0)))" } ?? " (\(commit.shortID))"
        return line
    }

    private func breakingEntry(_ commit: CommitNote) -> [String] {
        var lines = [entry(commit, showScope: true)]
        if let note = commit.breakingNote, note != commit.description {
            lines += note.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }
        }
        return lines
    }
}
