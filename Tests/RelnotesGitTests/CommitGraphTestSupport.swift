import Foundation
import RelnotesCore
import RelnotesFixtures
import RelnotesGit
import Testing

extension FixtureRepository {
    /// Where git writes this repository's commit-graph file (`git commit-graph write`).
    var commitGraphPath: String {
        let gitDirectory = url.appendingPathComponent(".git").path
        let directory = FileManager.default.fileExists(atPath: gitDirectory) ? gitDirectory : url.path
        return directory + "/objects/info/commit-graph"
    }
}

/// Each commit `tip` reaches, with the paths it changes against its first parent (all of a
/// root commit's), as git's own diff lists them.
func changedPaths(_ fixture: FixtureRepository, from tip: String) throws -> [(id: String, changed: [String])] {
    try fixture.git("rev-list", "--parents", tip).split(separator: "\n").map { line in
        let ids = line.split(separator: " ").map(String.init)
        let changed = try ids.count > 1
            ? fixture.git("diff-tree", "-r", "--name-only", ids[1], ids[0])
            : fixture.git("diff-tree", "-r", "--name-only", "--root", "--no-commit-id", ids[0])
        return (ids[0], changed.split(separator: "\n").map(String.init))
    }
}

/// Where the chunk `name` (`"CDAT"`, `"BIDX"`…) starts in the commit-graph file `bytes`.
func commitGraphChunk(_ bytes: Data, _ name: String) throws -> Int {
    for index in 0..<Int(bytes[6]) {
        let entry = 8 + index * 12
        if bytes[entry..<(entry + 4)].elementsEqual(name.utf8) {
            return bytes[(entry + 4)..<(entry + 12)].reduce(0) { $0 << 8 | Int($1) }
        }
    }
    throw CocoaError(.fileReadCorruptFile)
}

/// Checks that the history walk of `changelog --all` meets exactly the commits a range walk from
/// HEAD reads, with the same parents and committer time (`sameOffset`: the commit-graph file
/// keeps seconds, not the offset), and that completing each gives the range walk's commit.
func expectLinksMatchRangeWalk(_ repository: GitRepository, sameOffset: Bool = true) throws {
    let head = try #require(try repository.head())
    let walked = try repository.commits(reachableFrom: [head], hiding: [])
    let links = try repository.commitLinks(reachableFrom: head)
    #expect(Set(links.map(\.id)) == Set(walked.map(\.id)))
    #expect(links.count == walked.count)
    let byID = Dictionary(uniqueKeysWithValues: walked.map { ($0.id, $0) })
    let other = try GitRepository.discover(from: repository.workingDirectory ?? repository.gitDirectory)
    for link in links {
        let expected = try #require(byID[link.id])
        #expect(link.parents == expected.parents)
        if sameOffset {
            #expect(link.committer.time == expected.committer.time)
        } else {
            #expect(link.committer.time.seconds == expected.committer.time.seconds)
        }
        // Messages (a relnotes note, invalid UTF-8) and authors (the mailmap) as a range walk reads them.
        #expect(try repository.completed(link) == expected)
        // The same in two steps, the bytes read by one repository and decoded by another (the
        // two threads of changelog --all).
        let text = try #require(try repository.commitText(link))
        #expect(try other.decoded(link, text: text) == expected)
    }
}
