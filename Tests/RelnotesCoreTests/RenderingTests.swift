import Foundation
@testable import RelnotesCore
import Testing

private func notes(_ history: HistoryBuilder, configuration: Configuration = Configuration(), links: RepositoryLinks? = nil, grouping: NoteGrouping = .type) throws -> [ReleaseNotes] {
    let releases = try ReleasePartitioner(configuration: configuration).releases(in: history.history, scope: .all)
    return ReleaseNotesBuilder(configuration: configuration, links: links, grouping: grouping).document(releases).releases
}

/// The id ``HistoryBuilder`` gives its `number`th commit.
private func id(_ number: Int) -> String {
    let hex = String(number, radix: 16)
    return String(repeating: "0", count: 40 - hex.count) + hex
}

private let acme = RepositoryLinks(webURL: "https://github.com/acme/widgets")

@Suite("repository links")
struct RepositoryLinksTests {
    @Test("remote URLs of every common form give the repository's web page", arguments: [
        ("git@github.com:acme/widgets.git", "https://github.com/acme/widgets"),
        ("https://github.com/acme/widgets.git", "https://github.com/acme/widgets"),
        ("https://github.com/acme/widgets", "https://github.com/acme/widgets"),
        ("https://user:token@github.com/acme/widgets.git/", "https://github.com/acme/widgets"),
        ("ssh://git@github.com/acme/widgets.git", "https://github.com/acme/widgets"),
        ("ssh://git@github.com:2222/acme/widgets", "https://github.com/acme/widgets"),
        ("git://github.com/acme/widgets.git", "https://github.com/acme/widgets"),
        ("git@gitlab.com:group/sub/project.git", "https://gitlab.com/group/sub/project"),
        ("  git@GitHub.com:acme/widgets.git\n", "https://github.com/acme/widgets"),
    ])
    func remoteForms(remote: String, web: String) {
        #expect(RepositoryLinks(remote: remote)?.webURL == web)
    }

    @Test("local paths and odd URLs give no links", arguments: ["/srv/git/widgets.git", "../widgets", "file:///srv/widgets.git", "https://github.com/acme", ""])
    func noLinks(remote: String) {
        #expect(RepositoryLinks(remote: remote) == nil)
    }

    @Test("GitHub and GitLab paths for commits, pull requests and comparisons")
    func paths() throws {
        let id = try #require(CommitID(hex: String(repeating: "ab", count: 20)))
        #expect(acme.commit(id) == "https://github.com/acme/widgets/commit/\(id)")
        #expect(acme.pullRequest(12) == "https://github.com/acme/widgets/pull/12")
        #expect(acme.compare("v1.0.0", "v1.1.0") == "https://github.com/acme/widgets/compare/v1.0.0...v1.1.0")
        let lab = RepositoryLinks(webURL: "https://gitlab.com/g/p/")
        #expect(lab.webURL == "https://gitlab.com/g/p")
        #expect(lab.pullRequest(3) == "https://gitlab.com/g/p/-/merge_requests/3")
    }
}

@Suite("Markdown rendering")
struct MarkdownRenderingTests {
    private func sampleHistory() -> HistoryBuilder {
        var history = HistoryBuilder()
        history.commit("feat: first")
        history.tag("v1.0.0")
        history.commit("chore(deps): bump things")
        history.commit("fix(parser): accept tabs (#7)")
        history.commit("feat(api)!: rename run to start\n\nBREAKING CHANGE: `run` is gone;\ncall `start` instead.")
        history.commit("docs: describe start")
        history.commit("just some words")
        history.commit("perf: faster")
        history.commit("feat(cli): add --json")
        return history
    }

    @Test("breaking changes come first with their note, then groups in the fixed order, with links")
    func layout() throws {
        let rendered = MarkdownRenderer().section(try notes(sampleHistory(), links: acme)[0])
        let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let headings = lines.filter { $0.hasPrefix("#") }
        #expect(headings == [
            "## [Unreleased](https://github.com/acme/widgets/compare/v1.0.0...HEAD)",
            "### Breaking Changes", "### Features", "### Bug Fixes", "### Performance", "### Documentation", "### Chores", "### Other",
        ])
        let breaking = try #require(lines.firstIndex { $0.contains("rename run to start") })
        #expect(lines[breaking] == "- **api:** rename run to start ([0000000](https://github.com/acme/widgets/commit/\(id(4))))")
        #expect(lines[breaking + 1] == "  `run` is gone;")
        #expect(lines[breaking + 2] == "  call `start` instead.")
        #expect(lines.contains("- **parser:** accept tabs ([#7](https://github.com/acme/widgets/pull/7)) ([0000000](https://github.com/acme/widgets/commit/\(id(3))))"))
        #expect(lines.contains("- just some words ([0000000](https://github.com/acme/widgets/commit/\(id(6))))"))
        #expect(rendered.hasSuffix(")\n"))
        // A breaking change is not repeated in its type's group.
        #expect(lines.filter { $0.contains("rename run to start") }.count == 1)
    }

    @Test("a commit's date is its committer time in ISO 8601, in the JSON as streamed and as a value; text set in its place is kept")
    func commitDates() throws {
        var history = sampleHistory()
        history.commit("fix: late")
        let release = try #require(try notes(history).first)
        var note = try #require(release.commits.first { $0.description == "late" })
        // The ninth commit: nine hours into 2024 (offsets of every kind: the writer's own test).
        #expect(note.date == "2024-01-01T09:00:00+00:00")
        func streamed(_ note: CommitNote) -> String {
            var bytes: [UInt8] = []
            var writer = JSONWriter { bytes += $0 }
            note.write(to: &writer)
            writer.finish()
            return String(decoding: bytes, as: UTF8.self)
        }
        #expect(streamed(note).contains("\"date\" : \"2024-01-01T09:00:00+00:00\""))
        #expect(streamed(note) == note.json.text)
        note.date = "yesterday"
        #expect(note.date == "yesterday")
        #expect(streamed(note).contains("\"date\" : \"yesterday\""))
        #expect(streamed(note) == note.json.text)
    }

    @Test("without a known remote there are no links, only short ids")
    func noLinks() throws {
        let rendered = MarkdownRenderer().section(try notes(sampleHistory())[0])
        #expect(rendered.hasPrefix("## Unreleased\n"))
        #expect(!rendered.contains("http"))
        #expect(rendered.contains("- **parser:** accept tabs (#7) (0000000)\n"))
    }

    @Test("a release heading carries its version and date; a first release links its history; aliases are named")
    func releaseHeadings() throws {
        var history = HistoryBuilder()
        history.commit("feat: first")
        history.tag("v1.0.0")
        history.tag("1.0.0")
        history.commit("fix: second")
        history.tag("v1.0.1")
        let all = try notes(history, links: acme)
        let document = MarkdownRenderer().document(header: "# Changelog", notes: all)
        #expect(document.hasPrefix("# Changelog\n\n## [Unreleased](https://github.com/acme/widgets/compare/v1.0.1...HEAD)\n\nNo notable changes.\n\n## [1.0.1](https://github.com/acme/widgets/compare/v1.0.0...v1.0.1) - 2024-01-01\n"))
        #expect(document.contains("## [1.0.0](https://github.com/acme/widgets/commits/v1.0.0) - 2024-01-01\n\nAlso tagged `1.0.0`.\n"))
    }

    @Test("hidden groups are left out of the notes but their breaking changes are not")
    func hiddenGroups() throws {
        var configuration = Configuration()
        configuration.groups = configuration.groups.map { group in
            var group = group
            if group.types.contains("chore") { group.hidden = true }
            return group
        }
        var history = HistoryBuilder()
        history.commit("chore: invisible")
        history.commit("chore!: drop node 16")
        history.commit("fix: visible")
        let rendered = MarkdownRenderer().section(try notes(history, configuration: configuration)[0])
        #expect(!rendered.contains("invisible"))
        #expect(!rendered.contains("### Chores"))
        #expect(rendered.contains("### Breaking Changes\n\n- drop node 16"))
    }

    @Test("--group-by scope gives scope sections with type groups inside, unscoped last")
    func byScope() throws {
        let rendered = MarkdownRenderer().section(try notes(sampleHistory(), grouping: .scope)[0])
        let headings = rendered.split(separator: "\n").filter { $0.hasPrefix("#") }
        #expect(headings == [
            "## Unreleased", "### Breaking Changes",
            "### cli", "#### Features", "### deps", "#### Chores", "### parser", "#### Bug Fixes",
            "### General", "#### Performance", "#### Documentation", "#### Other",
        ])
        #expect(rendered.contains("#### Features\n\n- add --json (0000000)\n"))
    }
}

@Suite("the JSON document (schema 1)")
struct ChangelogDocumentTests {
    @Test("every documented field is present, absent values are null, keys are stable")
    func fields() throws {
        var history = HistoryBuilder()
        history.commit("feat: first")
        history.tag("v1.0.0")
        history.commit("fix(io): close files (#9)\n\nBody text.\n\nRefs: #8")
        let all = try notes(history, links: acme)
        let document = ChangelogDocument(repositoryURL: acme.webURL, releases: all)
        let text = document.jsonText()
        #expect(text == document.json.text, "the streaming writer and the value writer print the same text")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["schema"] as? Int == 1)
        #expect((object["repository"] as? [String: Any])?["url"] as? String == "https://github.com/acme/widgets")
        let releases = try #require(object["releases"] as? [[String: Any]])
        #expect(releases.count == 2)
        #expect(releases[0]["tag"] is NSNull)
        #expect(releases[0]["version"] is NSNull)
        #expect(releases[0]["date"] is NSNull)
        #expect(releases[0]["previous_tag"] as? String == "v1.0.0")
        #expect(releases[1]["tag"] as? String == "v1.0.0")
        #expect(releases[1]["previous_tag"] is NSNull)
        let commit = try #require((releases[0]["commits"] as? [[String: Any]])?.first)
        for key in ["id", "type", "scope", "description", "body", "breaking", "breaking_note", "footers", "author", "date", "conventional"] {
            #expect(commit[key] != nil, "missing \(key)")
        }
        #expect(commit["id"] as? String == "0000000000000000000000000000000000000002")
        #expect(commit["description"] as? String == "close files (#9)")
        #expect(commit["summary"] as? String == "close files")
        #expect(commit["pull_request"] as? Int == 9)
        #expect(commit["breaking_note"] is NSNull)
        #expect(commit["date"] as? String == "2024-01-01T02:00:00+00:00")
        #expect((commit["footers"] as? [[String: Any]])?.first?["token"] as? String == "Refs")
        #expect(text.contains("\"aliases\" : []"), "empty arrays print as []")
    }
}

@Suite("commit notes")
struct CommitNoteTests {
    @Test("a commit note is a value: changing a copy leaves the original, and equal fields make equal notes")
    func valueSemantics() throws {
        var history = HistoryBuilder()
        history.commit("feat(io): read files (#3)")
        let original = try #require(try notes(history, links: acme).first?.commits.first)
        var copy = original
        #expect(copy == original && copy.hashValue == original.hashValue)
        copy.summary = "changed"
        copy.references.append(CommitNote.Reference(kind: .refs, number: 4, repository: nil, url: nil))
        #expect(original.summary == "read files" && original.references.count == 1)
        #expect(copy.summary == "changed" && copy.references.count == 2 && copy.scope == "io")
        #expect(copy != original)
        copy.summary = original.summary
        copy.references.removeLast()
        // Built apart from the original, with the same fields.
        #expect(copy == original && Set([copy, original]).count == 1)
    }
}

@Suite("updating an existing changelog in place")
struct ChangelogFileMergerTests {
    let section = "## [Unreleased]\n\n### Features\n\n- new\n"
    let merger = ChangelogFileMerger()

    @Test("only the Unreleased section is replaced; every other byte is kept")
    func replaces() {
        let before = "# My changes\r\n\nIntro *by hand*.\n\n"
        let after = "## 1.0.0 - 2020-01-01\n\nHand-edited.\n\n## 0.9.0\n\n- old\n"
        let existing = before + "## Unreleased\n\n- stale\n\n" + after
        #expect(merger.merging(section: section, into: existing, header: "# Changelog") == before + section + "\n" + after)
    }

    @Test("an Unreleased section at the end of the file is replaced up to the end")
    func atEnd() {
        let existing = "# Changelog\n\n## [Unreleased](https://x/compare/a...HEAD)\n\n- stale\n"
        #expect(merger.merging(section: section, into: existing, header: "# Changelog") == "# Changelog\n\n" + section)
    }

    @Test("without an Unreleased section the new one goes above the first release")
    func inserts() {
        let existing = "# Changelog\n\nSome words.\n\n## 1.0.0\n\n- one\n"
        #expect(merger.merging(section: section, into: existing, header: "# Changelog") == "# Changelog\n\nSome words.\n\n" + section + "\n## 1.0.0\n\n- one\n")
    }

    @Test("a file with no release headings gets the section at its end; an empty file gets the header")
    func appendsAndCreates() {
        #expect(merger.merging(section: section, into: "# Notes\nwords", header: "# Changelog") == "# Notes\nwords\n\n" + section)
        #expect(merger.merging(section: section, into: "", header: "# Changelog") == "# Changelog\n\n" + section)
    }

    @Test("a heading inside a fenced code block is not a section")
    func codeFence() {
        let existing = "# Changelog\n\n```markdown\n## Unreleased\n```\n\n## [Unreleased]\n\n- stale\n\n## 1.0.0\n"
        #expect(merger.merging(section: section, into: existing, header: "") == "# Changelog\n\n```markdown\n## Unreleased\n```\n\n" + section + "\n## 1.0.0\n")
    }
}

@Suite("Mustache templates")
struct TemplateRendererTests {
    @Test("a template sees the JSON fields, nulls are absent, and text is not HTML-escaped")
    func renders() throws {
        var history = HistoryBuilder()
        history.commit("feat: a <b> & \"c\"")
        history.tag("v1.0.0")
        let document = ChangelogDocument(repositoryURL: nil, releases: try notes(history))
        let template = "{{#releases}}{{title}}{{#tag}} ({{tag}}){{/tag}}:{{#commits}} {{summary}}{{/commits}}\n{{/releases}}"
        let text = try TemplateRenderer(template: template, file: "t.mustache").render(document)
        #expect(text == "Unreleased:\n1.0.0 (v1.0.0): a <b> & \"c\"\n")
    }

    @Test("a syntax error names the file, line and column", arguments: [
        ("{{#releases}}\n{{title}\n", 2),
        ("line one\n{{#releases}}\n{{/commits}}\n", 3),
        ("{{#releases}}", 1),
    ])
    func syntaxErrors(template: String, line: Int) {
        let error = #expect(throws: TemplateError.self) { try TemplateRenderer(template: template, file: "bad.mustache") }
        #expect(error?.file == "bad.mustache")
        #expect(error?.line == line)
        #expect(error?.message.hasPrefix("bad.mustache:\(line):") == true)
        #expect(error?.category == .usage)
    }
}

@Suite("release bodies")
struct ReleaseBodyTests {
    @Test("past the limit, whole entries go from the end of the lowest groups, and a line says so")
    func limit() throws {
        var history = HistoryBuilder()
        history.commit("feat!: the big one\n\nBREAKING CHANGE: everything moved")
        for index in 1...40 { history.commit("feat: feature number \(index) with a fairly long description") }
        for index in 1...40 { history.commit("docs: page number \(index) with a fairly long description") }
        let release = try #require(try notes(history, links: acme).first)
        let full = ReleaseBodyRenderer().body(release, contributors: [])
        #expect(full.count < ReleaseBodyRenderer.githubLimit)
        let renderer = ReleaseBodyRenderer(limit: 3_000, fullChangelogURL: "https://github.com/acme/widgets/blob/main/CHANGELOG.md")
        let cut = renderer.body(release, contributors: [])
        #expect(cut.count <= 3_000)
        #expect(cut.contains("- the big one"))
        #expect(cut.contains("feature number 40 "))
        #expect(!cut.contains("page number 1 "), "documentation, the lowest group, goes first")
        let dropped = full.split(separator: "\n").filter { $0.hasPrefix("- ") }.count - cut.split(separator: "\n").filter { $0.hasPrefix("- ") }.count
        #expect(cut.contains("…and \(dropped) more changes left out to stay within GitHub's size limit: see the [full changelog](https://github.com/acme/widgets/blob/main/CHANGELOG.md)."))
    }

    @Test("contributors are listed by name, first-timers marked; co-authors count")
    func contributors() throws {
        let ada = Signature(name: "Ada", email: "ada@example.com", time: Timestamp(seconds: 0))
        let commit = ConventionalCommitParser().parse(RawCommit(
            id: try #require(CommitID(hex: String(repeating: "1", count: 40))), parents: [], author: ada, committer: ada,
            message: "fix: x\n\nCo-authored-by: Grace <grace@example.com>\nCo-authored-by: ADA <ADA@example.com>\n"
        ))
        let earlier = ConventionalCommitParser().parse(RawCommit(
            id: try #require(CommitID(hex: String(repeating: "2", count: 40))), parents: [], author: ada, committer: ada, message: "feat: y"
        ))
        let people = ContributorFinder.contributors(of: [commit], earlier: [earlier])
        #expect(people == [
            Contributor(name: "Ada", email: "ada@example.com", firstTime: false),
            Contributor(name: "Grace", email: "grace@example.com", firstTime: true),
        ])
    }
}

@Suite("the streaming JSON writer")
struct JSONWriterTests {
    /// The keys the writer is given (static text, as the schema's are), of every length its
    /// copying treats apart: under 4, 4 to 7, 8 to 16, longer.
    static let keys: [StaticString] = ["a", "bc", "key", "kind", "number", "sixteen_chars_ok", "a_key_longer_than_sixteen", "zz"]

    /// A random value, and the same value written through `JSONWriter` calls; containers nest
    /// `depth` levels, all but the innermost six certainly (past the 64 levels the writer keeps
    /// in a word when `depth` is 70).
    static func random(depth: Int, using generator: inout some RandomNumberGenerator) -> (JSONValue, (inout JSONWriter) -> Void) {
        let strings = ["", "plain", "quote \" and \\ back", "line\nbreak", "tab\there", "\u{7F}\u{85}é\u{1F600}", String(repeating: "x", count: 70)]
        switch depth > 6 ? Int.random(in: 4...7, using: &generator) : depth > 0 ? Int.random(in: 0...7, using: &generator) : Int.random(in: 0...3, using: &generator) {
        case 0: return (.null, { $0.string(nil) })
        case 1:
            let value = Bool.random(using: &generator)
            return (.bool(value), { $0.bool(value) })
        case 2:
            let value = Int.random(in: -1_000_000...1_000_000, using: &generator)
            return (.integer(value), { $0.integer(value) })
        case 3:
            if Bool.random(using: &generator) {
                // A time, written as its digits with no string in between.
                let time = Timestamp(seconds: Int64.random(in: -100_000_000_000...100_000_000_000, using: &generator), offsetMinutes: Int.random(in: -900...900, using: &generator))
                return (.string(time.iso8601), { $0.string(time) })
            }
            let value = strings.randomElement(using: &generator)!
            return (.string(value), { $0.string(value) })
        case 4, 5:
            let count = depth > 6 ? 1 : Int.random(in: 0...3, using: &generator)
            let elements = (0..<count).map { _ in random(depth: depth - 1, using: &generator) }
            return (.array(elements.map(\.0)), { writer in
                writer.beginArray()
                for element in elements { element.1(&writer) }
                writer.endArray()
            })
        default:
            let chosen = depth > 6 ? [Int.random(in: keys.indices, using: &generator)] : keys.indices.filter { _ in Bool.random(using: &generator) }
            let fields = chosen.map { (keys[$0], random(depth: depth - 1, using: &generator)) }
                .sorted { $0.0.description.utf8.lexicographicallyPrecedes($1.0.description.utf8) }
            let object = Dictionary(uniqueKeysWithValues: fields.map { ($0.0.description, $0.1.0) })
            return (.object(object), { writer in
                writer.beginObject()
                for (key, value) in fields {
                    writer.key(key)
                    value.1(&writer)
                }
                writer.endObject()
            })
        }
    }

    @Test("random documents, nested past 64 levels and larger than a buffer, print as the value writer prints them")
    func randomDocuments() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<60 {
            let (value, write) = Self.random(depth: round % 3 == 0 ? 70 : 6, using: &generator)
            // Many copies: the text passes 64 KiB, so the writer hands out buffers on the way.
            let copies = round % 10 == 0 ? 400 : 1
            var bytes: [UInt8] = []
            var writer = JSONWriter { bytes += $0 }
            writer.beginArray()
            for _ in 0..<copies { write(&writer) }
            writer.endArray()
            writer.finish()
            let expected = JSONValue.array(Array(repeating: value, count: copies)).text
            #expect(String(decoding: bytes, as: UTF8.self) == expected)
        }
    }
}
