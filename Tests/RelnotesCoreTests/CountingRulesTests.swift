import RelnotesCore
import Testing

@Suite("what counts: skip notes, changelog-only commits, folded prereleases, squash items, mailmap")
struct CountingRulesTests {
    private func releases(_ history: InMemoryHistory, _ configuration: Configuration = Configuration()) throws -> [Release] {
        try ReleasePartitioner(configuration: configuration).releases(in: history, scope: .all)
    }

    @Test("a commit whose message starts with relnotes: skip is never an entry and never bumps")
    func skipped() throws {
        var history = HistoryBuilder()
        history.commit("feat: base")
        history.tag("v1.0.0")
        history.commit("relnotes: skip\n\nfeat!: what the commit said")
        history.commit("fix: kept")
        let unreleased = try releases(history.history)[0]
        #expect(unreleased.commits.map(\.header) == ["fix: kept"])
        let plan = try VersionPlanner(configuration: Configuration()).plan(in: history.history)
        #expect(plan.nextTagName == "v1.0.1")
        #expect(plan.leftOut.skipped == 1)
    }

    @Test("a commit that changes only the changelog file is no entry and no bump; with another file it counts", arguments: [
        (["CHANGELOG.md"], "v1.0.0", 0),
        (["CHANGELOG.md", "src/main.swift"], "v1.1.0", 1),
        (["docs/CHANGELOG.md"], "v1.1.0", 1),
    ])
    func changelogOnly(paths: [String], next: String, entries: Int) throws {
        var builder = HistoryBuilder()
        builder.commit("feat: base")
        builder.tag("v1.0.0")
        let commit = builder.commit("feat: regenerate CHANGELOG.md")
        let history = InMemoryHistory(commits: builder.commits, tags: builder.tags, head: builder.head, changedPaths: [commit: paths])
        #expect(try releases(history)[0].commits.count == entries)
        #expect(try VersionPlanner(configuration: Configuration()).plan(in: history).nextTagName == next)
    }

    @Test("changelog_file and the --output files are the changelog paths, once each, without ./")
    func changelogPaths() throws {
        var configuration = Configuration()
        configuration.changelogFile = "./docs/CHANGELOG.md"
        configuration.outputChangelogFiles = ["docs/CHANGELOG.md", "HISTORY.md"]
        #expect(configuration.changelogPaths == ["docs/CHANGELOG.md", "HISTORY.md"])
        var nested = HistoryBuilder()
        nested.commit("feat: base")
        nested.tag("v1.0.0")
        let commit = nested.commit("docs: regenerate")
        let history = InMemoryHistory(commits: nested.commits, tags: nested.tags, head: nested.head, changedPaths: [commit: ["HISTORY.md"]])
        #expect(try ReleasePartitioner(configuration: configuration).releases(in: history, scope: .unreleased)[0].commits.isEmpty)
    }

    private var prereleaseChain: HistoryBuilder {
        var history = HistoryBuilder()
        history.commit("feat: base")
        history.tag("v1.0.0")
        history.commit("feat: search")
        history.tag("v1.1.0-rc.1")
        history.commit("fix: search crash")
        history.tag("v1.1.0-rc.2")
        history.commit("docs: guide")
        history.tag("v1.1.0")
        history.commit("feat: filters")
        history.tag("v1.2.0-beta.1")
        return history
    }

    @Test("fold_prereleases: a prerelease whose stable release is reachable gets no section and is its alias")
    func folded() throws {
        var configuration = Configuration()
        configuration.foldPrereleases = true
        let sections = try releases(prereleaseChain.history, configuration)
        #expect(sections.map { $0.tag?.name ?? "unreleased" } == ["unreleased", "v1.2.0-beta.1", "v1.1.0", "v1.0.0"])
        let stable = try #require(sections.first { $0.tag?.name == "v1.1.0" })
        #expect(stable.aliases.map(\.name) == ["v1.1.0-rc.2", "v1.1.0-rc.1"])
        #expect(stable.commits.map(\.header) == ["docs: guide", "fix: search crash", "feat: search"])
        // Without the key, each candidate has its section.
        #expect(try releases(prereleaseChain.history).count == 6)
    }

    @Test("fold_prereleases folds nothing with prereleases = separate, where a final release does not hold its candidates' commits")
    func notFoldedWhenSeparate() throws {
        var configuration = Configuration()
        configuration.foldPrereleases = true
        configuration.prereleases = .separate
        #expect(try releases(prereleaseChain.history, configuration).count == 6)
    }

    @Test("fold_prereleases folds candidates into the release planned with --tag")
    func foldedIntoPlanned() throws {
        var history = prereleaseChain
        history.commit("fix: filter order")
        var configuration = Configuration()
        configuration.foldPrereleases = true
        let planned = ReleasePartitioner.PlannedRelease(version: SemanticVersion("1.2.0")!, tagName: "v1.2.0", date: Timestamp(seconds: 0))
        let sections = try ReleasePartitioner(configuration: configuration).releases(in: history.history, scope: .all, planned: planned)
        #expect(sections.map { $0.tagName ?? "-" } == ["v1.2.0", "v1.1.0", "v1.0.0"])
        #expect(sections[0].aliases.map(\.name) == ["v1.2.0-beta.1"])
        #expect(sections[0].commits.map(\.header) == ["fix: filter order", "feat: filters"])
    }

    @Test("split_squash: each item of a squash merge is an entry with the commit's id and counts for the version")
    func splitSquash() throws {
        var history = HistoryBuilder()
        history.commit("feat: base")
        history.tag("v1.0.0")
        history.commit("Big update (#9)\n\n* fix(cli): exit status\n* feat(api)!: new listing")
        var configuration = Configuration()
        configuration.splitSquash = true
        let entries = try releases(history.history, configuration)[0].commits
        #expect(entries.map(\.header) == ["fix(cli): exit status", "feat(api)!: new listing"])
        #expect(Set(entries.map(\.id)).count == 1)
        #expect(try VersionPlanner(configuration: configuration).plan(in: history.history).nextTagName == "v2.0.0")
        #expect(try VersionPlanner(configuration: Configuration()).plan(in: history.history).nextTagName == "v1.0.0")
    }

    @Test("contributors are canonical under the mailmap: authors and co-authors listed once, first-timers compared canonically")
    func mailmap() throws {
        var builder = HistoryBuilder()
        builder.commit("feat: base")
        builder.tag("v1.0.0")
        builder.commit("fix: pairing\n\nCo-authored-by: Old Name <AUTHOR@old.example.com>\nCo-authored-by: New Person <new@example.com>")
        builder.tag("v1.1.0")
        let history = InMemoryHistory(commits: builder.commits, tags: builder.tags, head: builder.head,
                                      mailmap: ["author@old.example.com": (name: "Fixture Author", email: "author@example.com")])
        let selected = try ReleaseSelector(configuration: Configuration()).select(.tag("v1.1.0"), in: history)
        #expect(selected.contributors == [
            Contributor(name: "Fixture Author", email: "author@example.com", firstTime: false),
            Contributor(name: "New Person", email: "new@example.com", firstTime: true),
        ])
    }
}
