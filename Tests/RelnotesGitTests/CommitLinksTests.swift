import Foundation
@testable import RelnotesCore
import RelnotesFixtures
@testable import RelnotesGit
import Testing

@Suite("the history walk of changelog --all")
struct CommitLinksTests {
    @Test("the history walk meets every commit a range walk reads, with the same parents and committer time, and completed gives the same commit", arguments: scenariosWithHistory)
    func linksCompleteToTheRangeWalksCommits(scenario: Scenario) throws {
        let fixture = try scenario.build()
        try expectLinksMatchRangeWalk(GitRepository.discover(from: fixture.url.path))
    }

    @Test("signature headers git would never write (odd spacing, a negative offset, no time, trailing crud) read as libgit2's commit parser reads them")
    func oddSignatures() throws {
        let fixture = try FixtureRepository()
        try fixture.commit("feat: base")
        let people = [
            "  Spaced   Out  <  spaced@example.com > 1700000100 -0130",
            "Élodie Ünïcode <elodie@example.com> 1700000200 +0545",
            "No Time <notime@example.com>",
            "Crud.; <crud@example.com>  1700000300 +0100",
        ]
        for (number, person) in people.enumerated() {
            let object = "tree \(try fixture.git("write-tree"))\nparent \(try fixture.git("rev-parse", "HEAD"))\nauthor \(person)\ncommitter \(person)\n\nfix: odd person \(number)\n"
            let id = try fixture.git(["hash-object", "-t", "commit", "-w", "--literally", "--stdin"], input: Data(object.utf8))
            try fixture.git("update-ref", "HEAD", id)
        }
        try expectLinksMatchRangeWalk(GitRepository.discover(from: fixture.url.path))
    }
}

/// Reads of `changelog --all` when the repository has git's commit-graph file: what comes from
/// the file, what from the object database, and a damaged file.
@Suite("changelog --all with a commit-graph file")
struct CommitGraphWalkTests {
    /// Every release of `--all`, read by a fresh repository (the graph file is opened once per repository).
    private func releases(_ fixture: FixtureRepository) throws -> [Release] {
        try ReleasePartitioner(configuration: Configuration()).releases(in: GitRepository.discover(from: fixture.url.path), scope: .all)
    }

    @Test("a commit-graph file older than HEAD: commits it lists come from it, newer ones from the object database, and the releases are the same as without it", arguments: scenariosWithHistory.filter { $0 != .bare })
    func staleFile(scenario: Scenario) throws {
        let fixture = try scenario.build()
        _ = try fixture.git("commit-graph", "write", "--reachable")
        _ = try fixture.commit("fix: after the graph")
        try fixture.tag("v9.9.9")
        _ = try fixture.commit("feat: after the tag")
        try expectLinksMatchRangeWalk(GitRepository.discover(from: fixture.url.path), sameOffset: false)
        let withFile = try releases(fixture)
        try FileManager.default.removeItem(atPath: fixture.commitGraphPath)
        #expect(try releases(fixture) == withFile)
    }

    @Test("the root trees the walk gives (from the file, and read for newer commits), and git's changed-path filters, decide the changelog-only rule and the path filter as git's own diffs do")
    func treesFromTheWalk() throws {
        let fixture = try FixtureRepository()
        try fixture.commit("feat: start", changing: ["CHANGELOG.md", "packages/a/a.txt", "packages/b/b.txt"])
        try fixture.tag("v1.0.0")
        try fixture.commit("docs: changelog only", file: "CHANGELOG.md")
        try fixture.commit("fix(a): a", file: "packages/a/a.txt")
        try fixture.commit("docs: changelog and a", changing: ["CHANGELOG.md", "packages/a/a.txt"])
        try fixture.branch("side")
        try fixture.checkout("side")
        try fixture.commit("docs: changelog on a branch", file: "CHANGELOG.md")
        try fixture.commit("feat(c): c on a branch", file: "packages/c/c.txt")
        try fixture.checkout("main")
        try fixture.commit("fix(b): b", file: "packages/b/b.txt")
        try fixture.merge("side")
        try fixture.tag("v1.1.0")
        _ = try fixture.git("commit-graph", "write", "--reachable")
        // After the file: read from the object database, parents' trees from the walk.
        try fixture.commit("docs: changelog only, after the file", file: "CHANGELOG.md")
        try fixture.commit("fix(a): a, after the file", file: "packages/a/a.txt")
        try fixture.tag("v1.2.0")

        let all = Set(try fixture.git("rev-list", "HEAD").split(separator: "\n").map(String.init))
        let merges = Set(try fixture.git("rev-list", "--merges", "HEAD").split(separator: "\n").map(String.init))
        let uncounted = Set(try UncountedProbe.uncountedIDs(in: fixture, among: all))
        #expect(uncounted.count == 3)
        let inA = Set(try fixture.git("log", "--format=%H", "--", "packages/a").split(separator: "\n").map(String.init))
        var filtered = Configuration()
        filtered.includePaths = ["packages/a/**"]
        for (configuration, kept) in [(Configuration(), all), (filtered, inA)] {
            let expected = kept.subtracting(uncounted).subtracting(merges)
            func counted() throws -> Set<String> {
                let releases = try ReleasePartitioner(configuration: configuration).releases(in: GitRepository.discover(from: fixture.url.path), scope: .all)
                return Set(releases.flatMap(\.commits).map(\.id.description))
            }
            #expect(try counted() == expected)
            try FileManager.default.removeItem(atPath: fixture.commitGraphPath)
            #expect(try counted() == expected)
            // With git's changed-path Bloom filters, which rule most commits out without their trees.
            _ = try fixture.git("commit-graph", "write", "--reachable", "--changed-paths")
            #expect(try counted() == expected)
            try FileManager.default.removeItem(atPath: fixture.commitGraphPath)
            _ = try fixture.git("commit-graph", "write", "--reachable")
        }
    }

    /// Commits that change only the changelog, on the straight line and right after merges of
    /// side branches, between commits that change other files; the subjects tell which.
    private static func changelogOnlyCommits() throws -> FixtureRepository {
        let fixture = try FixtureRepository()
        try fixture.commit("feat: root", changing: ["CHANGELOG.md", "a.txt"])
        try fixture.tag("v1.0.0")
        try fixture.branch("side1")
        try fixture.commit("feat: side one", file: "side1.txt")
        try fixture.checkout("main")
        try fixture.commit("docs: changelog only, one", file: "CHANGELOG.md")
        try fixture.merge("side1")
        try fixture.branch("side2")
        try fixture.commit("fix: side two", file: "side2.txt")
        try fixture.checkout("main")
        try fixture.commit("docs: changelog only, two", file: "CHANGELOG.md")
        try fixture.merge("side2")
        try fixture.commit("docs: changelog only, three", file: "CHANGELOG.md")
        try fixture.commit("fix: last", file: "a.txt")
        return fixture
    }

    @Test("what is asked ahead of the commits, while the tags are listed, the history walked and the ranges worked out, is what reading each commit asks; a commit whose first parent is not walked next is left to the reading thread")
    func answersAhead() throws {
        let fixture = try Self.changelogOnlyCommits()

        let repository = try GitRepository.discover(from: fixture.url.path)
        let head = try #require(try repository.head())
        let walked = try repository.commitLinks(reachableFrom: head)
        let extractor = EntryExtractor(configuration: Configuration())
        // The whole walk asked, on this thread (the asking thread stops wherever the ranges are
        // known; below, whatever it answered by then must agree too).
        var answers = AnswersAhead.Answers()
        answers.ask(try GitRepository.discover(from: fixture.url.path), from: head, extractor: extractor) { false }
        let path = fixture.url.path
        let (early, handoff) = AnswersAhead.start(head: head, extractor: extractor) { try GitRepository.discover(from: path) }.finish()
        #expect(handoff.take() != nil && handoff.take() == nil, "the asking thread's history is handed over once")
        // What the reading thread asks: each commit with its first parent's tree from the graph.
        let history = InMemoryHistory(commits: walked, tags: [], head: head)
        let reader = try GitRepository.discover(from: fixture.url.path)
        var answered: [EntryExtractor.Answer] = []
        var left: [String] = []
        for position in 0..<history.count {
            let index = history.givenIndex(at: position)
            let commit = walked[index]
            let expected = try extractor.answer(history.commitWithParentTree(at: position), paths: reader)
            #expect(answers[index, walked[(index + 1) % walked.count].id] == nil, "an answer is only for its own commit")
            if let answer = early[index, commit.id] { #expect(answer == expected, "\(commit.id)") }
            if let answer = answers[index, commit.id] {
                #expect(answer == expected, "\(commit.id)")
                answered.append(answer)
            } else {
                left.append(try fixture.git("log", "-1", "--format=%s", commit.id.description))
            }
        }
        // The changelog-only commit on a straight line is answered; the two whose parents are
        // walked long before them (after a side branch) and the merges are left.
        #expect(answered.contains(.counts(changelogOnly: true)))
        #expect(Set(left) == ["docs: changelog only, one", "docs: changelog only, two", "Merge branch 'side1'", "Merge branch 'side2'"])
    }

    /// The changelog-only fixture without a commit-graph file (the walk reads every commit),
    /// and what a walk of its own asks ahead of it.
    private struct Followed {
        let fixture: FixtureRepository
        let repository: GitRepository
        let head: CommitID
        let extractor = EntryExtractor(configuration: Configuration())
        var own = AnswersAhead.Answers()
        var path: String { fixture.url.path }

        init() throws {
            fixture = try CommitGraphWalkTests.changelogOnlyCommits()
            repository = try GitRepository.discover(from: fixture.url.path)
            head = try #require(try repository.head())
            #expect(!repository.walksWithoutReadingObjects(from: head), "the walk reads the commits")
            own.ask(try GitRepository.discover(from: fixture.url.path), from: head, extractor: extractor) { false }
        }
    }

    @Test("without a commit-graph file, what is asked following the walk is what reading each commit asks, for the same commits as a walk of its own")
    func answersFollowingTheWalk() throws {
        let followedFixture = try Followed()
        let (path, repository, head, extractor, own) = (followedFixture.path, followedFixture.repository, followedFixture.head, followedFixture.extractor, followedFixture.own)

        // The whole walk followed (room for every commit), then asked on this thread.
        let feed = WalkFeed(limit: 1_000, batchSize: 2)
        var walker = WalkFeed.Walker(feed)
        let walked = try repository.commitLinks(reachableFrom: head) { walker.add($0) }
        walker.end()
        var followed = AnswersAhead.Answers()
        followed.ask(try GitRepository.discover(from: path), walk: feed.forEach, extractor: extractor) { false }
        // On another thread, stopped whenever it has got to by then.
        let threadFeed = WalkFeed(limit: 1_000, batchSize: 2)
        let ahead = AnswersAhead.start(following: threadFeed, extractor: extractor) { try GitRepository.discover(from: path) }
        var threadWalker = WalkFeed.Walker(threadFeed)
        #expect(try repository.commitLinks(reachableFrom: head) { threadWalker.add($0) } == walked)
        threadWalker.end()
        let (early, handoff) = ahead.finish()
        #expect(handoff.take() != nil, "the following thread's history is handed over")

        let history = InMemoryHistory(commits: walked, tags: [], head: head)
        var answered = 0
        for position in 0..<history.count {
            let index = history.givenIndex(at: position)
            let id = walked[index].id
            #expect(followed[index, id] == own[index, id], "\(id)")
            let expected = try extractor.answer(history.commitWithParentTree(at: position), paths: repository)
            if let answer = followed[index, id] {
                #expect(answer == expected)
                answered += 1
            }
            if let answer = early[index, id] { #expect(answer == expected) }
        }
        #expect(answered == walked.count - 4, "all but the two commits after a side branch and the two merges")
    }

    @Test("a commit the walk did not hand over (its follower was behind) is left unanswered, with the one before it; the answers after it stay at their own commits")
    func answersFollowingWithGaps() throws {
        let followedFixture = try Followed()
        let (path, repository, head, extractor, own) = (followedFixture.path, followedFixture.repository, followedFixture.head, followedFixture.extractor, followedFixture.own)
        let walked = try repository.commitLinks(reachableFrom: head)
        let gap = 2
        var followed = AnswersAhead.Answers()
        followed.ask(try GitRepository.discover(from: path), walk: { visit in
            for (index, commit) in walked.enumerated() where !visit(index == gap ? nil : commit) { return }
        }, extractor: extractor) { false }
        var after = 0
        for (index, commit) in walked.enumerated() {
            if index == gap - 1 || index == gap {
                #expect(followed[index, commit.id] == nil, "\(index)")
            } else {
                #expect(followed[index, commit.id] == own[index, commit.id], "\(index)")
                if index > gap, followed[index, commit.id] != nil { after += 1 }
            }
        }
        #expect(own[gap - 1, walked[gap - 1].id] != nil && after > 0, "the gap and the answers after it are tested")
    }

    @Test("what the writing thread asks while it waits is what the reading thread would ask, and the reading thread uses each answer for its own commit")
    func answersWhileWaiting() throws {
        let fixture = try Self.changelogOnlyCommits()
        _ = try fixture.git("gc", "--quiet")

        let writing = try GitRepository.discover(from: fixture.url.path)
        let head = try #require(try writing.head())
        let history = InMemoryHistory(commits: try writing.commitLinks(reachableFrom: head), tags: [], head: head)
        let configuration = Configuration()
        var writer = ReleasePartitioner.Context(reader: history, paths: writing, configuration: configuration, completing: true)
        let range = try writer.range(from: head, hiding: []).ids
        let subjects = try range.ids.map { try fixture.git("log", "-1", "--format=%s", $0.description) }
        let release = Release(tag: nil, version: nil, previous: nil, date: nil, commits: [])
        let reading = try #require(try writing.concurrentOpener()?() as? GitRepository)
        // The release as the reading thread gives it, with `store`'s answers or none.
        func read(_ store: AnswersWhileWaiting?) throws -> [EntryExtractor.Outcome?] {
            var reader = ReleasePartitioner.Context(reader: history, paths: reading, configuration: configuration, completing: true)
            reader.share(ReadCommits(uses: []))
            reader.waiting = store
            return try reader.read(0, release, range, dateTip: nil).commits.map { try $0.map { try writer.extractor.outcome(of: $0, paths: writing) } }
        }

        let store = AnswersWhileWaiting()
        let questions = writer.waitingQuestions
        while store.askNext(sizes: [range.ids.count], batch: 3, { questions.answer(in: range, at: $1) }) {}
        let asked = store.start(0)
        #expect(asked.count == range.ids.count)
        for (offset, answer) in asked.enumerated() {
            let expected: EntryExtractor.Answer = subjects[offset].hasPrefix("Merge") ? .excluded(.merge) : .counts(changelogOnly: subjects[offset].contains("changelog only"))
            #expect(answer == expected, "\(subjects[offset])")
        }
        let planted = AnswersWhileWaiting()
        #expect(planted.askNext(sizes: [range.ids.count], batch: range.ids.count) { _, offset in asked[offset] })
        let fromAnswers = try read(planted)
        #expect(fromAnswers == (try read(nil)))
        // An answer is taken for the commit at its own offset: one planted wrong shows there.
        let last = try #require(subjects.firstIndex(of: "fix: last"))
        let wrong = AnswersWhileWaiting()
        #expect(wrong.askNext(sizes: [range.ids.count], batch: range.ids.count) { _, offset in offset == last ? .excluded(.merge) : asked[offset] })
        var expected = fromAnswers
        expected[last] = .excluded(.merge)
        #expect(try read(wrong) == expected)
    }

    @Test("a repository opened to read on another thread reads the packs through handles of its own, and reads the same objects, loose ones too")
    func ownPacks() throws {
        let fixture = try FixtureRepository()
        try fixture.commit("feat: first")
        let packed = try #require(CommitID(hex: try fixture.commit("fix: second")))
        _ = try fixture.git("gc", "--quiet")
        let loose = try #require(CommitID(hex: try fixture.commit("fix: after the pack")))
        let bare = try FixtureRepository(bare: true)
        _ = try bare.git("fetch", "--quiet", fixture.url.path, "main:main")
        _ = try bare.git("gc", "--quiet")
        // The bare clone fetched the loose commit too, and packed it.
        for (path, commits, unpacked) in [(fixture.url.path, [packed, loose], [loose]), (bare.url.path, [packed, loose], [])] {
            let repository = try GitRepository.discover(from: path)
            let opened = try #require(try repository.concurrentOpener()?() as? GitRepository)
            #expect(opened.ownPacks != nil && repository.ownPacks == nil, "\(path)")
            // The same pack files, under another path (libgit2 keys its pack handles by path):
            // the backend of its own holds what is packed, and nothing loose.
            let own = try opened.rawCommitReader()
            for id in commits { #expect(own.packsHold(id) == !unpacked.contains(id), "\(path) \(id)") }
            for id in commits {
                let bytes = try own.withCommit(id) { Array($0) }
                let shared = try repository.rawCommitReader().withCommit(id) { Array($0) }
                #expect(!bytes.isEmpty && bytes == shared)
                // Through libgit2's object database too (its own backend is asked first).
                let link = try #require(try opened.commitLinks(reachableFrom: id).first)
                let completed = try opened.completed(link)
                #expect(completed == (try repository.completed(link)))
            }
        }
    }

    @Test("the history is walked without reading objects when git's commit-graph file lists HEAD: only then is it walked twice, to ask ahead")
    func walksWithoutReading() throws {
        let fixture = try FixtureRepository()
        try fixture.commit("feat: first")
        let first = try fixture.commit("fix: second")
        func cheap(_ tip: String) throws -> Bool {
            try GitRepository.discover(from: fixture.url.path).walksWithoutReadingObjects(from: #require(CommitID(hex: tip)))
        }
        #expect(try !cheap(first))
        _ = try fixture.git("commit-graph", "write", "--reachable")
        #expect(try cheap(first))
        let newer = try fixture.commit("fix: after the file")
        #expect(try !cheap(newer))
    }

    @Test("a release's date keeps its committer's offset when its commit comes from the commit-graph file")
    func releaseDateOffset() throws {
        let fixture = try FixtureRepository()
        let first = try fixture.commit("feat: first")
        let tree = try fixture.git("rev-parse", "HEAD^{tree}")
        // 1709288000 is 2024-03-01T10:13:20Z: already 2024-03-01 in UTC, but in UTC-12 still
        // 2024-02-29, which only the committer's offset tells.
        let object = "tree \(tree)\nparent \(first)\nauthor Ada Fixture <ada@example.com> 1709288000 -1200\ncommitter Ada Fixture <ada@example.com> 1709288000 -1200\n\nfix: late\n"
        let late = try fixture.git(["hash-object", "-t", "commit", "-w", "--stdin"], input: Data(object.utf8))
        _ = try fixture.git("update-ref", "refs/heads/main", late)
        _ = try fixture.git("tag", "v1.0.0", late)
        _ = try fixture.git("commit-graph", "write", "--reachable")
        let release = try #require(try releases(fixture).first { $0.tag?.name == "v1.0.0" })
        #expect(release.date == Timestamp(seconds: 1_709_288_000, offsetMinutes: -12 * 60))
        #expect(release.date?.day == "2024-02-29")
    }

    @Test("a commit-graph file with a damaged commit-data chunk or cut short is read around or not at all: the releases stay git's", arguments: [0, 1, 2])
    func damagedFile(damage: Int) throws {
        let fixture = try Scenario.prereleaseChain.build()
        let expected = try releases(fixture)
        _ = try fixture.git("commit-graph", "write", "--reachable")
        let path = fixture.commitGraphPath
        // The file is written read-only.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let commitData = try commitGraphChunk(bytes, "CDAT")
        switch damage {
        case 0:
            // Every parent position out of range: each commit is read from the object database.
            for entry in stride(from: commitData, to: bytes.count - 36 - 20, by: 36) {
                bytes.replaceSubrange((entry + 20)..<(entry + 28), with: [0x6F, 0xFF, 0xFF, 0xFE, 0x6F, 0xFF, 0xFF, 0xFE])
            }
        case 1:
            // Cut inside the commit data: the file is not used.
            bytes = bytes.prefix(commitData + 40)
        default:
            // An octopus flag pointing past the extra-edge list.
            bytes.replaceSubrange((commitData + 24)..<(commitData + 28), with: [0xFF, 0xFF, 0xFF, 0xF0])
        }
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect(try releases(fixture) == expected)
    }
}
