import Testing
import RelnotesCore

@Suite("reverted pairs")
struct RevertResolverTests {
    /// A commit whose id is 40 copies of one hex digit, so that every 7-digit prefix is unique.
    private func commit(_ digit: Character, _ message: String) -> ConventionalCommit {
        let person = Signature(name: "Ana Lima", email: "ana@example.com", time: Timestamp(seconds: 0))
        let id = CommitID(hex: String(repeating: digit, count: 40))!
        return ConventionalCommitParser().parse(RawCommit(id: id, parents: [], author: person, committer: person, message: message))
    }

    private func revertLine(_ digit: Character, length: Int = 40) -> String {
        "This reverts commit \(String(repeating: digit, count: length))."
    }

    private func ids(_ commits: [ConventionalCommit]) -> [String] {
        commits.map { String($0.id.description.prefix(1)) }
    }

    @Test("a revert and the commit it names by id, both in the list, are both dropped; the rest keep their order")
    func pairByID() {
        let commits = [
            commit("c", "chore: tidy"),
            commit("b", "Revert \"feat: add x\"\n\n\(revertLine("a"))"),
            commit("d", "fix: y"),
            commit("a", "feat: add x"),
            commit("e", "docs: z"),
        ]
        #expect(ids(RevertResolver.droppingRevertedPairs(commits)) == ["c", "d", "e"])
    }

    @Test("an abbreviated id on the revert line matches by prefix")
    func pairByPrefix() {
        let commits = [commit("b", "revert: feat: add x\n\n\(revertLine("a", length: 7))"), commit("a", "feat: add y")]
        #expect(RevertResolver.droppingRevertedPairs(commits).isEmpty)
    }

    @Test("without an id, a revert cancels the older commit whose header it quotes")
    func pairByHeader() {
        let commits = [commit("b", "Revert \"feat: add x\""), commit("c", "fix: other"), commit("a", "feat: add x")]
        #expect(ids(RevertResolver.droppingRevertedPairs(commits)) == ["c"])
    }

    @Test("a revert: commit without an id cancels the commit its description names")
    func conventionalRevertByHeader() {
        let commits = [commit("b", "revert: feat(api): add x"), commit("a", "feat(api): add x")]
        #expect(RevertResolver.droppingRevertedPairs(commits).isEmpty)
    }

    @Test("a revert whose target is outside the list stays", arguments: [
        "Revert \"feat: add x\"\n\nThis reverts commit 9999999999999999999999999999999999999999.",
        "Revert \"feat: gone long ago\"",
        "revert: feat: gone long ago",
    ])
    func targetOutside(message: String) {
        let commits = [commit("b", message), commit("a", "feat: add y")]
        #expect(RevertResolver.droppingRevertedPairs(commits) == commits)
    }

    @Test("a revert naming an id outside the list does not fall back to a commit with the same header")
    func idDoesNotFallBackToHeader() {
        let commits = [commit("b", "Revert \"feat: add x\"\n\n\(revertLine("9"))"), commit("a", "feat: add x")]
        #expect(RevertResolver.droppingRevertedPairs(commits) == commits)
    }

    @Test("a header match never reaches a newer commit: a re-applied change survives its old revert")
    func headerMatchOnlyOlder() {
        let commits = [commit("c", "feat: add x"), commit("b", "Revert \"feat: add x\""), commit("a", "feat: add x")]
        #expect(ids(RevertResolver.droppingRevertedPairs(commits)) == ["c"])
        let onlyNewer = [commit("c", "feat: add x"), commit("b", "Revert \"feat: add x\"")]
        #expect(RevertResolver.droppingRevertedPairs(onlyNewer) == onlyNewer)
    }

    @Test("a revert of a revert cancels only the pair it names, by id", arguments: [
        "Revert \"Revert \"feat: add x\"\"",
        "Reapply \"feat: add x\"",
    ])
    func revertOfRevertByID(header: String) {
        let commits = [
            commit("c", "\(header)\n\n\(revertLine("b"))"),
            commit("b", "Revert \"feat: add x\"\n\n\(revertLine("a"))"),
            commit("a", "feat: add x"),
        ]
        #expect(ids(RevertResolver.droppingRevertedPairs(commits)) == ["a"])
    }

    @Test("a revert of a revert cancels only the pair it names, by header", arguments: [
        "Revert \"Revert \"feat: add x\"\"",
        "Reapply \"feat: add x\"",
    ])
    func revertOfRevertByHeader(header: String) {
        let commits = [commit("c", header), commit("b", "Revert \"feat: add x\""), commit("a", "feat: add x")]
        #expect(ids(RevertResolver.droppingRevertedPairs(commits)) == ["a"])
    }

    @Test("revert, reapply, revert again: nothing of the change is left")
    func threeDeep() {
        let commits = [
            commit("d", "Revert \"Revert \"Revert \"feat: add x\"\"\"\n\n\(revertLine("c"))"),
            commit("c", "Revert \"Revert \"feat: add x\"\"\n\n\(revertLine("b"))"),
            commit("b", "Revert \"feat: add x\"\n\n\(revertLine("a"))"),
            commit("a", "feat: add x"),
        ]
        #expect(RevertResolver.droppingRevertedPairs(commits).isEmpty)
    }

    @Test("two reverts of one commit: the newer cancels it, the older stays")
    func twoRevertsOfOneCommit() {
        let commits = [
            commit("c", "Revert \"feat: add x\"\n\n\(revertLine("a"))"),
            commit("b", "Revert \"feat: add x\"\n\n\(revertLine("a"))"),
            commit("a", "feat: add x"),
        ]
        #expect(ids(RevertResolver.droppingRevertedPairs(commits)) == ["b"])
    }

    @Test("a list without reverts comes back unchanged")
    func noReverts() {
        let commits = [commit("b", "feat: a"), commit("a", "fix: b")]
        #expect(RevertResolver.droppingRevertedPairs(commits) == commits)
        #expect(RevertResolver.droppingRevertedPairs([]).isEmpty)
    }

    @Test("a revert target names its commit by id prefix or by exact header")
    func targetNames() {
        let feat = commit("a", "feat: add x")
        #expect(RevertTarget.commit("aaaaaaa").names(feat))
        #expect(!RevertTarget.commit("aaaaaab").names(feat))
        #expect(RevertTarget.header("feat: add x").names(feat))
        #expect(!RevertTarget.header("feat: add").names(feat))
    }
}
