/// Renders notes as Markdown (docs/formats.md).
///
/// ```markdown
/// ## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) - 2024-05-01
///
/// ### Features
///
/// - **cli:** add --explain ([#12](https://github.com/o/r/pull/12)) ([abc1234](https://github.com/o/r/commit/abc1234…))
/// ```
///
/// Commit text is data: every piece of it goes through ``TextSanitizer/markdownInline(_:mentions:)``
/// (descriptions, scopes, headers) or ``TextSanitizer/markdownBlockLine(_:mentions:)`` (the
/// lines of a breaking-change note), so it can neither hide, link, notify nor structure
/// anything (docs/formats.md, "Commit text in Markdown").
public struct MarkdownRenderer: Sendable {
    /// The title of the section listing breaking changes.
    public static let breakingTitle = "Breaking Changes"
    /// What an entry says for a commit whose message is empty or only whitespace.
    public static let emptyMessage = "(empty message)"

    /// What `@name` in commit text becomes.
    public var mentions: MentionPolicy

    /// Creates a renderer; `@name` mentions are escaped unless `mentions` says otherwise.
    public init(mentions: MentionPolicy = .escape) {
        self.mentions = mentions
    }

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
            lines += ["Also tagged " + notes.aliases.map { TextSanitizer.markdownCodeSpan($0) }.joined(separator: ", ") + ".", ""]
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
            for commit in notes.breakingChanges { lines += entryLines(commit, showScope: true, breaking: true) }
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
        if showScope, let scope = commit.scope { line += "**\(TextSanitizer.markdownInline(scope, mentions: mentions)):** " }
        let text = commit.conventional ? commit.summary : commit.header
        if MessageText.isBlank(text) {
            line += "*\(Self.emptyMessage)*"
        } else {
            line += TextSanitizer.markdownInline(MessageText.trimming(Substring(text)), mentions: mentions)
        }
        if let number = commit.pullRequest, commit.conventional {
            line += commit.pullRequestURL.map { " ([#\(number)](\($0)))" } ?? " (#\(number))"
        }
        line += commit.url.map { " ([\(commit.shortID)](\($0)))" } ?? " (\(commit.shortID))"
        let closes = commit.references.filter { $0.kind == .closes }
        if !closes.isEmpty {
            line += ", closes " + closes.map { reference in
                reference.url.map { "[\(reference.label)](\($0))" } ?? reference.label
            }.joined(separator: ", ")
        }
        return line
    }

    /// The entry, and for a breaking change its note below it, each line indented under the
    /// bullet and unable to start a block of its own.
    func entryLines(_ commit: CommitNote, showScope: Bool, breaking: Bool) -> [String] {
        var lines = [entry(commit, showScope: showScope)]
        if breaking, let note = commit.breakingNote, note != commit.description {
            let text = TextSanitizer.printable(note)
            lines += text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                MessageText.isBlank(line) ? "" : "  " + TextSanitizer.markdownBlockLine(line, mentions: mentions)
            }
        }
        return lines
    }
}
