import Foundation
import RelnotesCore
import RelnotesFixtures
import RelnotesGit
import Testing

/// The shape of large real projects, small: bare tags then `v` tags on main, nightly
/// prereleases on main, maintenance branches `release/1.x` and `2-0-x` with their own patch and
/// release-candidate tags that HEAD never contains, and a back-port branch merged into main.
/// The benchmark generator writes the same shape at 100,000 to 1,000,000 commits.
private func releaseBranchesHistory() throws -> FixtureRepository {
    let repository = try FixtureRepository()
    try repository.commit("feat: first")
    try repository.tag("1.0.0", message: "Release 1.0.0")
    try repository.commit("fix: parser")
    try repository.tag("1.1.0-nightly.1")
    try repository.commit("feat(cli): flags")
    try repository.tag("1.1.0")
    // release/1.x: cut at 1.1.0, patched twice, never merged.
    try repository.branch("release/1.x", from: "1.1.0")
    try repository.commit("fix: backported crash", file: "crash.txt")
    try repository.tag("1.1.1-rc.1", message: "Release 1.1.1-rc.1")
    try repository.commit("fix: backported leak", file: "leak.txt")
    try repository.tag("1.1.1", message: "Release 1.1.1")
    try repository.checkout("main")
    try repository.commit("feat!: new api\n\nBREAKING CHANGE: the old api is gone")
    try repository.tag("v2.0.0-nightly.1")
    try repository.commit("fix: more")
    try repository.tag("v2.0.0", message: "Release v2.0.0")
    // 2-0-x: cut at v2.0.0, with a high prerelease and patches HEAD never contains.
    try repository.branch("2-0-x", from: "v2.0.0")
    try repository.commit("fix: security", file: "security.txt")
    try repository.tag("v2.0.1-rc.1")
    try repository.commit("fix: security follow-up", file: "security.txt")
    try repository.tag("v2.0.1", message: "Release v2.0.1")
    try repository.commit("feat: maintenance-only feature", file: "maintenance.txt")
    try repository.tag("v9.0.0-rc.1", message: "Release v9.0.0-rc.1")
    // A back-port branch tagged on its own and merged into main.
    try repository.branch("backport/2.0", from: "v2.0.0")
    try repository.commit("fix: backport merged into main", file: "backport.txt")
    try repository.tag("v2.0.2", message: "Release v2.0.2")
    try repository.checkout("main")
    try repository.commit("feat: main work")
    try repository.tag("v2.1.0-nightly.1")
    try repository.merge("backport/2.0")
    try repository.commit("fix: after the back-port")
    try repository.tag("v2.1.0", message: "Release v2.1.0")
    try repository.commit("feat: unreleased work")
    try repository.tag("v2.2.0-nightly.1")
    try repository.commit("fix: unreleased fix")
    return repository
}

@Suite("cross-checks against git on maintenance branches, back-ports and nightly tags")
struct ReleaseBranchCrossCheckTests {
    @Test("the release tags HEAD contains are git tag --merged HEAD, from one walk")
    func reachableTags() throws {
        let fixture = try releaseBranchesHistory()
        let repository = try GitRepository.discover(from: fixture.url.path)
        let head = try #require(try repository.head())
        let pattern = TagNamePattern()
        var index = try ReleaseTagIndex(reader: repository, head: head, pattern: pattern)
        let ours = Set(try index.reachable().map(\.name))
        let merged = try fixture.git("tag", "--merged", "HEAD").split(separator: "\n").map(String.init)
        #expect(ours == Set(merged.filter { pattern.match($0) != nil }))
        #expect(!ours.contains("v9.0.0-rc.1") && !ours.contains("1.1.1") && ours.contains("v2.0.2"))
        // Every tag asked one at a time, highest first (the order next-version asks in),
        // against git's own answer for that tag.
        var fresh = try ReleaseTagIndex(reader: repository, head: head, pattern: pattern)
        for tag in fresh.all.reversed() {
            let contained = (try? fixture.git("merge-base", "--is-ancestor", tag.name, "HEAD")) != nil
            #expect(try fresh.isReachable(tag) == contained, "\(tag.name)")
        }
    }

    @Test("every release holds exactly the non-merge commits of git rev-list <tag> ^<previous>")
    func releaseRanges() throws {
        let fixture = try releaseBranchesHistory()
        let repository = try GitRepository.discover(from: fixture.url.path)
        let releases = try ReleasePartitioner(configuration: Configuration()).releases(in: repository, scope: .all)
        for release in releases {
            var arguments = ["rev-list", "--no-merges", release.tag?.name ?? "HEAD"]
            if let previous = release.previous { arguments.append("^" + previous.name) }
            var expected = Set(try fixture.git(arguments).split(separator: "\n").map(String.init))
            if release.isUnreleased {
                for other in releases where !other.isUnreleased {
                    for id in try fixture.git("rev-list", try #require(other.tag).name).split(separator: "\n") { expected.remove(String(id)) }
                }
            }
            #expect(Set(release.commits.map(\.id.description)) == expected, "\(release.tagName ?? "unreleased")")
        }
    }

    @Test("the in-memory history and the repository give identical releases, plans and current versions")
    func inMemoryEquivalence() throws {
        let fixture = try releaseBranchesHistory()
        let repository = try GitRepository.discover(from: fixture.url.path)
        let head = try #require(try repository.head())
        let tags = try repository.tagReferences()
        let everything = try repository.commits(reachableFrom: [head] + tags.map(\.target), hiding: [])
        let memory = InMemoryHistory(commits: everything, tags: tags, head: head)
        let partitioner = ReleasePartitioner(configuration: Configuration())
        #expect(try partitioner.releases(in: memory, scope: .all) == partitioner.releases(in: repository, scope: .all))
        #expect(try partitioner.releases(in: memory, scope: .unreleased) == partitioner.releases(in: repository, scope: .unreleased))
        let planner = VersionPlanner(configuration: Configuration())
        #expect(try planner.currentVersion(in: memory)?.name == "v2.2.0-nightly.1")
        #expect(try planner.currentVersion(in: repository)?.name == "v2.2.0-nightly.1")
        for request in [VersionRequest(), VersionRequest(prereleaseIdentifier: "rc")] {
            let fromMemory = try planner.plan(in: memory, request: request)
            let fromRepository = try planner.plan(in: repository, request: request)
            #expect(fromMemory.base?.name == "v2.1.0")
            #expect(fromMemory.next == fromRepository.next)
            #expect(fromMemory.nextTagName == fromRepository.nextTagName)
            #expect(fromMemory.commits.map(\.commit.id) == fromRepository.commits.map(\.commit.id))
        }
    }

    @Test("the release of a named tag is the one a full partition from that tag gives, for every tag")
    func namedReleases() throws {
        let fixture = try releaseBranchesHistory()
        let repository = try GitRepository.discover(from: fixture.url.path)
        let head = try #require(try repository.head())
        let tags = try repository.tagReferences()
        let everything = try repository.commits(reachableFrom: [head] + tags.map(\.target), hiding: [])
        let configuration = Configuration()
        for reference in tags {
            // The old way: partition the whole history as seen from the tag.
            let fromTag = InMemoryHistory(commits: everything, tags: tags, head: reference.target)
            let all = try ReleasePartitioner(configuration: configuration).releases(in: fromTag, scope: .all)
            let expected = try #require(all.first { $0.tag?.name == reference.name || $0.aliases.contains { $0.name == reference.name } })
            let selected = try ReleaseSelector(configuration: configuration).select(.tag(reference.name), in: repository)
            #expect(selected.release == expected, "\(reference.name)")
        }
    }
}
