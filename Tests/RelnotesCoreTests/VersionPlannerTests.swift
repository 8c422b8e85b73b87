import Testing
import RelnotesCore

@Suite("next version")
struct VersionPlannerTests {
    private func plan(_ builder: HistoryBuilder, _ configuration: Configuration = Configuration(), _ request: VersionRequest = VersionRequest()) throws -> VersionPlan {
        try VersionPlanner(configuration: configuration).plan(in: builder.history, request: request)
    }

    private func released(_ tag: String = "v1.2.0") -> HistoryBuilder {
        var history = HistoryBuilder()
        history.commit("feat: first")
        history.tag(tag)
        return history
    }

    @Test("with no release tag at all the next version is the initial version 0.1.0, prefixed v")
    func initialVersion() throws {
        var history = HistoryBuilder()
        history.commit("chore: start")
        let plan = try plan(history)
        #expect(plan.nextTagName == "v0.1.0")
        #expect(plan.reason == .initialVersion)
        #expect(plan.current == nil && plan.base == nil)
        #expect(plan.isReleaseWorthy)
    }

    @Test("initial_version is used when no tag exists")
    func configuredInitialVersion() throws {
        var history = HistoryBuilder()
        history.commit("feat: start")
        var configuration = Configuration()
        configuration.initialVersion = SemanticVersion(major: 1, minor: 0, patch: 0)
        #expect(try plan(history, configuration).nextTagName == "v1.0.0")
    }

    @Test("each commit kind bumps its level", arguments: [
        ("feat: add", "v1.3.0"),
        ("fix: repair", "v1.2.1"),
        ("perf: faster", "v1.2.1"),
        ("feat!: redo", "v2.0.0"),
        ("refactor(core)!: rename", "v2.0.0"),
        ("fix: x\n\nBREAKING CHANGE: the flag is gone", "v2.0.0"),
        ("fix: x\n\nBREAKING-CHANGE: the flag is gone", "v2.0.0"),
    ])
    func bumpLevels(message: String, expected: String) throws {
        var history = released()
        history.commit("docs: words")
        history.commit(message)
        history.commit("chore: tidy")
        let plan = try plan(history)
        #expect(plan.nextTagName == expected)
        #expect(plan.reason == .commits)
        #expect(plan.decidingCommits.map(\.commit.header) == [String(message.prefix { $0 != "\n" })])
    }

    @Test("the highest bump among the commits wins")
    func highestBumpWins() throws {
        var history = released()
        history.commit("fix: a")
        history.commit("feat: b")
        history.commit("fix: c")
        let plan = try plan(history)
        #expect(plan.nextTagName == "v1.3.0")
        #expect(plan.bump == .minor)
        #expect(plan.commits.count == 3)
    }

    @Test("nothing release-worthy prints the current version unchanged, says why, and is not release-worthy")
    func nothingReleaseWorthy() throws {
        var history = released()
        history.commit("docs: words")
        history.commit("Update README")
        let plan = try plan(history)
        #expect(plan.nextTagName == "v1.2.0")
        #expect(plan.reason == .nothingToRelease)
        #expect(!plan.isReleaseWorthy)
        #expect(plan.warnings.count == 1)
        #expect(plan.warnings[0].contains("nothing release-worthy since v1.2.0"))
    }

    @Test("a breaking change on 0.x bumps major by default")
    func zeroMajorDefault() throws {
        var history = released("v0.3.0")
        history.commit("feat!: redo")
        #expect(try plan(history).nextTagName == "v1.0.0")
    }

    @Test("on 0.x, pre_major_breaking decides breaking changes and pre_major_features decides feats, independently", arguments: [
        // (message, pre_major_breaking, pre_major_features, expected)
        ("feat!: redo", BumpLevel.major, BumpLevel.minor, "v1.0.0"),
        ("feat!: redo", .minor, .minor, "v0.4.0"),
        ("feat!: redo", .minor, .patch, "v0.4.0"),
        ("feat!: redo", .major, .patch, "v1.0.0"),
        ("feat: add", .minor, .minor, "v0.4.0"),
        ("feat: add", .major, .patch, "v0.3.1"),
        ("feat: add", .minor, .patch, "v0.3.1"),
        ("fix: repair", .minor, .patch, "v0.3.1"),
    ])
    func zeroMajorKeys(message: String, breaking: BumpLevel, features: BumpLevel, expected: String) throws {
        var history = released("v0.3.0")
        history.commit(message)
        var configuration = Configuration()
        configuration.preMajorBreaking = breaking
        configuration.preMajorFeatures = features
        #expect(try plan(history, configuration).nextTagName == expected)
    }

    @Test("the plan names the 0.x key that decided the bump, with its value")
    func zeroMajorRuleNamed() throws {
        var history = released("v0.3.0")
        history.commit("feat!: redo")
        history.commit("feat: add")
        var configuration = Configuration()
        configuration.preMajorBreaking = .minor
        let plan = try plan(history, configuration)
        #expect(plan.nextTagName == "v0.4.0")
        #expect(Set(plan.decidingPreMajorRules.map(\.explanation)) == [
            "breaking change on 0.x: minor (pre_major_breaking = \"minor\")",
            "feature on 0.x: minor (pre_major_features = \"minor\")",
        ])
        configuration.preMajorFeatures = .patch
        var feats = released("v0.3.0")
        feats.commit("feat: add")
        #expect(try self.plan(feats, configuration).decidingPreMajorRules.map(\.explanation) == ["feature on 0.x: patch (pre_major_features = \"patch\")"])
        var stable = released("v1.3.0")
        stable.commit("feat: add")
        #expect(try self.plan(stable, configuration).decidingPreMajorRules.isEmpty)
    }

    @Test("pre_major_breaking = minor no longer applies from 1.0.0 on")
    func preMajorOnlyOnZero() throws {
        var history = released("v1.0.0")
        history.commit("feat!: redo")
        var configuration = Configuration()
        configuration.preMajorBreaking = .minor
        #expect(try plan(history, configuration).nextTagName == "v2.0.0")
    }

    @Test("--pre rc numbers the first prerelease of a new core 1")
    func firstPrerelease() throws {
        var history = released()
        history.commit("feat: add")
        #expect(try plan(history, Configuration(), VersionRequest(prereleaseIdentifier: "rc")).nextTagName == "v1.3.0-rc.1")
    }

    @Test("--pre rc counts on from the highest reachable <core>-rc.N")
    func nextPrerelease() throws {
        var history = released()
        history.commit("feat: add")
        history.tag("v1.3.0-rc.1")
        history.commit("fix: a")
        history.tag("v1.3.0-rc.2")
        history.commit("fix: b")
        let plan = try plan(history, Configuration(), VersionRequest(prereleaseIdentifier: "rc"))
        #expect(plan.nextTagName == "v1.3.0-rc.3")
        #expect(plan.base?.name == "v1.2.0")
        #expect(plan.current?.name == "v1.3.0-rc.2")
    }

    @Test("prerelease numbers compare numerically: rc.10 follows rc.9")
    func prereleaseNumbersNumeric() throws {
        var history = released()
        history.commit("feat: add")
        history.tag("v1.3.0-rc.9")
        history.commit("fix: a")
        history.tag("v1.3.0-rc.10")
        history.commit("fix: b")
        #expect(try plan(history, Configuration(), VersionRequest(prereleaseIdentifier: "rc")).nextTagName == "v1.3.0-rc.11")
    }

    @Test("the core is recomputed from the stable base: a breaking change after v1.3.0-rc.2 gives v2.0.0-rc.1")
    func breakingAfterPrerelease() throws {
        var history = released()
        history.commit("feat: add")
        history.tag("v1.3.0-rc.2")
        history.commit("feat!: redo")
        #expect(try plan(history, Configuration(), VersionRequest(prereleaseIdentifier: "rc")).nextTagName == "v2.0.0-rc.1")
    }

    @Test("a stable run after prereleases graduates: v1.2.0-rc.3 reachable, base v1.1.0, feats since gives v1.2.0")
    func graduation() throws {
        var history = released("v1.1.0")
        history.commit("feat: add")
        history.tag("v1.2.0-rc.3")
        let plan = try plan(history)
        #expect(plan.nextTagName == "v1.2.0")
        #expect(plan.base?.name == "v1.1.0")
    }

    @Test("the answer never falls below a prerelease already cut: only fixes after v1.2.0-rc.1 still give v1.2.0")
    func neverBelowPrerelease() throws {
        var history = released("v1.1.0")
        history.commit("fix: a")
        history.tag("v1.2.0-rc.1")
        history.commit("fix: b")
        let plan = try plan(history)
        #expect(plan.nextTagName == "v1.2.0")
        #expect(plan.reason == .graduation(plan.current!))
    }

    @Test("--pre with nothing committed since the newest matching prerelease keeps it unchanged")
    func nothingSincePrerelease() throws {
        var history = released()
        history.commit("feat: add")
        history.tag("v1.3.0-rc.1")
        let plan = try plan(history, Configuration(), VersionRequest(prereleaseIdentifier: "rc"))
        #expect(plan.nextTagName == "v1.3.0-rc.1")
        #expect(!plan.isReleaseWorthy)
    }

    @Test("the newest Release-As footer since the base wins over the commits")
    func releaseAsFooter() throws {
        var history = released()
        history.commit("chore: prepare\n\nRelease-As: 3.0.0")
        let newest = history.commit("chore: prepare again\n\nRelease-As: 4.0.0")
        history.commit("feat: add")
        let plan = try plan(history)
        #expect(plan.nextTagName == "v4.0.0")
        #expect(plan.reason == .releaseAsFooter(newest))
        #expect(plan.decidingCommits.map(\.commit.id) == [newest])
    }

    @Test("a Release-As footer before the base no longer counts")
    func releaseAsBeforeBase() throws {
        var history = HistoryBuilder()
        history.commit("chore: prepare\n\nRelease-As: 3.0.0")
        history.tag("v3.0.0")
        history.commit("fix: a")
        #expect(try plan(history).nextTagName == "v3.0.1")
    }

    @Test("--bump and --release-as win over the commits and the footers")
    func requestsWin() throws {
        var history = released()
        history.commit("feat!: big\n\nRelease-As: 9.0.0")
        #expect(try plan(history, Configuration(), VersionRequest(bump: .patch)).nextTagName == "v1.2.1")
        #expect(try plan(history, Configuration(), VersionRequest(releaseAs: SemanticVersion("5.1.0")!)).nextTagName == "v5.1.0")
        #expect(try plan(history, Configuration(), VersionRequest(prereleaseIdentifier: "beta", releaseAs: SemanticVersion("5.1.0")!)).nextTagName == "v5.1.0-beta.1")
    }

    @Test("--bump with nothing release-worthy still bumps")
    func bumpWithoutCommits() throws {
        var history = released()
        history.commit("docs: words")
        let plan = try plan(history, Configuration(), VersionRequest(bump: .minor))
        #expect(plan.nextTagName == "v1.3.0")
        #expect(plan.isReleaseWorthy)
    }

    @Test("--bump and --release-as together are a usage error")
    func conflictingRequests() throws {
        let history = released()
        #expect(throws: UsageError.self) {
            try plan(history, Configuration(), VersionRequest(bump: .major, releaseAs: SemanticVersion("2.0.0")!))
        }
    }

    @Test("an invalid prerelease identifier is a usage error", arguments: ["", "r c", "12", "rc.1"])
    func invalidPrereleaseIdentifier(identifier: String) throws {
        let history = released()
        #expect(throws: UsageError.self) {
            try plan(history, Configuration(), VersionRequest(prereleaseIdentifier: identifier))
        }
    }

    @Test("tags on branches HEAD does not contain never count")
    func unmergedTags() throws {
        var history = released("v1.0.0")
        let main = history.commit("fix: on main")
        history.commit("feat!: on a branch", parents: [main])
        history.tag("v5.0.0")
        history.checkout(main)
        let plan = try plan(history)
        #expect(plan.current?.name == "v1.0.0")
        #expect(plan.nextTagName == "v1.0.1")
    }

    @Test("a type configured with a bump level uses it")
    func configuredBump() throws {
        var history = released()
        history.commit("docs: words")
        var configuration = Configuration()
        configuration.groups[configuration.groups.firstIndex { $0.types == ["docs"] }!].bump = .patch
        #expect(try plan(history, configuration).nextTagName == "v1.2.1")
    }

    @Test("a reverted feat bumps nothing")
    func revertedFeature() throws {
        var history = released()
        let feature = history.commit("feat: risky")
        history.commit("Revert \"feat: risky\"\n\nThis reverts commit \(feature).\n")
        history.commit("fix: safe")
        let plan = try plan(history)
        #expect(plan.nextTagName == "v1.2.1")
        #expect(plan.leftOut.revertedPairs == 1)
        #expect(plan.commits.map(\.commit.header) == ["fix: safe"])
    }

    @Test("merge commits are left out by default and count with include_merges")
    func merges() throws {
        var history = released()
        let main = history.head!
        let side = history.commit("fix: on a branch", parents: [main])
        history.commit("feat: merged by a squash-less merge", parents: [main, side])
        let plan = try plan(history)
        #expect(plan.nextTagName == "v1.2.1")
        #expect(plan.leftOut.merges == 1)
        var configuration = Configuration()
        configuration.includeMerges = true
        #expect(try self.plan(history, configuration).nextTagName == "v1.3.0")
    }

    @Test("without tag_prefix a new tag copies the prefix of the current tag", arguments: [
        (["1.0.0"], "1.1.0"),
        (["v1.0.0"], "v1.1.0"),
        (["v1.0.0", "1.0.1"], "1.1.0"),
        (["1.0.0", "v1.0.1"], "v1.1.0"),
    ])
    func prefixInference(tags: [String], expected: String) throws {
        var history = HistoryBuilder()
        for tag in tags {
            history.commit("fix: before \(tag)")
            history.tag(tag)
        }
        history.commit("feat: add")
        #expect(try plan(history).nextTagName == expected)
    }

    @Test("a configured tag_prefix ignores tags of other forms")
    func configuredPrefix() throws {
        var history = HistoryBuilder()
        history.commit("feat: a")
        history.tag("v9.0.0")
        history.tag("release-1.0.0")
        history.commit("feat: b")
        var configuration = Configuration()
        configuration.tagPrefix = "release-"
        let plan = try plan(history, configuration)
        #expect(plan.current?.name == "release-1.0.0")
        #expect(plan.nextTagName == "release-1.1.0")
    }

    @Test("versions compare numerically: v1.10.0 is current over v1.9.0")
    func numericPrecedence() throws {
        var history = HistoryBuilder()
        history.commit("feat: a")
        history.tag("v1.10.0")
        history.commit("docs: b")
        history.tag("v1.9.0")
        history.commit("fix: c")
        let plan = try plan(history)
        #expect(plan.current?.name == "v1.10.0")
        #expect(plan.nextTagName == "v1.10.1")
    }

    @Test("several tags on one commit: the highest version is current")
    func severalTagsOneCommit() throws {
        var history = HistoryBuilder()
        history.commit("feat: a")
        history.tag("v1.0.0-rc.2")
        history.tag("v1.0.0")
        history.tag("nightly")
        history.commit("fix: b")
        let planner = VersionPlanner(configuration: Configuration())
        #expect(try planner.currentVersion(in: history.history)?.name == "v1.0.0")
        #expect(try plan(history).nextTagName == "v1.0.1")
    }

    @Test("a repository without commits is an error naming the problem")
    func emptyRepository() throws {
        let history = HistoryBuilder()
        let error = #expect(throws: HistoryError.self) { try plan(history) }
        #expect(error?.message.contains("no commits") == true)
        #expect(error?.category == .repository)
    }

    @Test("an existing tag for the computed version is reported")
    func clashingTag() throws {
        var history = released("v1.0.0")
        let main = history.commit("fix: on main")
        history.commit("fix: elsewhere", parents: [main])
        history.tag("v1.0.1")
        history.checkout(main)
        let plan = try plan(history)
        #expect(plan.nextTagName == "v1.0.1")
        #expect(plan.warnings.contains { $0.contains("v1.0.1") && $0.contains("does not contain") })
    }
}
