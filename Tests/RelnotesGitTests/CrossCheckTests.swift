import Foundation
import RelnotesCore
import RelnotesFixtures
import RelnotesGit
import Testing

/// Scenarios that have at least one commit.
let scenariosWithHistory = Scenario.allCases.filter { $0 != .empty }

@Suite("cross-checks against git")
struct CrossCheckTests {
    @Test("the release tags relnotes considers reachable are git tag --merged HEAD, filtered to release tags", arguments: scenariosWithHistory)
    func reachableTags(scenario: Scenario) throws {
        let fixture = try scenario.build()
        let repository = try GitRepository.discover(from: fixture.url.path)
        let head = try #require(try repository.head())
        let patterns = scenario == .monorepo
            ? [TagNamePattern(component: "api"), TagNamePattern(component: "web")]
            : [TagNamePattern()]
        for pattern in patterns {
            var index = try ReleaseTagIndex(reader: repository, head: head, pattern: pattern)
            let ours = Set(try index.reachable().map(\.name))
            let merged = try fixture.git("tag", "--merged", "HEAD").split(separator: "\n").map(String.init)
            let theirs = Set(merged.filter { pattern.match($0) != nil })
            #expect(ours == theirs)
            #expect(!ours.isEmpty)
        }
    }

    @Test("every release holds exactly the non-merge commits of git rev-list <tag> ^<previous>", arguments: scenariosWithHistory)
    func releaseRanges(scenario: Scenario) throws {
        let fixture = try scenario.build()
        let repository = try GitRepository.discover(from: fixture.url.path)
        let releases = try ReleasePartitioner(configuration: Configuration()).releases(in: repository, scope: .all)
        for release in releases {
            var arguments = ["rev-list", "--no-merges", release.tag?.name ?? "HEAD"]
            if let previous = release.previous { arguments.append("^" + previous.name) }
            var expected = Set(try fixture.git(arguments).split(separator: "\n").map(String.init))
            if release.isUnreleased {
                // Unreleased: what HEAD has and no reachable release tag contains.
                for other in releases where !other.isUnreleased {
                    for id in try fixture.git("rev-list", other.tag!.name).split(separator: "\n") { expected.remove(String(id)) }
                }
            }
            let dropped = Set(try RevertResolverProbe.droppedIDs(in: fixture, expected: expected))
            #expect(Set(release.commits.map(\.id.description)) == expected.subtracting(dropped), "\(release.tagName ?? "unreleased")")
        }
    }

    @Test("the in-memory history and the repository give identical releases and plans", arguments: scenariosWithHistory)
    func inMemoryEquivalence(scenario: Scenario) throws {
        let fixture = try scenario.build()
        let repository = try GitRepository.discover(from: fixture.url.path)
        let head = try #require(try repository.head())
        let tags = try repository.tagReferences()
        let everything = try repository.commits(reachableFrom: [head] + tags.map(\.target), hiding: [])
        let memory = InMemoryHistory(commits: everything, tags: tags, head: head)
        let partitioner = ReleasePartitioner(configuration: Configuration())
        #expect(try partitioner.releases(in: memory, scope: .all) == partitioner.releases(in: repository, scope: .all))
        let planner = VersionPlanner(configuration: Configuration())
        let fromMemory = try planner.plan(in: memory)
        let fromRepository = try planner.plan(in: repository)
        #expect(fromMemory.next == fromRepository.next)
        #expect(fromMemory.nextTagName == fromRepository.nextTagName)
        #expect(fromMemory.commits.map(\.commit.id) == fromRepository.commits.map(\.commit.id))
    }
}

/// The commits a revert pair removes, found with git alone: a `Revert "…"` commit whose body
/// names a commit in the same range removes both.
enum RevertResolverProbe {
    static func droppedIDs(in fixture: FixtureRepository, expected: Set<String>) throws -> [String] {
        var dropped: [String] = []
        for id in expected {
            let body = try fixture.git("log", "-1", "--format=%B", id)
            guard let range = body.range(of: "This reverts commit ") else { continue }
            let reverted = String(body[range.upperBound...].prefix(40))
            if expected.contains(reverted) { dropped += [id, reverted] }
        }
        return dropped
    }
}
