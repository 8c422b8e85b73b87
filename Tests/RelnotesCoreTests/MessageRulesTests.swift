import Testing
@testable import RelnotesCore

/// Commit message rules that peers' suites and real histories showed: reverts by git's own
/// line, breaking changes outside the footer block, references, release commits, scopes.
@Suite("message rules: reverts, misplaced breaking changes, references, release commits")
struct MessageRulesTests {
    private func commit(_ digit: Character, _ message: String) -> ConventionalCommit {
        let person = Signature(name: "Ana Lima", email: "ana@example.com", time: Timestamp(seconds: 0))
        let id = CommitID(hex: String(repeating: digit, count: 40))!
        return ConventionalCommitParser().parse(RawCommit(id: id, parents: [], author: person, committer: person, message: message))
    }

    private func line(_ digit: Character) -> String { "This reverts commit \(String(repeating: digit, count: 40))." }

    private func kept(_ commits: [ConventionalCommit]) -> [String] {
        RevertResolver.droppingRevertedPairs(commits).map { String($0.id.description.prefix(1)) }
    }

    // MARK: Reverts

    @Test("git's revert line makes any header a revert of the commit it names", arguments: [
        "chore(deps): revert execa bump",
        "fix: Revert \"fix(x): keep y\"",
        "Undo the last change",
    ])
    func revertLineUnderAnyHeader(header: String) {
        let revert = commit("b", "\(header)\n\n\(line("a"))")
        #expect(revert.revert == .commit(String(repeating: "a", count: 40)))
        #expect(kept([commit("c", "docs: z"), revert, commit("a", "feat(deps): bump execa")]) == ["c"])
    }

    @Test("a reverted fix no longer bumps: the pair leaves the version computation too")
    func revertedFixDoesNotBump() {
        let commits = [commit("b", "fix: Revert \"fix(x): keep y\"\n\n\(line("a"))"), commit("a", "fix(x): keep y")]
        #expect(RevertResolver.droppingRevertedPairs(commits).isEmpty)
    }

    @Test("GitHub's revert title matches the original with either side's (#N) left out", arguments: [
        ("Revert \"fix: keep the prefix\" (#15)", "fix: keep the prefix (#12)"),
        ("Revert \"fix: keep the prefix (#12)\" (#15)", "fix: keep the prefix (#12)"),
        ("Revert \"fix: keep the prefix (#12)\"", "fix: keep the prefix"),
    ])
    func githubRevertTitles(revert: String, original: String) {
        #expect(kept([commit("b", revert), commit("c", "docs: other"), commit("a", original)]) == ["c"])
    }

    @Test("a revert of a revert brings the original back; chains resolve newest first")
    func chains() {
        let commits = [
            commit("c", "Revert \"Revert \"feat: x\"\"\n\n\(line("b"))"),
            commit("b", "Revert \"feat: x\"\n\n\(line("a"))"),
            commit("a", "feat: x"),
        ]
        #expect(kept(commits) == ["a"])
    }

    @Test("a revert of a commit outside the range stays an entry")
    func revertOfEarlierRelease() {
        #expect(kept([commit("b", "fix: Revert \"fix(x): y\"\n\n\(line("a"))"), commit("c", "feat: z")]) == ["b", "c"])
    }

    // MARK: Breaking changes never missed

    @Test("BREAKING CHANGE on the last line of a body paragraph marks the commit breaking, misplaced")
    func breakingInBodyParagraph() {
        let parsed = commit("a", "feat: new loader\n\nRewrites the loader.\nBREAKING CHANGE: the old config is gone")
        #expect(parsed.isBreaking)
        #expect(parsed.hasMisplacedBreakingChange)
        #expect(parsed.breakingNote == "the old config is gone")
    }

    @Test("a * BREAKING CHANGE item of a squash-merge body marks the commit breaking", arguments: ["* ", "- ", "  * "])
    func breakingInSquashBody(bullet: String) {
        let parsed = commit("a", "feat: big merge (#9)\n\n* feat: a\n\(bullet)BREAKING CHANGE: drops node 14\n* fix: b")
        #expect(parsed.isBreaking)
        #expect(parsed.breakingNote == "drops node 14")
    }

    // Found by `make fuzz` (FuzzCommitParser): inside the footer block such a line continued the
    // footer before it, and the breaking change was lost.
    @Test("a BREAKING CHANGE line that continues another footer still marks the commit breaking", arguments: [
        ("fix: x\n\nRefs: #1\nBREAKING CHANGE:no space", "no space"),
        ("fix: x\n\nReviewed-by: Ana\n  BREAKING CHANGE: indented", "indented"),
        ("fix: x\n\nRefs #4\n* BREAKING-CHANGE: bullet", "bullet"),
    ])
    func breakingInsideFooterBlock(message: String, note: String) {
        let parsed = commit("a", message)
        #expect(parsed.isBreaking)
        #expect(parsed.hasMisplacedBreakingChange)
        #expect(parsed.breakingNote == note)
    }

    @Test("the quick test for a word finds it at the start, the end and in between, and only whole")
    func containsWord() {
        #expect(MessageText.contains("BREAKING", in: "BREAKING CHANGE: x"))
        #expect(MessageText.contains("BREAKING", in: "para\n\nBREAKING"))
        #expect(MessageText.contains("BREAKING", in: "a BBREAKING b"))
        #expect(MessageText.contains("BREAKING", in: "é\u{1F600}BREAKING"))
        #expect(!MessageText.contains("BREAKING", in: "BREAKIN"))
        #expect(!MessageText.contains("BREAKING", in: "BREAKINg CHANGE"))
        #expect(!MessageText.contains("BREAKING", in: ""))
        #expect(MessageText.contains("BREAKING", in: Substring("xxBREAKINGxx").dropFirst(2).dropLast(2)))
        #expect(!MessageText.contains("BREAKING", in: Substring("xxBREAKINGxx").dropFirst(3)))
    }

    @Test("a BREAKING CHANGE footer is not misplaced; lower-case prose is no breaking change")
    func breakingFooterNotMisplaced() {
        let footer = commit("a", "feat: x\n\nBody.\n\nBREAKING CHANGE: y")
        #expect(footer.isBreaking && !footer.hasMisplacedBreakingChange)
        #expect(!commit("b", "feat: x\n\nThis is no breaking change: really.").isBreaking)
    }

    // MARK: Body layout

    @Test("the first body line keeps its indentation, so an indented code block stays one")
    func firstBodyLineIndentation() {
        #expect(commit("a", "docs: example\n\n    let x = 1\n    print(x)\n").body == "    let x = 1\n    print(x)")
    }

    // MARK: References

    @Test("references: closing keywords, Refs, cross-repository, GitLab merge requests", arguments: [
        ("fix: x\n\nCloses #12", [IssueReference(kind: .closes, number: 12)]),
        ("fix: x\n\nThis fixes #3 and resolves #4.", [IssueReference(kind: .closes, number: 3), IssueReference(kind: .closes, number: 4)]),
        ("fix: x\n\nclose #123, #124", [IssueReference(kind: .closes, number: 123), IssueReference(kind: .closes, number: 124)]),
        ("fix: x\n\nFixes: acme/api#7", [IssueReference(kind: .closes, number: 7, repository: "acme/api")]),
        ("fix: x\n\nRefs #9", [IssueReference(kind: .refs, number: 9)]),
        ("fix: x (#45)\n\nResolves #2", [IssueReference(kind: .pullRequest, number: 45), IssueReference(kind: .closes, number: 2)]),
        ("feat: y (!45)", [IssueReference(kind: .mergeRequest, number: 45)]),
        ("Merge branch 'x' into 'main'\n\nSee merge request group/app!45", [IssueReference(kind: .mergeRequest, number: 45, repository: "group/app")]),
        ("fix: x\n\nFix the #1 problem of users", []),
        ("fix: x\n\nIssue #12 is hard, see the wiki", []),
        ("fix: x\n\nCloses #0 and #abc", []),
        ("fix: x\n\nA body without any.\n\nCo-authored-by: A <a@example.com>\nRefs: #5", [IssueReference(kind: .refs, number: 5)]),
        ("fix: x\n\nWow! No reference here.\n\nReviewed-by: B", []),
    ])
    func references(message: String, expected: [IssueReference]) {
        #expect(commit("a", message).references == expected)
    }

    // MARK: Release commits and scopes

    @Test("a release commit is recognised", arguments: [
        ("chore(release): v1.2.0", true), ("chore(Release): 1.2.0", true), ("release: 2.0.0", true),
        ("v3.5.41", true), ("3.5.41", true), ("chore: release notes for 1.2", false),
        ("fix: release 1.2.0 lock", false), ("v3.5", false),
        ("chore(main): release 17.11.1 (#2864)", true), ("chore(master): release 2.0.0-rc.1", true),
        ("chore: release 13.4.5 (#1234)", true), ("chore(release): prepare for v2.13.1", true),
        ("chore(version): 7.0.0", true), ("chore: release the lock on 1.2.0", false), ("feat: release 1.2.0", false),
        ("V2.0.0", true), ("2.0.0-rc.1+build.5", true), ("vv1.0.0", false), ("chore: Release V1.4.0", true),
    ])
    func releaseCommits(header: String, expected: Bool) {
        #expect(commit("a", header).isReleaseCommit == expected)
    }

    @Test("feat(api,cli) and refactor(init;upgrade) name several scopes; / belongs to one", arguments: [
        ("feat(api,cli): x", ["api", "cli"]), ("refactor(init;upgrade): x", ["init", "upgrade"]),
        ("feat(api, cli): x", ["api", "cli"]), ("feat(ui/button): x", ["ui/button"]), ("feat: x", []),
    ])
    func scopes(header: String, expected: [String]) {
        #expect(commit("a", header).scopes == expected)
    }
}

@Suite("squash merges split into entries (split_squash)")
struct SquashSplitTests {
    private func split(_ message: String) -> [ConventionalCommit] {
        let person = Signature(name: "Ana Lima", email: "ana@example.com", time: Timestamp(seconds: 0))
        let id = CommitID(hex: String(repeating: "a", count: 40))!
        return ConventionalCommitParser().parseSplitting(RawCommit(id: id, parents: [], author: person, committer: person, message: message))
    }

    @Test("each * type(scope): item of a squash body is an entry, with the pull request of the merge")
    func items() {
        let entries = split("Update from upstream (#9)\n\n* feat(api): add x\n  more about x\n\n* fix: y (#3)\n* Merge branch 'main'\n\n---------\n\nCo-authored-by: Bo <bo@example.com>")
        #expect(entries.map(\.header) == ["feat(api): add x", "fix: y (#3)"])
        #expect(entries.map(\.pullRequest) == [9, 3])
        #expect(entries[0].body == "more about x")
    }

    @Test("a conventional squash header stays an entry; an item that repeats it is not listed twice")
    func conventionalHeaderKept() {
        let entries = split("feat: add x (#9)\n\n* feat: add x\n* fix!: drop y")
        #expect(entries.map(\.header) == ["feat: add x (#9)", "fix!: drop y"])
        #expect(entries[1].isBreaking)
    }

    @Test("a body without conventional items is one commit")
    func noItems() {
        #expect(split("fix: x\n\n* just a list\n* of notes").map(\.header) == ["fix: x"])
        #expect(split("fix: x").count == 1)
    }
}
