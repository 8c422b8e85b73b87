import ArgumentParser
import Foundation
import RelnotesCore

extension Relnotes {
    /// `relnotes changelog`: the Unreleased section, or every release, as Markdown, JSON or a
    /// Mustache template; to stdout or into a file, atomically.
    struct Changelog: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "changelog",
            abstract: "Render the changelog (default: the Unreleased section only).",
            discussion: """
                With --output onto an existing file, the default mode replaces only that \
                file's Unreleased section and keeps every other byte; --all keeps the text \
                before the first section and every section already in the file, byte for \
                byte, adds the releases it lacks in version order and rewrites Unreleased; \
                --all --regenerate rewrites the whole file. Files are written to a temporary file and renamed, never truncated; \
                a symbolic link is written through to its target, a replaced file keeps its \
                mode, line endings and byte-order mark.

                Examples:
                  relnotes changelog --output CHANGELOG.md
                  relnotes changelog --all --output CHANGELOG.md --check
                  relnotes changelog --tag v1.3.0 --format json
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var scope: ScopeOptions

        @Flag(name: .long, help: "Every release reachable from HEAD, plus Unreleased.")
        var all = false

        @Option(name: .long, help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file"))
        var output: String?

        @Option(name: .long, help: ArgumentHelp("Title the unreleased commits as this release (e.g. v1.3.0), dated today.", valueName: "version"))
        var tag: String?

        @Option(name: .long, help: "Output format.")
        var format: OutputFormat = .markdown

        @Option(name: .long, help: ArgumentHelp("Render with a Mustache template (same data as --format json): a file, or a built-in name: keep-a-changelog, compact, github (relnotes templates prints them).", valueName: "file|name"))
        var template: String?

        @Option(name: .customLong("group-by"), help: "Group entries by commit type, or by scope with type groups inside.")
        var groupBy: NoteGrouping = .type

        @Flag(name: .long, help: "With --all --output: rewrite the whole file, dropping hand edits, instead of adding only the missing releases.")
        var regenerate = false

        @Flag(name: .long, help: "Write nothing; exit 3 with a diff when --output FILE differs from what would be written.")
        var check = false

        func validate() throws {
            if check && output == nil {
                throw ValidationError("--check needs --output FILE: the file to compare")
            }
            if regenerate && !all {
                throw ValidationError("--regenerate needs --all: only the whole changelog is regenerated")
            }
            if template != nil && format == .json {
                throw ValidationError("--template and --format json cannot be used together")
            }
        }

        func run() throws {
            let session = try Session(global, scope: scope)
            let configuration = session.configuration.writingChangelog(to: output.flatMap(session.repositoryPath))
            let planned = try tag.map { try session.plannedRelease($0, date: .now) }
            let partitioner = ReleasePartitioner(configuration: configuration)
            if all, template == nil {
                return try writeEveryRelease(partitioner, session: session, configuration: configuration, planned: planned)
            }
            let releases = try partitioner.releases(in: session.repository, scope: all ? .all : .unreleased, planned: planned)
            let builder = ReleaseNotesBuilder(configuration: configuration, links: try session.repositoryLinks(), grouping: groupBy)
            let document = builder.document(releases)

            if format == .json, output == nil {
                // Streamed: a history of a hundred thousand commits never sits in memory as text.
                document.write { Terminal.standardOutput.write(bytes: $0) }
                return
            }
            let rendered: String
            if let template {
                rendered = try Self.templateRenderer(template).render(document)
            } else if format == .json {
                rendered = document.jsonText()
            } else if let output, !all, let existing = try AtomicFile.read(output), let notes = document.releases.first {
                let section = MarkdownRenderer(mentions: configuration.mentions).section(notes)
                if let planned {
                    // `--tag V` again after V's section was written: that section is replaced.
                    let release = ChangelogFileMerger.Section(text: section, version: planned.version, tag: planned.tagName)
                    rendered = ChangelogFileMerger().merging(planned: release, into: existing, header: configuration.header)
                } else {
                    rendered = ChangelogFileMerger().merging(section: section, into: existing, header: configuration.header)
                }
            } else if output == nil, !all, let notes = document.releases.first {
                rendered = MarkdownRenderer(mentions: configuration.mentions).section(notes)
            } else {
                let text = MarkdownRenderer(mentions: configuration.mentions).document(header: configuration.header, notes: document.releases)
                // A regenerated file (--regenerate) keeps the byte-order mark and line endings of the one it replaces.
                if let output, let existing = try AtomicFile.read(output) {
                    rendered = ChangelogFileMerger().matchingConventions(of: existing, text)
                } else {
                    rendered = text
                }
            }
            try deliver(rendered)
        }

        /// `--all` without a template: each release is read, rendered and written (to stdout,
        /// or into the text of the file) before the next is read, so the whole history's
        /// messages and notes are never in memory at once. Only the Markdown text of the
        /// sections is kept when they are merged into an existing file.
        private func writeEveryRelease(_ partitioner: ReleasePartitioner, session: Session, configuration: Configuration, planned: ReleasePartitioner.PlannedRelease?) throws {
            let builder = ReleaseNotesBuilder(configuration: configuration, links: try session.repositoryLinks(), grouping: groupBy)
            let renderer = MarkdownRenderer(mentions: configuration.mentions)
            let existing = try output.flatMap { try AtomicFile.read($0) }
            let merging = format == .markdown && existing != nil && !regenerate
            // Straight to stdout when nothing is compared or merged; else collected.
            final class Sink {
                let direct: Bool
                var bytes: [UInt8] = []
                init(direct: Bool) { self.direct = direct }
                func write(_ chunk: [UInt8]) {
                    if direct { Terminal.standardOutput.write(bytes: chunk) } else { bytes += chunk }
                }
            }
            let sink = Sink(direct: output == nil)
            var sections: [ChangelogFileMerger.Section] = []

            switch format {
            case .json:
                var stream = ChangelogDocument.Stream(flush: sink.write)
                try partitioner.forEachRelease(in: session.repository, scope: .all, planned: planned) { release in
                    stream.append(builder.notes(for: release))
                }
                stream.finish(repositoryURL: builder.links?.webURL)
            case .markdown:
                var first = true
                try partitioner.forEachRelease(in: session.repository, scope: .all, planned: planned) { release in
                    let notes = builder.notes(for: release)
                    let text = renderer.section(notes)
                    if merging {
                        let version = notes.unreleased ? nil : notes.version.flatMap(SemanticVersion.init)
                        sections.append(ChangelogFileMerger.Section(text: text, version: version, tag: notes.tag))
                        return
                    }
                    if first {
                        if !configuration.header.isEmpty { sink.write(Array((configuration.header + "\n\n").utf8)) }
                        first = false
                    } else {
                        sink.write([UInt8(ascii: "\n")])
                    }
                    sink.write(Array(text.utf8))
                }
            }
            guard output != nil else { return }
            let text = String(decoding: sink.bytes, as: UTF8.self)
            let rendered: String
            if format == .json {
                rendered = text
            } else if let existing, merging {
                // Hand edits survive: only missing releases are added, and Unreleased rewritten.
                rendered = ChangelogFileMerger().merging(sections: sections, into: existing, header: configuration.header)
            } else if let existing {
                // A regenerated file (--regenerate) keeps the byte-order mark and line endings of the one it replaces.
                rendered = ChangelogFileMerger().matchingConventions(of: existing, text)
            } else {
                rendered = text
            }
            try deliver(rendered)
        }

        /// Prints `rendered`, or compares it with `--output` (`--check`), or writes it there.
        private func deliver(_ rendered: String) throws {
            guard let output else {
                Terminal.standardOutput.write(rendered)
                return
            }
            if check {
                let existing = try AtomicFile.read(output) ?? ""
                let diff = UnifiedDiff().diff(from: existing, to: rendered, oldName: output, newName: "\(output) (expected)")
                guard diff.isEmpty else {
                    Terminal.standardOutput.write(diff)
                    throw CheckFailure("\(output) is not up to date", hint: "run relnotes changelog\(all ? " --all" : "")\(regenerate ? " --regenerate" : "") --output \(output) and commit the result")
                }
                return
            }
            try AtomicFile.write(rendered, to: output)
        }
    }
}

extension Relnotes.Changelog {
    /// `--template NAME|FILE`: a built-in name wins (write `./compact` for a file of that name);
    /// anything else is a file, and a missing file is an error listing the built-in names.
    static func templateRenderer(_ template: String) throws -> TemplateRenderer {
        if let builtIn = BuiltInTemplate(name: template) { return TemplateRenderer(builtIn: builtIn) }
        guard let text = try AtomicFile.read(template) else {
            let names = BuiltInTemplate.allCases.map(\.name).joined(separator: ", ")
            throw TemplateError(
                file: template, line: nil, column: nil,
                problem: "neither a built-in template nor a file",
                hint: "built-in templates: \(names) (relnotes templates NAME prints one); or give the path of a template file"
            )
        }
        return try TemplateRenderer(template: text, file: template)
    }
}

/// `--format` choices.
enum OutputFormat: String, CaseIterable, ExpressibleByArgument {
    case markdown, json
}

extension NoteGrouping: ExpressibleByArgument {}
