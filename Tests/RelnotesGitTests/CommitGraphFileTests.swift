import Foundation
import RelnotesCore
import RelnotesFixtures
@testable import RelnotesGit
import Testing

@Suite("git's commit-graph file")
struct CommitGraphFileTests {
    @Test("what the commit-graph file says of a commit is what the commit says: parents in order, committer time", arguments: scenariosWithHistory)
    func sameAsCommits(scenario: Scenario) throws {
        let fixture = try scenario.build()
        _ = try fixture.git("commit-graph", "write", "--reachable")
        let repository = try GitRepository.discover(from: fixture.url.path)
        let graph = try #require(CommitGraphFile(path: fixture.commitGraphPath))
        let head = try #require(try repository.head())
        let commits = try repository.commits(reachableFrom: [head] + repository.tagReferences().map(\.target), hiding: [])
        for commit in commits {
            let links = try #require(graph.links(of: commit.id))
            #expect(links.parents == commit.parents)
            #expect(links.time == commit.committer.time.seconds)
        }
    }

    @Test("an octopus merge's parents come from the extra-edge list, in order")
    func octopus() throws {
        let fixture = try FixtureRepository()
        _ = try fixture.commit("feat: base")
        for name in ["one", "two", "three"] {
            try fixture.branch(name, from: "main")
            try fixture.checkout(name)
            _ = try fixture.commit("fix: \(name)", file: "\(name).txt")
            try fixture.checkout("main")
        }
        _ = try fixture.git("merge", "--quiet", "--no-ff", "-m", "Merge three", "one", "two", "three")
        _ = try fixture.git("commit-graph", "write", "--reachable")
        let repository = try GitRepository.discover(from: fixture.url.path)
        let head = try #require(try repository.head())
        let merge = try repository.readCommit(head)
        #expect(merge.parents.count == 4)
        let graph = try #require(CommitGraphFile(path: fixture.commitGraphPath))
        #expect(graph.links(of: head)?.parents == merge.parents)
    }

    @Test("a commit newer than the file is read from the object database: which tags HEAD contains stays git's answer", arguments: [Scenario.merges, .unmergedBranchTag, .backportBranch])
    func staleFile(scenario: Scenario) throws {
        let fixture = try scenario.build()
        _ = try fixture.git("commit-graph", "write", "--reachable")
        _ = try fixture.commit("fix: after the graph")
        try fixture.tag("v9.9.9")
        let repository = try GitRepository.discover(from: fixture.url.path)
        let graph = try #require(CommitGraphFile(path: fixture.commitGraphPath))
        let head = try #require(try repository.head())
        #expect(graph.links(of: head) == nil)
        var index = try ReleaseTagIndex(reader: repository, head: head, pattern: TagNamePattern())
        let ours = Set(try index.reachable().map(\.name))
        let merged = Set(try fixture.git("tag", "--merged", "HEAD").split(separator: "\n").map(String.init).filter { TagNamePattern().match($0) != nil })
        #expect(ours == merged)
        #expect(ours.contains("v9.9.9"))
    }

    @Test("a damaged or truncated file is not read", arguments: [0, 7, 40, 1100])
    func damaged(length: Int) throws {
        let fixture = try Scenario.merges.build()
        _ = try fixture.git("commit-graph", "write", "--reachable")
        let path = fixture.commitGraphPath
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let cut = path + ".cut"
        try bytes.prefix(length).write(to: URL(fileURLWithPath: cut))
        #expect(CommitGraphFile(path: cut) == nil)
        var garbage = bytes
        garbage.replaceSubrange(8..<min(garbage.count, 8 + length), with: repeatElement(0xFF, count: min(garbage.count, 8 + length) - 8))
        try garbage.write(to: URL(fileURLWithPath: cut))
        if let graph = CommitGraphFile(path: cut) {
            // Whatever it says is bounds-checked; reading it never crashes.
            let repository = try GitRepository.discover(from: fixture.url.path)
            let head = try #require(try repository.head())
            _ = graph.links(of: head)
        }
    }
}
