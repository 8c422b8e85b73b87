import Foundation
import RelnotesCore
import RelnotesFixtures
import RelnotesGit
import Testing

@Suite("path filtering against git log -- <path>")
struct PathFilterTests {
    @Test("the commits kept for a folder are those git log lists for it, merges excluded", arguments: [
        (["packages/api/**"], "packages/api"),
        (["packages/api"], "packages/api"),
        (["packages/web/**"], "packages/web"),
        (["packages/shared/**"], "packages/shared"),
        (["packages/api/**", "packages/web/**"], "packages/api packages/web"),
        (["**/*.txt"], "*.txt"),
    ])
    func matchesGitLog(globs: [String], pathspec: String) throws {
        let fixture = try Scenario.monorepo.build()
        let repository = try GitRepository.discover(from: fixture.url.path)
        let head = try #require(try repository.head())
        let filter = PathFilter(include: globs)
        let all = try repository.commits(reachableFrom: [head], hiding: [])
        let kept = try all.filter { !$0.isMerge }.filter { try repository.touches($0, filter) }.map(\.id.description)
        let expected = try fixture.git(["log", "--format=%H", "--no-merges", "--"] + pathspec.split(separator: " ").map(String.init))
            .split(separator: "\n").map(String.init)
        #expect(Set(kept) == Set(expected))
        #expect(!kept.isEmpty)
    }

    @Test("moves into and out of a folder count for it; a commit touching two packages counts for both")
    func movesAndSharedCommits() throws {
        let fixture = try Scenario.monorepo.build()
        let repository = try GitRepository.discover(from: fixture.url.path)
        let head = try #require(try repository.head())
        let commits = try repository.commits(reachableFrom: [head], hiding: [])
        func headers(_ glob: String) throws -> Set<String> {
            Set(try commits.filter { !$0.isMerge }.filter { try repository.touches($0, PathFilter(include: [glob])) }.map { String($0.message.prefix { $0 != "\n" }) })
        }
        let api = try headers("packages/api/**")
        #expect(api.contains("refactor: move util into api"))
        #expect(api.contains("refactor: move old code out of api"))
        #expect(api.contains("feat: shared pagination"))
        #expect(!api.contains("docs: root readme"))
        #expect(try headers("packages/web/**").contains("feat: shared pagination"))
    }

    @Test("exclude globs leave out commits whose every change is excluded")
    func excludes() throws {
        let fixture = try Scenario.monorepo.build()
        let repository = try GitRepository.discover(from: fixture.url.path)
        let head = try #require(try repository.head())
        let filter = PathFilter(exclude: ["README.md", "packages/web/**"])
        let kept = try repository.commits(reachableFrom: [head], hiding: []).filter { !$0.isMerge }.filter { try repository.touches($0, filter) }
        let headers = Set(kept.map { String($0.message.prefix { $0 != "\n" }) })
        #expect(!headers.contains("docs: root readme"))
        #expect(!headers.contains("feat(web): widget page"))
        #expect(headers.contains("feat: shared pagination"))
        #expect(headers.contains("fix(api): empty lists"))
    }

    @Test("a file replaced by a folder, a change of mode alone, a symbolic link and a folder deleted count for it as git log -- <path> says")
    func unusualChanges() throws {
        let fixture = try FixtureRepository()
        let root = fixture.url
        func write(_ path: String, _ text: String) throws {
            let file = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        func commit(_ message: String) throws {
            try fixture.git("add", "--all")
            try fixture.git("commit", "--quiet", "--allow-empty", "-m", message)
        }
        try write("packages/a/run.sh", "echo a\n")
        try write("other/readme", "x\n")
        try commit("feat: first")
        try fixture.git("update-index", "--chmod=+x", "packages/a/run.sh")
        try fixture.git("commit", "--quiet", "-m", "chore: executable, content unchanged")
        try write("other/readme", "y\n")
        try commit("docs: elsewhere")
        try FileManager.default.removeItem(at: root.appendingPathComponent("packages/a/run.sh"))
        try write("packages/a/run.sh/inner.txt", "now a folder\n")
        try commit("refactor: file becomes a folder")
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("packages/a/link").path, withDestinationPath: "run.sh")
        try commit("feat: a link")
        try FileManager.default.removeItem(at: root.appendingPathComponent("packages/a"))
        try commit("chore: the folder goes")
        try write("packages/ab/file", "not a\n")
        try commit("feat: a neighbour with a longer name")

        let repository = try GitRepository.discover(from: root.path)
        let head = try #require(try repository.head())
        let commits = try repository.commits(reachableFrom: [head], hiding: [])
        for (globs, pathspec) in [(["packages/a/**"], "packages/a"), (["packages/a/run.sh", "packages/a/run.sh/**"], "packages/a/run.sh"), (["packages/**"], "packages")] {
            let kept = try commits.filter { try repository.touches($0, PathFilter(include: globs)) }.map(\.id.description)
            let expected = try fixture.git("log", "--format=%H", "--", pathspec).split(separator: "\n").map(String.init)
            #expect(Set(kept) == Set(expected), "\(globs)")
        }
    }
}
