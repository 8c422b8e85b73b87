import Foundation
import RelnotesCore
import RelnotesFixtures
@testable import RelnotesGit
import Testing

@Suite("git's commit-graph file")
struct CommitGraphChainTests {
    @Test("what the commit-graph file says of a commit is what the commit says: parents in order, committer time", arguments: scenariosWithHistory)
    func sameAsCommits(scenario: Scenario) throws {
        let fixture = try scenario.build()
        _ = try fixture.git("commit-graph", "write", "--reachable")
        let repository = try GitRepository.discover(from: fixture.url.path)
        let graph = try #require(CommitGraphChain(path: fixture.commitGraphPath))
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
        let graph = try #require(CommitGraphChain(path: fixture.commitGraphPath))
        #expect(graph.links(of: head)?.parents == merge.parents)
    }

    @Test("a commit newer than the file is read from the object database: which tags HEAD contains stays git's answer", arguments: [Scenario.merges, .unmergedBranchTag, .backportBranch])
    func staleFile(scenario: Scenario) throws {
        let fixture = try scenario.build()
        _ = try fixture.git("commit-graph", "write", "--reachable")
        _ = try fixture.commit("fix: after the graph")
        try fixture.tag("v9.9.9")
        let repository = try GitRepository.discover(from: fixture.url.path)
        let graph = try #require(CommitGraphChain(path: fixture.commitGraphPath))
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
        #expect(CommitGraphChain(path: cut) == nil)
        var garbage = bytes
        garbage.replaceSubrange(8..<min(garbage.count, 8 + length), with: repeatElement(0xFF, count: min(garbage.count, 8 + length) - 8))
        try garbage.write(to: URL(fileURLWithPath: cut))
        if let graph = CommitGraphChain(path: cut) {
            // Whatever it says is bounds-checked; reading it never crashes.
            let repository = try GitRepository.discover(from: fixture.url.path)
            let head = try #require(try repository.head())
            _ = graph.links(of: head)
        }
    }

    @Test("murmur3 as git's changed-path filters hash paths", arguments: [
        ("", UInt32(0), UInt32(0)),
        ("Hello world!", UInt32(0), UInt32(0x627B_0C2C)),
        ("The quick brown fox jumps over the lazy dog", UInt32(0), UInt32(0x2E4F_F723)),
    ])
    func murmur3(text: String, seed: UInt32, expected: UInt32) {
        #expect(ChangedPathKey.murmur3(seed: seed, Array(text.utf8)) == expected)
    }

    @Test("git's changed-path Bloom filters: never 'unchanged' for a path (or folder) a commit changes against its first parent, and 'unchanged' for nearly every other")
    func changedPathFilters() throws {
        let fixture = try FixtureRepository()
        let files = ["CHANGELOG.md", "README.md", "packages/a/a.txt", "packages/a/deep/x.txt", "packages/b/b.txt", "docs/CHANGELOG.md", "src/main.swift"]
        _ = try fixture.commit("feat: start", changing: files)
        for (index, file) in files.enumerated() {
            _ = try fixture.commit("fix: change \(index)", file: file)
            if index % 2 == 0 { _ = try fixture.commit("fix: two at once \(index)", changing: [file, files[(index + 3) % files.count]]) }
        }
        try fixture.branch("side")
        try fixture.checkout("side")
        _ = try fixture.commit("feat: on a branch", file: "packages/c/c.txt")
        try fixture.checkout("main")
        _ = try fixture.commit("fix: meanwhile", file: "README.md")
        _ = try fixture.merge("side")
        _ = try fixture.git("commit-graph", "write", "--reachable", "--changed-paths")
        let graph = try #require(CommitGraphChain(path: fixture.commitGraphPath))
        #expect(graph.hasChangedPathFilters)
        let paths = files + ["packages", "packages/a", "packages/a/deep", "packages/b", "packages/c", "packages/c/c.txt", "docs", "src", "never/there.txt", "packages/d"]
        var unchanged = 0, ruledOut = 0
        for (hex, changed) in try changedPaths(fixture, from: "HEAD") {
            let id = try #require(CommitID(hex: hex))
            let position = try #require(graph.position(of: id))
            for path in paths {
                let key = try #require(ChangedPathKey(path))
                let found: Bool? = graph.mayChange(key, at: position)
                let answer = try #require(found as Bool?)
                if changed.contains(where: { $0 == path || $0.hasPrefix(path + "/") }) {
                    #expect(answer, "commit \(hex) changes \(path)")
                } else {
                    unchanged += 1
                    if !answer { ruledOut += 1 }
                }
            }
        }
        #expect(unchanged > 150)
        #expect(ruledOut * 10 >= unchanged * 9)
        #expect(ChangedPathKey("docs/Änderungen.md") == nil)
    }

    @Test("damaged changed-path filter chunks are read around: offsets out of order or past the data, an unknown version", arguments: [0, 1, 2])
    func damagedFilters(damage: Int) throws {
        let fixture = try Scenario.monorepo.build()
        _ = try fixture.commit("docs: the changelog alone", file: "CHANGELOG.md")
        _ = try fixture.commit("fix(api): after it", file: "packages/api/main.txt")
        var filtered = Configuration()
        filtered.includePaths = ["packages/api/**"]
        let releases = { (configuration: Configuration) throws -> [Release] in
            try ReleasePartitioner(configuration: configuration).releases(in: GitRepository.discover(from: fixture.url.path), scope: .all)
        }
        let expected = try [releases(Configuration()), releases(filtered)]
        #expect(!expected[0].flatMap(\.commits).contains { $0.description == "the changelog alone" })
        #expect(expected[1].flatMap(\.commits).count < expected[0].flatMap(\.commits).count)
        _ = try fixture.git("commit-graph", "write", "--reachable", "--changed-paths")
        #expect(try [releases(Configuration()), releases(filtered)] == expected)
        let path = fixture.commitGraphPath
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let index = try commitGraphChunk(bytes, "BIDX"), data = try commitGraphChunk(bytes, "BDAT")
        switch damage {
        case 0:
            // Every end offset far past the data.
            for entry in stride(from: index, to: data, by: 4) { bytes.replaceSubrange(entry..<(entry + 4), with: [0x7F, 0xFF, 0xFF, 0xF0]) }
        case 1:
            // Offsets going backwards.
            let count = (data - index) / 4
            for (offset, entry) in stride(from: index, to: data, by: 4).enumerated() {
                let value = UInt32(count - offset)
                bytes.replaceSubrange(entry..<(entry + 4), with: withUnsafeBytes(of: value.bigEndian) { Array($0) })
            }
        default:
            // A version git never wrote.
            bytes[data + 3] = 9
        }
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect(try [releases(Configuration()), releases(filtered)] == expected)
    }

    @Test("a commit-graph file whose parents form a cycle stops changelog --all with an error naming the damage and its fix, never a trap")
    func cycle() throws {
        let fixture = try Scenario.linear.build()
        _ = try fixture.git("commit-graph", "write", "--reachable")
        let root = try #require(CommitID(hex: fixture.git("rev-list", "--max-parents=0", "HEAD")))
        let head = try #require(CommitID(hex: fixture.git("rev-parse", "HEAD")))
        let (rootAt, headAt) = try { () throws -> (Int, Int) in
            let graph = try #require(CommitGraphChain(path: fixture.commitGraphPath))
            return (try #require(graph.position(of: root)), try #require(graph.position(of: head)))
        }()
        // The root's first parent made HEAD, so the file says HEAD is its own ancestor.
        let path = fixture.commitGraphPath
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let data = try commitGraphChunk(bytes, "CDAT")
        bytes.replaceSubrange((data + rootAt * 36 + 20)..<(data + rootAt * 36 + 24), with: withUnsafeBytes(of: UInt32(headAt).bigEndian) { Array($0) })
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect(CommitGraphChain(path: path)?.links(of: root)?.parents == [head])
        let repository = try GitRepository.discover(from: fixture.url.path)
        let error = try #require(throws: HistoryError.self) {
            try ReleasePartitioner(configuration: Configuration()).releases(in: repository, scope: .all)
        }
        #expect(error.message.contains("commit-graph"))
        #expect(error.hint == "rewrite them with git commit-graph write --reachable")
        // What git itself reads: the releases once the file is rewritten.
        _ = try fixture.git("commit-graph", "write", "--reachable")
        #expect(try !ReleasePartitioner(configuration: Configuration()).releases(in: GitRepository.discover(from: fixture.url.path), scope: .all).isEmpty)
    }


    @Test("a clone that borrows its objects (git clone --shared, --reference) reads the commit-graph of the repository it borrows from, as git does (the file or a chain), and its packs through handles of its own", arguments: [false, true])
    func borrowedObjects(split: Bool) throws {
        let source = try Scenario.merges.build()
        _ = try source.git(["commit-graph", "write", "--reachable"] + (split ? ["--split"] : []))
        let clone = try source.cloneSharingObjects()
        try clone.commit("fix: in the clone only")
        let borrowed = try #require(CommitID(hex: source.git("rev-parse", "HEAD")))
        let repository = try GitRepository.discover(from: clone.url.path)
        #expect(repository.objectFolders().count == 2)
        // The thread that reads releases reads the borrowed packs through handles of its own too.
        let opened = try #require(try repository.concurrentOpener()?() as? GitRepository)
        #expect(opened.ownPackFolders == repository.objectFolders() && repository.ownPackFolders.isEmpty)
        #expect(repository.walksWithoutReadingObjects(from: borrowed))
        try expectLinksMatchRangeWalk(repository, sameOffset: false)
        let releases = { () throws -> [Release] in
            try ReleasePartitioner(configuration: Configuration()).releases(in: GitRepository.discover(from: clone.url.path), scope: .all)
        }
        let withGraph = try releases()
        try FileManager.default.removeItem(atPath: split ? (source.commitGraphPath as NSString).deletingLastPathComponent + "/commit-graphs" : source.commitGraphPath)
        #expect(try !GitRepository.discover(from: clone.url.path).walksWithoutReadingObjects(from: borrowed))
        #expect(try releases() == withGraph)
    }

}

