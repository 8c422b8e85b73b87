import Foundation
@testable import RelnotesCore
import RelnotesFixtures
@testable import RelnotesGit
import Testing

/// The chain of commit-graph files `git commit-graph write --split` writes (as `git maintenance`
/// and `git fetch` with `fetch.writeCommitGraph` do): read as git reads it, or not at all.
@Suite("git's split commit-graph chain")
struct CommitGraphSplitChainTests {
    /// Builds `scenario`, then grows it in three steps, writing one more file of the chain after
    /// each: a branch off an old commit, merges whose parents lie in lower files, an octopus merge;
    /// then one commit newer than the chain. `changedPaths` says, for each file in turn, whether
    /// it gets changed-path filters. Also gives the commits each file lists.
    private func layered(_ scenario: Scenario, changedPaths: [Bool] = [false, false, false]) throws -> (fixture: FixtureRepository, files: [Set<String>]) {
        let fixture = try scenario.build()
        let branch = try fixture.git("rev-parse", "--abbrev-ref", "HEAD")
        var files: [Set<String>] = []
        func write(_ step: Int) throws {
            _ = try fixture.git("commit-graph", "write", "--reachable", "--split=no-merge", changedPaths[step] ? "--changed-paths" : "--no-changed-paths")
            let all = try Set(fixture.git("rev-list", "--all").split(separator: "\n").map(String.init))
            files.append(files.reduce(all) { $0.subtracting($1) })
        }
        try write(0)
        let old = try fixture.git("rev-list", "--max-parents=0", "HEAD").split(separator: "\n")[0]
        try fixture.branch("old-line", from: String(old))
        try fixture.checkout("old-line")
        try fixture.commit("fix: off an old commit", file: "packages/old/old.txt")
        try fixture.checkout(branch)
        try fixture.commit("docs: the changelog alone", file: "CHANGELOG.md")
        try fixture.merge("old-line")
        try fixture.tag("v50.0.0")
        try write(1)
        for name in ["one", "two", "three"] {
            try fixture.branch(name, from: branch)
            try fixture.checkout(name)
            try fixture.commit("feat: \(name)", file: "packages/\(name)/\(name).txt")
            try fixture.checkout(branch)
        }
        _ = try fixture.git("merge", "--quiet", "--no-ff", "-m", "Merge three", "one", "two", "three")
        try fixture.commit("fix: on top", changing: ["README.md", "CHANGELOG.md"])
        try write(2)
        try fixture.commit("feat: newer than the chain", file: "packages/new/new.txt")
        return (fixture, files)
    }

    /// The folder of the chain's files.
    private func folder(_ fixture: FixtureRepository) -> String {
        (fixture.commitGraphPath as NSString).deletingLastPathComponent + "/commit-graphs/"
    }

    /// The chain's file names, the base first.
    private func chain(_ fixture: FixtureRepository) throws -> [String] {
        try String(contentsOfFile: folder(fixture) + "commit-graph-chain", encoding: .utf8).split(separator: "\n").map { "graph-\($0).graph" }
    }

    /// The object folder.
    private func objects(_ fixture: FixtureRepository) -> String {
        ((fixture.commitGraphPath as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
    }

    /// Every release of `--all`, and of `--all` with a path filter, read by a fresh repository.
    private func releases(_ fixture: FixtureRepository) throws -> [[Release]] {
        var filtered = Configuration()
        filtered.includePaths = ["packages/**"]
        return try [Configuration(), filtered].map { configuration in
            try ReleasePartitioner(configuration: configuration).releases(in: GitRepository.discover(from: fixture.url.path), scope: .all)
        }
    }

    /// The releases without any commit-graph, the chain moved aside for the call.
    private func releasesWithoutGraph(_ fixture: FixtureRepository) throws -> [[Release]] {
        let aside = folder(fixture).dropLast() + ".aside"
        try FileManager.default.moveItem(atPath: folder(fixture), toPath: String(aside))
        defer { try? FileManager.default.moveItem(atPath: String(aside), toPath: folder(fixture)) }
        return try releases(fixture)
    }

    @Test("each file of a split chain says of its commits what the commits say: parents (in lower files too) in order, committer time, root tree", arguments: scenariosWithHistory.filter { $0 != .bare })
    func sameAsCommits(scenario: Scenario) throws {
        let (fixture, files) = try layered(scenario)
        #expect(!FileManager.default.fileExists(atPath: fixture.commitGraphPath))
        #expect(try chain(fixture).count == 3)
        let graph = try #require(CommitGraphChain.open(objects: objects(fixture)))
        #expect(graph.fileCount == 3)
        let head = try fixture.git("rev-parse", "HEAD")
        var count = 0
        for line in try fixture.git("log", "--all", "--format=%H|%P|%ct|%T").split(separator: "\n") where !line.hasPrefix(head) {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false)
            let id = try #require(CommitID(hex: fields[0]))
            let position = try #require(graph.position(of: id), "\(id) is in the chain")
            // Positions run through the chain: the base file's commits first, then each file's above it.
            let file = try #require(files.firstIndex { $0.contains(String(fields[0])) })
            let below = files[..<file].reduce(0) { $0 + $1.count }
            #expect((below..<(below + files[file].count)).contains(position))
            let links = try #require(graph.links(of: id))
            #expect(links.parents == fields[1].split(separator: " ").compactMap { CommitID(hex: $0) })
            #expect(links.time == Int64(fields[2]))
            #expect(graph.tree(at: position) == CommitID(hex: fields[3]))
            count += 1
        }
        // HEAD is newer than the chain; every other commit of every branch is in one of its files.
        #expect(graph.commitCount == count)
        #expect(count == files.reduce(0) { $0 + $1.count })
        #expect(graph.position(of: try #require(CommitID(hex: head))) == nil)
        let repository = try GitRepository.discover(from: fixture.url.path)
        #expect(repository.walksWithoutReadingObjects(from: try #require(CommitID(hex: fixture.git("rev-parse", "HEAD~1")))))
        try expectLinksMatchRangeWalk(repository, sameOffset: false)
        #expect(try releases(fixture) == releasesWithoutGraph(fixture))
    }

    @Test("changed-path filters of a chain are read per file: a file written without them leaves its commits to their trees, the others rule paths out as git's diffs say")
    func changedPathFilters() throws {
        let (fixture, files) = try layered(.monorepo, changedPaths: [true, false, true])
        let graph = try #require(CommitGraphChain.open(objects: objects(fixture)))
        #expect(graph.fileCount == 3)
        #expect(graph.hasChangedPathFilters)
        let paths = ["CHANGELOG.md", "README.md", "packages", "packages/api", "packages/old", "packages/one", "packages/new", "never/there.txt"]
        var ruledOut = 0
        for (hex, changed) in try changedPaths(fixture, from: "HEAD~1") {
            let id = try #require(CommitID(hex: hex))
            let position = try #require(graph.position(of: id))
            let filtered = !files[1].contains(hex)
            for path in paths {
                let answer = graph.mayChange(try #require(ChangedPathKey(path)), at: position)
                #expect((answer != nil) == filtered, "commit \(hex), \(path)")
                if changed.contains(where: { $0 == path || $0.hasPrefix(path + "/") }) {
                    #expect(answer != false, "commit \(hex) changes \(path)")
                } else if answer == false {
                    ruledOut += 1
                }
            }
        }
        #expect(ruledOut > 20)
        #expect(try releases(fixture) == releasesWithoutGraph(fixture))
    }

    enum Damage: String, CaseIterable, CustomTestStringConvertible {
        case middleFileMissing, linesOutOfOrder, notAHash, baseChunkWrong, checksumWrong, parentAboveItsFile, singleFileToo, fifos

        var testDescription: String { rawValue }
    }

    @Test("a chain that does not hold together is read as far as it does, as git reads it; the releases stay git's", arguments: Damage.allCases)
    func damaged(damage: Damage) throws {
        let fixture = try layered(.merges).fixture
        let expected = try releasesWithoutGraph(fixture)
        let names = try chain(fixture)
        let chainFile = folder(fixture) + "commit-graph-chain"
        func rewrite(_ name: String, _ change: (inout Data) throws -> Void) throws {
            let path = folder(fixture) + name
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
            var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            try change(&bytes)
            try bytes.write(to: URL(fileURLWithPath: path))
        }
        let files: Int
        switch damage {
        case .middleFileMissing:
            try FileManager.default.removeItem(atPath: folder(fixture) + names[1])
            files = 1
        case .linesOutOfOrder:
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: chainFile)
            try ([names[1], names[0], names[2]].map { $0.dropFirst(6).dropLast(6) + "\n" }.joined()).write(toFile: chainFile, atomically: true, encoding: .utf8)
            files = 0
        case .notAHash:
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: chainFile)
            try "../../../etc/passwd\n".write(toFile: chainFile, atomically: true, encoding: .utf8)
            files = 0
        case .baseChunkWrong:
            try rewrite(names[2]) { bytes in bytes[try commitGraphChunk(bytes, "BASE") + 25] ^= 0xFF }
            files = 2
        case .checksumWrong:
            try rewrite(names[1]) { bytes in bytes[bytes.count - 1] ^= 0xFF }
            files = 1
        case .parentAboveItsFile:
            // Every first parent in the base file pointing at the last commit of the chain, a
            // position in the file above it: each such record is read around, from the commit.
            let top = CommitGraphChain.open(objects: objects(fixture))?.commitCount ?? 0
            try rewrite(names[0]) { bytes in
                let data = try commitGraphChunk(bytes, "CDAT"), count = Int(bytes[try commitGraphChunk(bytes, "OIDF") + 1023])
                #expect(count < 256)
                for record in 0..<count where bytes[(data + record * 36 + 20)..<(data + record * 36 + 24)].elementsEqual([0x70, 0, 0, 0]) == false {
                    bytes.replaceSubrange((data + record * 36 + 20)..<(data + record * 36 + 24), with: withUnsafeBytes(of: UInt32(top - 1).bigEndian) { Array($0) })
                }
            }
            files = 3
        case .fifos:
            // Where git would wait for a writer: a FIFO as the single file, as the chain's
            // second file, and as the chain itself are passed over.
            for path in [fixture.commitGraphPath, folder(fixture) + names[1]] {
                try? FileManager.default.removeItem(atPath: path)
                #expect(mkfifo(path, 0o644) == 0)
            }
            #expect(CommitGraphChain.open(objects: objects(fixture))?.fileCount == 1)
            try FileManager.default.removeItem(atPath: chainFile)
            #expect(mkfifo(chainFile, 0o644) == 0)
            files = 0
        case .singleFileToo:
            // git reads the single file when both are there: here the base file, so it lists
            // only the base's commits.
            try FileManager.default.copyItem(atPath: folder(fixture) + names[0], toPath: fixture.commitGraphPath)
            files = 1
        }
        let graph = CommitGraphChain.open(objects: objects(fixture))
        #expect((graph?.fileCount ?? 0) == files)
        if damage == .singleFileToo { #expect(graph?.commitCount == CommitGraphChain(path: folder(fixture) + names[0])?.commitCount) }
        #expect(try releases(fixture) == expected)
    }

    @Test("core.commitGraph set to false: git reads no commit-graph, and neither does relnotes")
    func switchedOff() throws {
        let fixture = try layered(.linear).fixture
        let tip = try #require(CommitID(hex: fixture.git("rev-parse", "HEAD~1")))
        #expect(try GitRepository.discover(from: fixture.url.path).walksWithoutReadingObjects(from: tip))
        _ = try fixture.git("config", "core.commitGraph", "false")
        #expect(try !GitRepository.discover(from: fixture.url.path).walksWithoutReadingObjects(from: tip))
    }

    @Test("random damage to the chain's files never crashes a walk or a release read", arguments: [UInt64(1), 2, 3])
    func randomDamage(seed: UInt64) throws {
        let fixture = try layered(.backportBranch, changedPaths: [true, true, true]).fixture
        let names = try chain(fixture)
        let originals = try names.map { try Data(contentsOf: URL(fileURLWithPath: folder(fixture) + $0)) }
        for name in names { try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: folder(fixture) + name) }
        var random = SplitMix64(seed: seed)
        for _ in 0..<60 {
            let victim = Int(random.next() % UInt64(names.count))
            var bytes = originals[victim]
            for _ in 0...(random.next() % 6) {
                // Mostly the header, chunk table and fanout, where one byte moves everything.
                let span = random.next() % 3 == 0 ? bytes.count : min(bytes.count, 8 + 12 * 10 + 1024)
                bytes[Int(random.next() % UInt64(span))] = UInt8(truncatingIfNeeded: random.next())
            }
            try bytes.write(to: URL(fileURLWithPath: folder(fixture) + names[victim]))
            _ = try? releases(fixture)
            try originals[victim].write(to: URL(fileURLWithPath: folder(fixture) + names[victim]))
        }
        #expect(CommitGraphChain.open(objects: objects(fixture))?.fileCount == 3)
    }
}
