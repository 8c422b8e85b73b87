import Foundation
import RelnotesCore
import RelnotesFixtures
import RelnotesGit
import Testing

@Suite("git notes and mailmap through libgit2")
struct NotesAndMailmapTests {
    @Test("notes under refs/notes/relnotes are read by the commit they annotate; other notes refs are not")
    func notes() throws {
        let fixture = try FixtureRepository()
        let first = try fixture.commit("feat: bad message")
        let second = try fixture.commit("fix: fine")
        _ = try fixture.git("notes", "--ref=relnotes", "add", "-m", "feat(api): clearer text", first)
        _ = try fixture.git("notes", "add", "-m", "an ordinary note", second)
        let repository = try GitRepository.discover(from: fixture.url.path)
        let notes = try repository.notes()
        #expect(notes.count == 1)
        #expect(notes[CommitID(hex: first)!] == "feat(api): clearer text\n")
    }

    @Test("a repository without the notes reference has no notes")
    func noNotes() throws {
        let fixture = try FixtureRepository()
        _ = try fixture.commit("feat: x")
        #expect(try GitRepository.discover(from: fixture.url.path).notes().isEmpty)
    }

    @Test("the mailmap resolves people as git does")
    func mailmap() throws {
        let fixture = try FixtureRepository()
        try fixture.commitMailmap("Ana Lima <ana@example.com> <ana@old.example.com>\nBo Chen <bo@example.com> Bob <bob@example.com>\n")
        let mailmap = try GitRepository.discover(from: fixture.url.path).mailmap()
        #expect(mailmap.resolve(name: "Ana L.", email: "ana@old.example.com") == ("Ana Lima", "ana@example.com"))
        #expect(mailmap.resolve(name: "Bob", email: "bob@example.com") == ("Bo Chen", "bo@example.com"))
        #expect(mailmap.resolve(name: "Eve", email: "eve@example.com") == ("Eve", "eve@example.com"))
    }
}

@Suite("notes, mailmap and changelog-only commits as the release rules read them")
struct CountingThroughGitTests {
    @Test("contributors of a range with a .mailmap are git shortlog -sne --no-merges's people, plus co-authors")
    func contributorsMatchShortlog() throws {
        let fixture = try Scenario.mailmap.build()
        let repository = try GitRepository.discover(from: fixture.url.path)
        let selected = try ReleaseSelector(configuration: Configuration()).select(.tag("v1.1.0"), in: repository)
        let ours = Set(selected.contributors.map { "\($0.name) <\($0.email)>" })
        let shortlog = try fixture.git("shortlog", "-sne", "--no-merges", "v1.0.0..v1.1.0")
        let theirs = Set(shortlog.split(separator: "\n").map { line in
            String(line.drop { $0 == " " || $0.isNumber }.drop { $0 == "\t" || $0 == " " })
        })
        #expect(theirs == ["Ana Lima <ana@example.com>", "Bo Chen <bo@example.com>"])
        // Co-authored-by aside (git shortlog does not read trailers), the people are the same.
        #expect(ours == theirs.union(["Cy Park <cy@example.com>"]))
        #expect(selected.contributors.count == ours.count)
    }

    @Test("a commit changes only a file when its trees differ only there, at the root or nested", arguments: [
        (["CHANGELOG.md"], ["CHANGELOG.md"], true),
        (["CHANGELOG.md", "src.txt"], ["CHANGELOG.md"], false),
        (["docs/CHANGELOG.md"], ["docs/CHANGELOG.md"], true),
        (["docs/CHANGELOG.md", "docs/guide.md"], ["docs/CHANGELOG.md"], false),
        (["docs/CHANGELOG.md"], ["CHANGELOG.md"], false),
        (["CHANGELOG.md"], ["docs/CHANGELOG.md", "CHANGELOG.md"], true),
    ])
    func changesOnly(changed: [String], paths: [String], expected: Bool) throws {
        let fixture = try FixtureRepository()
        try fixture.commit("feat: base", changing: ["src.txt", "docs/guide.md", "docs/CHANGELOG.md", "CHANGELOG.md"])
        let id = try fixture.commit("docs: change", changing: changed)
        let repository = try GitRepository.discover(from: fixture.url.path)
        let commit = try #require(try repository.commits(inRange: id).first)
        #expect(try repository.changesOnly(commit, paths: paths) == expected)
    }

    @Test("changes only the changelog exactly when git diff-tree lists nothing else: names sorted around folders, modes, deletions, a file turned folder")
    func changesOnlyAgainstDiffTree() throws {
        let fixture = try FixtureRepository()
        let root = fixture.url
        func write(_ path: String) throws {
            let file = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            let old = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
            try (old + "line \(old.count)\n").write(to: file, atomically: true, encoding: .utf8)
        }
        func remove(_ path: String) throws { try FileManager.default.removeItem(at: root.appendingPathComponent(path)) }
        // Names git sorts around the folders `docs/` and `CHANGELOG-x/` ('-' < '.' < '/' < '0').
        let steps: [[() throws -> Void]] = [
            ["CHANGELOG.md", "CHANGELOG.md.old", "CHANGELOG", "CHANGELOG-x/f", "docs/CHANGELOG.md", "docs/CHANGELOG.mdx",
             "docs.txt", "docs-a/f", "docs0", "src/a.txt"].map { path in { try write(path) } },
            [{ try write("CHANGELOG.md") }],
            [{ try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root.appendingPathComponent("CHANGELOG.md").path) }],
            [{ try write("CHANGELOG.md.old") }],
            [{ try write("CHANGELOG.md") }, { try write("CHANGELOG") }],
            [{ try remove("CHANGELOG.md") }],
            [{ try write("CHANGELOG.md") }],
            [{ try remove("CHANGELOG.md") }, { try write("CHANGELOG.md/inner.txt") }],
            [{ try remove("CHANGELOG.md") }, { try write("CHANGELOG.md") }],
            [{ try write("docs/CHANGELOG.md") }],
            [{ try write("docs/CHANGELOG.mdx") }, { try write("docs.txt") }],
            [{ try write("docs-a/f") }, { try write("docs/CHANGELOG.md") }],
            [{ try write("CHANGELOG-x/f") }],
            [{ try write("docs0") }, { try write("CHANGELOG.md") }],
            [{ try remove("docs") }, { try write("docs") }],
            [{ try remove("docs") }, { try write("docs/CHANGELOG.md") }],
            [{ try write("docs.txt") }, { try write("docs/guide.md") }],
            // `docs.txt` sorts before the folder `docs/`: a wrong order pairs the wrong entries.
            [{ try remove("docs.txt") }, { try write("docs/CHANGELOG.md") }],
        ]
        var ids: [String] = []
        for (number, step) in steps.enumerated() {
            for change in step { try change() }
            try fixture.git("add", "-A", ".")
            try fixture.git("commit", "--quiet", "-m", "chore: step \(number)")
            ids.append(try fixture.git("rev-parse", "HEAD"))
        }
        let repository = try GitRepository.discover(from: root.path)
        let commits = try repository.commits(reachableFrom: [try #require(try repository.head())], hiding: [])
        var decided = 0
        for paths in [["CHANGELOG.md"], ["docs/CHANGELOG.md"], ["CHANGELOG.md", "docs/CHANGELOG.md"], ["docs.txt", "docs/CHANGELOG.md"]] {
            for id in ids {
                let changed = Set(try fixture.git("diff-tree", "--no-commit-id", "--root", "-r", "--name-only", id).split(separator: "\n").map(String.init))
                let expected = !changed.isEmpty && changed.isSubset(of: paths)
                let commit = try #require(commits.first { $0.id.description == id })
                #expect(try repository.changesOnly(commit, paths: paths) == expected, "\(paths) \(changed.sorted())")
                if expected { decided += 1 }
            }
        }
        // The table has commits of both answers for every list of paths.
        #expect(decided >= 6)
    }

    @Test("a mode stored unusually (100664) but read as 100644, as git and libgit2 read it, is no change")
    func unusualModeIsNoChange() throws {
        let fixture = try FixtureRepository()
        try fixture.commit("feat: base", changing: ["f", "CHANGELOG.md"])
        let file = try fixture.git("rev-parse", "HEAD:f")
        let changelog = try fixture.git("rev-parse", "HEAD:CHANGELOG.md")
        let newer = try fixture.git(["hash-object", "-w", "--stdin"], input: Data("newer\n".utf8))
        let oldTree = try fixture.git(["mktree"], input: Data("100644 blob \(changelog)\tCHANGELOG.md\n100664 blob \(file)\tf\n".utf8))
        let newTree = try fixture.git(["mktree"], input: Data("100644 blob \(newer)\tCHANGELOG.md\n100644 blob \(file)\tf\n".utf8))
        let old = try fixture.git("commit-tree", oldTree, "-m", "chore: odd mode")
        let new = try fixture.git("commit-tree", newTree, "-p", old, "-m", "docs: changelog")
        #expect(try fixture.git("diff-tree", "-r", "--name-only", old, new) == "CHANGELOG.md")
        let repository = try GitRepository.discover(from: fixture.url.path)
        let commit = try #require(try repository.commits(inRange: new).first)
        #expect(try repository.changesOnly(commit, paths: ["CHANGELOG.md"]))
    }

    @Test("a root commit that adds only the changelog changes only it; an empty commit changes nothing")
    func rootAndEmpty() throws {
        let fixture = try FixtureRepository()
        let root = try fixture.commit("docs: start", file: "CHANGELOG.md")
        try fixture.git("commit", "--quiet", "--allow-empty", "-m", "chore: empty")
        let repository = try GitRepository.discover(from: fixture.url.path)
        let commits = try repository.commits(reachableFrom: [try #require(try repository.head())], hiding: [])
        #expect(try repository.changesOnly(try #require(commits.first { $0.id.description == root }), paths: ["CHANGELOG.md"]))
        #expect(try !repository.changesOnly(try #require(commits.first { $0.id.description != root }), paths: ["CHANGELOG.md"]))
    }

    @Test("a relnotes note replaces the message the walk returns; other notes refs do not")
    func noteReplacesMessage() throws {
        let fixture = try FixtureRepository()
        let id = try fixture.commit("feat: bad message")
        try fixture.git("notes", "--ref=relnotes", "add", "-m", "fix: better", id)
        try fixture.git("notes", "add", "-m", "ordinary", id)
        let repository = try GitRepository.discover(from: fixture.url.path)
        #expect(try repository.commits(inRange: id).map(\.message) == ["fix: better\n"])
    }
}
