import RelnotesCore
import RelnotesFixtures
import Testing

@Suite("releases and ranges")
struct ReleasePartitionerTests {
    private func releases(_ history: HistoryBuilder, _ configuration: Configuration = Configuration(), planned: ReleasePartitioner.PlannedRelease? = nil) throws -> [Release] {
        try ReleasePartitioner(configuration: configuration).releases(in: history.history, scope: .all, planned: planned)
    }

    private func headers(_ release: Release) -> [String] { release.commits.map(\.header) }

    @Test("each release holds the commits reachable from its tag and not from the previous one, newest first")
    func linear() throws {
        var history = HistoryBuilder()
        history.commit("feat: a")
        history.tag("v1.0.0")
        history.commit("fix: b")
        history.commit("feat: c")
        history.tag("v1.1.0")
        history.commit("docs: d")
        let result = try releases(history)
        #expect(result.map { $0.tag?.name } == [nil, "v1.1.0", "v1.0.0"])
        #expect(headers(result[0]) == ["docs: d"])
        #expect(headers(result[1]) == ["feat: c", "fix: b"])
        #expect(headers(result[2]) == ["feat: a"])
        #expect(result[1].previous?.name == "v1.0.0")
        #expect(result[2].previous == nil)
        #expect(result[0].previous?.name == "v1.1.0")
    }

    @Test("a branch merged after a tag lands in the next release, even though its commits are older than the tag")
    func lateMerge() throws {
        var history = HistoryBuilder()
        let root = history.commit("feat: root")
        let side = history.commit("feat: old work on a branch", parents: [root])
        let main = history.commit("fix: on main", parents: [root])
        history.tag("v1.0.0", at: main)
        history.commit("Merge branch 'side'", parents: [main, side])
        history.tag("v1.1.0")
        let result = try releases(history)
        #expect(headers(result[1]) == ["feat: old work on a branch"])
        #expect(Set(headers(result[2])) == ["fix: on main", "feat: root"])
    }

    @Test("a stable release looks back to the previous stable release and lists what its candidates listed")
    func cumulativePrereleases() throws {
        var history = HistoryBuilder()
        history.commit("feat: a")
        history.tag("v1.0.0")
        history.commit("feat: b")
        history.tag("v1.1.0-rc.1")
        history.commit("fix: c")
        history.tag("v1.1.0-rc.2")
        history.commit("fix: d")
        history.tag("v1.1.0")
        let result = try releases(history)
        #expect(result.map { $0.tag?.name } == [nil, "v1.1.0", "v1.1.0-rc.2", "v1.1.0-rc.1", "v1.0.0"])
        #expect(headers(result[1]) == ["fix: d", "fix: c", "feat: b"])
        #expect(result[1].previous?.name == "v1.0.0")
        #expect(headers(result[2]) == ["fix: c"])
        #expect(result[2].previous?.name == "v1.1.0-rc.1")
    }

    @Test("every release starts at the highest release of lower precedence its tag contains, on random version orders", arguments: [false, true])
    func previousOnRandomOrders(separate: Bool) throws {
        var random = SplitMix64(seed: separate ? 0x5E9 : 0xC0)
        var configuration = Configuration()
        if separate { configuration.prereleases = .separate }
        for _ in 0..<20 {
            // A line of commits, each tagged with a version drawn in no order: prereleases,
            // build metadata (same precedence, another tag) and repeats of a precedence included.
            var history = HistoryBuilder()
            var tags: [(name: String, version: SemanticVersion, position: Int)] = []
            for position in 0..<40 {
                history.commit("feat: \(position)")
                var text = "\(Int.random(in: 1...2, using: &random)).\(Int.random(in: 0...2, using: &random)).\(Int.random(in: 0...1, using: &random))"
                if Int.random(in: 0..<3, using: &random) == 0 { text += "-rc.\(Int.random(in: 1...2, using: &random))" }
                if Int.random(in: 0..<4, using: &random) == 0 { text += "+b\(position)" }
                guard !tags.contains(where: { $0.name == "v" + text }), let version = SemanticVersion(text) else { continue }
                history.tag("v" + text)
                tags.append(("v" + text, version, position))
            }
            let result = try releases(history, configuration)
            for tag in tags {
                let release = try #require(result.first { $0.tag?.name == tag.name })
                let stableOnly = !separate && !tag.version.isPrerelease
                let expected = tags
                    .filter { $0.position < tag.position && $0.version < tag.version && !$0.version.hasSamePrecedence(as: tag.version) }
                    .filter { !stableOnly || !$0.version.isPrerelease }
                    .max { $0.version != $1.version ? $0.version < $1.version : $0.name < $1.name }
                #expect(release.previous?.name == expected?.name, "\(tag.name)")
            }
        }
    }

    @Test("prereleases = separate starts every range at the previous tag of any kind")
    func separatePrereleases() throws {
        var history = HistoryBuilder()
        history.commit("feat: a")
        history.tag("v1.0.0")
        history.commit("feat: b")
        history.tag("v1.1.0-rc.1")
        history.commit("fix: d")
        history.tag("v1.1.0")
        var configuration = Configuration()
        configuration.prereleases = .separate
        let result = try releases(history, configuration)
        #expect(headers(result[1]) == ["fix: d"])
        #expect(result[1].previous?.name == "v1.1.0-rc.1")
    }

    @Test("several tags on one commit: the highest owns the range, the others are aliases")
    func aliases() throws {
        var history = HistoryBuilder()
        history.commit("feat: a")
        history.tag("v0.9.0")
        history.commit("feat: b")
        history.tag("v1.0.0-rc.2")
        history.tag("v1.0.0")
        history.tag("1.0.0")
        let result = try releases(history)
        #expect(result.map { $0.tag?.name } == [nil, "v1.0.0", "v0.9.0"])
        #expect(result[1].aliases.map(\.name) == ["1.0.0", "v1.0.0-rc.2"])
        #expect(headers(result[1]) == ["feat: b"])
    }

    @Test("a back-ported patch release on a release branch does not steal main's commits")
    func backport() throws {
        var history = HistoryBuilder()
        let v1 = history.commit("feat: a")
        history.tag("v1.0.0")
        let branchFix = history.commit("fix: backported", parents: [v1])
        history.tag("v1.0.1")
        let main = history.commit("feat: on main", parents: [v1])
        history.commit("Merge branch 'release-1.0'", parents: [main, branchFix])
        history.tag("v1.1.0")
        let result = try releases(history)
        #expect(result.map { $0.tag?.name } == [nil, "v1.1.0", "v1.0.1", "v1.0.0"])
        #expect(headers(result[1]) == ["feat: on main"])
        #expect(result[1].previous?.name == "v1.0.1")
        #expect(headers(result[2]) == ["fix: backported"])
    }

    @Test("tags on branches HEAD does not contain are not releases")
    func unmergedTag() throws {
        var history = HistoryBuilder()
        let main = history.commit("feat: a")
        history.tag("v1.0.0")
        history.commit("feat: experiment", parents: [main])
        history.tag("v2.0.0-alpha.1")
        history.checkout(main)
        history.commit("fix: b")
        let result = try releases(history)
        #expect(result.map { $0.tag?.name } == [nil, "v1.0.0"])
        #expect(headers(result[0]) == ["fix: b"])
    }

    @Test("the unreleased commits titled with a planned tag count from the previous stable release")
    func planned() throws {
        var history = HistoryBuilder()
        history.commit("feat: a")
        history.tag("v1.0.0")
        history.commit("feat: b")
        history.tag("v1.1.0-rc.1")
        history.commit("fix: c")
        let planned = ReleasePartitioner.PlannedRelease(version: SemanticVersion("1.1.0")!, tagName: "v1.1.0", date: Timestamp(seconds: 0))
        let result = try releases(history, planned: planned)
        #expect(result[0].plannedTagName == "v1.1.0")
        #expect(result[0].previous?.name == "v1.0.0")
        #expect(headers(result[0]) == ["fix: c", "feat: b"])
        #expect(result[0].date == Timestamp(seconds: 0))
    }

    @Test("a planned tag that already exists is refused")
    func plannedClash() throws {
        var history = HistoryBuilder()
        history.commit("feat: a")
        history.tag("v1.0.0")
        history.commit("fix: b")
        let planned = ReleasePartitioner.PlannedRelease(version: SemanticVersion("1.0.0")!, tagName: "v1.0.0", date: Timestamp(seconds: 0))
        #expect(throws: HistoryError.self) { try releases(history, planned: planned) }
    }

    @Test("merge commits and reverted pairs are left out of a release; a release is dated by its tagged commit")
    func leftOut() throws {
        var history = HistoryBuilder()
        let root = history.commit("feat: a")
        let side = history.commit("fix: side", parents: [root])
        let feature = history.commit("feat: risky", parents: [root])
        history.commit("revert: feat: risky\n\nThis reverts commit \(feature).")
        let merge = history.commit("Merge branch 'side'", parents: [history.head!, side])
        history.tag("v1.0.0")
        let result = try releases(history)
        #expect(Set(headers(result[1])) == ["fix: side", "feat: a"])
        #expect(result[1].date == history.commits.first { $0.id == merge }?.committer.time)
        #expect(result[0].commits.isEmpty)
    }
}
