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
                .union(try UncountedProbe.uncountedIDs(in: fixture, among: expected))
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
        var changedPaths: [CommitID: [String]] = [:]
        for commit in everything {
            changedPaths[commit.id] = try UncountedProbe.changedPaths(of: commit.id.description, in: fixture)
        }
        let memory = InMemoryHistory(commits: everything, tags: tags, head: head, changedPaths: changedPaths)
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

/// The commits that never count, found with git alone: those a `relnotes: skip` note drops, and
/// those whose only change (against the first parent) is CHANGELOG.md.
enum UncountedProbe {
    static func uncountedIDs(in fixture: FixtureRepository, among ids: Set<String>) throws -> [String] {
        var uncounted: [String] = []
        for id in ids {
            let note = (try? fixture.git("notes", "--ref=relnotes", "show", id)) ?? ""
            if note.split(separator: "\n").first.map(String.init) == "relnotes: skip" {
                uncounted.append(id)
            } else if try changedPaths(of: id, in: fixture) == ["CHANGELOG.md"] {
                uncounted.append(id)
            }
        }
        return uncounted
    }

    /// `git diff-tree --name-only` against the first parent (a root commit: everything).
    static func changedPaths(of id: String, in fixture: FixtureRepository) throws -> [String] {
        let parents = try fixture.git("rev-list", "--parents", "-n", "1", id).split(separator: " ").dropFirst()
        let output = if let parent = parents.first {
            try fixture.git("diff-tree", "-r", "--name-only", String(parent), id)
        } else {
            try fixture.git("diff-tree", "-r", "--name-only", "--root", "--no-commit-id", id)
        }
        return output.split(separator: "\n").map(String.init)
    }
}
