import Foundation
import RelnotesCore
import RelnotesFixtures
import RelnotesGit
import Testing

/// Objects are read through a pack reader of relnotes' own first and through the whole object
/// database otherwise: both must give git's bytes, and a damaged pack must be an error.
@Suite("objects read from packs and loose")
struct PackedObjectTests {
    /// A history whose first sixteen commits are packed (trees stored as deltas) and whose
    /// last eight are loose objects; every fifth commit changes only the changelog.
    private func history() throws -> FixtureRepository {
        let fixture = try FixtureRepository()
        for number in 0..<24 {
            let files = number % 5 == 4 ? ["CHANGELOG.md"] : ["src/file\(number % 3).txt", "docs/guide.md", "CHANGELOG.md"]
            try fixture.commit("feat(core): change \(number)\n\nBody of change \(number).\n", changing: files)
            if number == 15 { try fixture.git("repack", "-a", "-d", "-f", "--depth=10", "--window=50") }
        }
        return fixture
    }

    /// The packs' deltified trees and the loose objects, as git counts them.
    private func shape(of fixture: FixtureRepository) throws -> (deltaTrees: Int, loose: Int) {
        let pack = try #require(try FileManager.default.contentsOfDirectory(atPath: fixture.url.path + "/.git/objects/pack").first { $0.hasSuffix(".idx") })
        let verified = try fixture.git("verify-pack", "-v", ".git/objects/pack/\(pack)").split(separator: "\n")
        // A delta's line has seven fields: id, type, size, packed size, offset, depth, base.
        let deltaTrees = verified.filter { $0.split(separator: " ", omittingEmptySubsequences: true).count == 7 && $0.contains(" tree ") }.count
        let loose = try fixture.git("count-objects").split(separator: " ").first.flatMap { Int($0) } ?? 0
        return (deltaTrees, loose)
    }

    @Test("every commit's bytes and changelog-only answer are git's, whether its objects are packed (trees as deltas) or loose")
    func packedAndLoose() throws {
        let fixture = try history()
        let shape = try shape(of: fixture)
        #expect(shape.deltaTrees > 0)
        #expect(shape.loose > 0)
        let repository = try GitRepository.discover(from: fixture.url.path)
        let links = try repository.commitLinks(reachableFrom: try #require(try repository.head()))
        #expect(links.count == 24)
        var changelogOnly = 0
        for link in links {
            let text = try #require(try repository.commitText(link))
            #expect(String(decoding: text.bytes, as: UTF8.self) == (try fixture.git("cat-file", "commit", link.id.description)) + "\n")
            let changed = Set(try fixture.git("diff-tree", "--no-commit-id", "--root", "-r", "--name-only", link.id.description).split(separator: "\n").map(String.init))
            let expected = changed == ["CHANGELOG.md"]
            #expect(try repository.changesOnly(link, paths: ["CHANGELOG.md"]) == expected, "\(changed.sorted())")
            if expected { changelogOnly += 1 }
        }
        #expect(changelogOnly == 4)
    }

    @Test("a damaged pack is exit 2 with a one-line error naming what could not be read, never a crash or a partial changelog")
    func damagedPack() throws {
        let fixture = try history()
        let directory = fixture.url.appendingPathComponent(".git/objects/pack")
        let pack = try #require(try FileManager.default.contentsOfDirectory(atPath: directory.path).first { $0.hasSuffix(".pack") })
        let url = directory.appendingPathComponent(pack)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: url.path)
        var bytes = try Data(contentsOf: url)
        // Every object's compressed bytes after the first few hundred are overwritten.
        for index in 400..<(bytes.count - 20) { bytes[index] = 0xA5 }
        try bytes.write(to: url)
        let result = try RelnotesBinary.run(["changelog", "--all"], in: fixture.url, environment: ["HOME": fixture.environment["HOME"] ?? "/nonexistent"])
        #expect(result.status == 2)
        #expect(result.standardOutput.isEmpty)
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.first?.hasPrefix("relnotes: error: cannot read ") == true)
        #expect(lines.count <= 2)
    }
}
