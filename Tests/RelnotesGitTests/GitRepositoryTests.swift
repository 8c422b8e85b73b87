import Foundation
import RelnotesCore
import RelnotesFixtures
import RelnotesGit
import Testing

@Suite("opening repositories")
struct OpeningTests {
    @Test("a repository is discovered upward from a subdirectory of its working tree")
    func discoversUpward() throws {
        let fixture = try Scenario.linear.build()
        let nested = fixture.url.appendingPathComponent("a/b")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        let repository = try GitRepository.discover(from: nested.path)
        #expect(repository.workingDirectory == fixture.url.resolvingSymlinksInPath().path)
        #expect(repository.gitDirectory.hasSuffix("/.git"))
        #expect(!repository.isBare)
        #expect(try repository.head()?.description == fixture.git("rev-parse", "HEAD"))
    }

    @Test("a path outside any repository is reported as such, with a hint")
    func notARepository() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("relnotes-none-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // A ceiling is not settable here; /tmp itself is not a repository on any sane machine.
        let error = #expect(throws: GitError.self) { try GitRepository.discover(from: directory.path) }
        #expect(error?.code == .notARepository)
        #expect(error?.message.contains("not a git repository") == true)
        #expect(error?.hint?.contains("--repo") == true)
        #expect(error?.category == .repository)
    }

    @Test("a bare repository opens, has no working tree, and lists its tags")
    func bareRepository() throws {
        let fixture = try Scenario.bare.build()
        let repository = try GitRepository.discover(from: fixture.url.path)
        #expect(repository.isBare)
        #expect(repository.workingDirectory == nil)
        #expect(try repository.head()?.description == fixture.git("rev-parse", "HEAD"))
        #expect(try repository.tagReferences().map(\.name) == ["v0.1.0", "v0.2.0", "v1.0.0"])
    }

    @Test("tags are what git for-each-ref says: lightweight and annotated, a tag of a tag, packed or loose; tags of a tree or a blob left out")
    func tagsAsGitListsThem() throws {
        let fixture = try Scenario.linear.build()
        try fixture.tag("v2.0.0", message: "two\n\nwith a body")
        try fixture.git("tag", "-a", "-m", "outer", "v2.0.1", "v2.0.0")
        try fixture.git("tag", "v2.0.2", "HEAD~1")
        try fixture.git("tag", "team/v3.0.0", "HEAD~1")
        try fixture.git("tag", "tree-tag", "HEAD^{tree}")
        try fixture.git("tag", "-a", "-m", "a tree", "tree-annotated", "HEAD^{tree}")
        let blob = try fixture.git(["hash-object", "-w", "--stdin"], input: Data("blob\n".utf8))
        try fixture.git("tag", "blob-tag", blob)
        for packed in [false, true] {
            if packed { try fixture.git("pack-refs", "--all") }
            let repository = try GitRepository.discover(from: fixture.url.path)
            let ours = try repository.tagReferences()
            let listing = try fixture.git("for-each-ref", "refs/tags", "--format=%(refname:strip=2) %(objecttype) %(*objecttype)")
            var expected: [String] = []
            for line in listing.split(separator: "\n") {
                let fields = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
                let name = fields[0]
                guard let commit = try? fixture.git("rev-parse", "--verify", "--quiet", "\(name)^{commit}") else { continue }
                var row = "\(name) \(commit)"
                if fields[1] == "tag" {
                    row += " " + (try fixture.git("for-each-ref", "refs/tags/\(name)", "--format=%(taggername) %(taggeremail) %(taggerdate:raw)|%(contents)"))
                }
                expected.append(row)
            }
            let rows = ours.map { tag in
                var row = "\(tag.name) \(tag.target)"
                if let annotation = tag.annotation {
                    let tagger = annotation.tagger.map { person in
                        let offset = abs(person.time.offsetMinutes)
                        let zone = (person.time.offsetMinutes < 0 ? "-" : "+") + String(format: "%02d%02d", offset / 60, offset % 60)
                        return "\(person.name) <\(person.email)> \(person.time.seconds) \(zone)"
                    } ?? ""
                    row += " \(tagger)|\(annotation.message)"
                }
                return row
            }
            #expect(rows.map { $0.trimmingCharacters(in: .newlines) } == expected.map { $0.trimmingCharacters(in: .newlines) })
            #expect(ours.count == 7)
            // The names alone: every tag, of whatever object, as `git tag` lists them.
            #expect(try repository.tagNames().sorted() == (try fixture.git("tag", "--list")).split(separator: "\n").map(String.init).sorted())
            #expect(try repository.tagNames().count == 10)
        }
    }

    @Test("a linked worktree opens with its own HEAD")
    func worktree() throws {
        let fixture = try Scenario.linear.build()
        let worktree = fixture.url.deletingLastPathComponent().appendingPathComponent("worktree")
        try fixture.git("worktree", "add", "--quiet", "-b", "side", worktree.path, "v0.2.0")
        let repository = try GitRepository.discover(from: worktree.path)
        #expect(try repository.head()?.description == fixture.git("rev-parse", "v0.2.0^{commit}"))
        #expect(repository.workingDirectory == worktree.resolvingSymlinksInPath().path)
        #expect(try repository.tagReferences().count == 3)
    }

    @Test("an empty repository's HEAD is reported as its branch having no commits yet, naming it; it has no tags")
    func emptyRepository() throws {
        let fixture = try Scenario.empty.build()
        let repository = try GitRepository.discover(from: fixture.url.path)
        let error = #expect(throws: GitError.self) { try repository.head() }
        #expect(error?.code == .unbornBranch)
        #expect(error?.message == "cannot read HEAD: the branch main has no commits yet")
        #expect(try repository.tagReferences().isEmpty)
    }

    @Test("the remote URL is read as configured, and a missing remote is nil")
    func remoteURL() throws {
        let fixture = try Scenario.linear.build()
        let repository = try GitRepository.discover(from: fixture.url.path)
        #expect(try repository.remoteURL() == nil)
        try fixture.git("remote", "add", "origin", "git@github.com:acme/widgets.git")
        let reopened = try GitRepository.discover(from: fixture.url.path)
        #expect(try reopened.remoteURL() == "git@github.com:acme/widgets.git")
    }
}

@Suite("reading tags and commits")
struct ReadingTests {
    @Test("annotated and lightweight tags peel to the commit git names, with tagger and message")
    func tags() throws {
        let fixture = try Scenario.linear.build()
        try fixture.git("tag", "tree-tag", "HEAD^{tree}")
        try fixture.git("tag", "-a", "tag-of-tag", "-m", "outer", "v1.0.0")
        let repository = try GitRepository.discover(from: fixture.url.path)
        let tags = try repository.tagReferences()
        #expect(tags.map(\.name) == ["tag-of-tag", "v0.1.0", "v0.2.0", "v1.0.0"])
        for tag in tags {
            #expect(tag.target.description == (try fixture.git("rev-parse", "\(tag.name)^{commit}")))
        }
        let byName = Dictionary(uniqueKeysWithValues: tags.map { ($0.name, $0) })
        #expect(byName["v0.1.0"]?.annotation == nil)
        #expect(byName["v0.2.0"]?.annotation?.message == "Release v0.2.0\n")
        #expect(byName["v0.2.0"]?.annotation?.tagger?.name == "Ada Fixture")
        #expect(byName["tag-of-tag"]?.annotation?.message == "outer\n")
    }

    @Test("commit details match what git stores: parents, author, committer time, message")
    func commitDetails() throws {
        let fixture = try Scenario.merges.build()
        let repository = try GitRepository.discover(from: fixture.url.path)
        let head = try #require(try repository.head())
        let commits = try repository.commits(reachableFrom: [head], hiding: [])
        #expect(commits.count == Int(try fixture.git("rev-list", "--count", "HEAD")))
        for commit in commits {
            let id = commit.id.description
            #expect(commit.parents.map(\.description).joined(separator: " ") == (try fixture.git("log", "-1", "--format=%P", id)))
            #expect(String(commit.committer.time.seconds) == (try fixture.git("log", "-1", "--format=%ct", id)))
            #expect(commit.author.email == "ada@example.com")
            let object = try fixture.git("cat-file", "commit", id) + "\n"
            let stored = try #require(object.range(of: "\n\n")).upperBound
            #expect(commit.message + "\n" == String(object[stored...]) || commit.message == String(object[stored...]))
        }
        #expect(commits.filter(\.isMerge).count == 1)
    }

    @Test("a message that is not UTF-8 is decoded with replacement characters, never a crash")
    func nonUTF8() throws {
        let fixture = try Scenario.nonUTF8Message.build()
        let repository = try GitRepository.discover(from: fixture.url.path)
        let head = try #require(try repository.head())
        let commit = try #require(try repository.commits(reachableFrom: [head], hiding: []).first)
        #expect(commit.message == "fix: caf\u{FFFD} cr\u{FFFD}me")
        let parsed = ConventionalCommitParser().parse(commit)
        #expect(parsed.type == "fix")
    }

    @Test("a range walk returns exactly the commits of git rev-list, children before parents", arguments: [
        (Scenario.merges, "HEAD", ["v0.1.0"]),
        (Scenario.merges, "v0.2.0", ["v0.1.1"]),
        (Scenario.backportBranch, "HEAD", ["v1.1.0"]),
        (Scenario.backportBranch, "v1.0.1", ["v1.0.0"]),
        (Scenario.backportBranch, "HEAD", ["v1.0.1", "v1.1.0"]),
        (Scenario.prereleaseChain, "v1.1.0", ["v1.0.0"]),
    ])
    func rangeWalk(scenario: Scenario, tip: String, hidden: [String]) throws {
        let fixture = try scenario.build()
        let repository = try GitRepository.discover(from: fixture.url.path)
        let tipID = try #require(CommitID(hex: try fixture.git("rev-parse", "\(tip)^{commit}")))
        let hiddenIDs = try hidden.map { try #require(CommitID(hex: try fixture.git("rev-parse", "\($0)^{commit}"))) }
        let commits = try repository.commits(reachableFrom: [tipID], hiding: hiddenIDs)
        let expected = try fixture.git(["rev-list", tip] + hidden.map { "^" + $0 }).split(separator: "\n").map(String.init)
        #expect(Set(commits.map(\.id.description)) == Set(expected))
        #expect(commits.count == expected.count)
        var seen = Set<CommitID>()
        for commit in commits.reversed() {
            #expect(commit.parents.allSatisfy { seen.contains($0) || hiddenIDs.contains($0) || !commits.map(\.id).contains($0) })
            seen.insert(commit.id)
        }
    }

    @Test("ancestry agrees with git merge-base --is-ancestor for every pair of tags")
    func ancestry() throws {
        let fixture = try Scenario.backportBranch.build()
        let repository = try GitRepository.discover(from: fixture.url.path)
        let names = try fixture.git("tag").split(separator: "\n").map(String.init) + ["HEAD"]
        for ancestor in names {
            for descendant in names {
                let expected = try ProcessRunner.run(
                    executable: "/usr/bin/env", arguments: ["git", "merge-base", "--is-ancestor", ancestor, descendant],
                    directory: fixture.url, environment: fixture.environment
                ).status == 0
                let a = try #require(CommitID(hex: try fixture.git("rev-parse", "\(ancestor)^{commit}")))
                let d = try #require(CommitID(hex: try fixture.git("rev-parse", "\(descendant)^{commit}")))
                #expect(try repository.isAncestor(a, of: d) == expected, "\(ancestor) → \(descendant)")
            }
        }
    }
}

@Suite("shallow clones")
struct ShallowTests {
    @Test("a walk that reaches the shallow boundary fails with the unshallow hint, not a partial answer")
    func walkReachesBoundary() throws {
        let source = try Scenario.linear.build()
        let clone = try source.clone(depth: 2)
        let repository = try GitRepository.discover(from: clone.url.path)
        #expect(repository.isShallow)
        let head = try #require(try repository.head())
        let error = #expect(throws: GitError.self) { try repository.commits(reachableFrom: [head], hiding: []) }
        #expect(error?.code == .shallowHistory)
        #expect(error?.message.contains("history is shallow: fetch tags and full history, e.g. `git fetch --unshallow --tags`") == true)
        let planError = #expect(throws: GitError.self) { try VersionPlanner(configuration: Configuration()).plan(in: repository) }
        #expect(planError?.code == .shallowHistory)
    }

    @Test("a shallow clone deep enough to hold the base tag gives the full answer")
    func deepEnough() throws {
        let source = try Scenario.linear.build()
        let clone = try source.clone(depth: 5)
        let repository = try GitRepository.discover(from: clone.url.path)
        #expect(repository.isShallow)
        let plan = try VersionPlanner(configuration: Configuration()).plan(in: repository)
        #expect(plan.base?.name == "v1.0.0")
        #expect(plan.next.description == "1.1.0")
    }
}
