import Foundation
import RelnotesFixtures
import Testing

@Suite("components and path filters, end to end")
struct MonorepoTests {
    @Test("next-version and current-version per component, in its own tag form", arguments: [
        (["--component", "api"], "api@1.0.1", "api@1.1.0"),
        (["--component", "web"], "web-v1.1.0", "web-v1.2.0"),
        (["--component", "api", "--include-path", "packages/api/**"], "api@1.0.1", "api@1.1.0"),
    ])
    func versions(options: [String], current: String, next: String) throws {
        let fixture = try Scenario.monorepo.build()
        let currentRun = try RelnotesBinary.run(["current-version"] + options, in: fixture.url)
        #expect(currentRun.standardOutput == current + "\n", "\(currentRun.standardError)")
        let nextRun = try RelnotesBinary.run(["next-version"] + options, in: fixture.url)
        #expect(nextRun.standardOutput == next + "\n", "\(nextRun.standardError)")
    }

    @Test("a package's changelog holds only its own commits and its own releases")
    func packageChangelog() throws {
        let fixture = try Scenario.monorepo.build()
        let run = try RelnotesBinary.run(["changelog", "--all", "--component", "api", "--include-path", "packages/api/**"], in: fixture.url)
        #expect(run.status == 0, "\(run.standardError)")
        let text = run.standardOutput
        #expect(text.contains("## 1.0.1 - "))
        #expect(text.contains("## 1.0.0 - "))
        #expect(!text.contains("## 1.1.0"))
        #expect(text.contains("- **api:** timeout"))
        #expect(text.contains("- shared pagination"))
        #expect(text.contains("- move util into api"))
        #expect(!text.contains("widget page"))
        #expect(!text.contains("root readme"))
        #expect(!text.contains("cache"))
    }

    @Test("configuration gives the same answer as the flags")
    func configured() throws {
        let fixture = try Scenario.monorepo.build()
        try Data("component = \"api\"\ninclude_paths = [\"packages/api/**\"]\n".utf8).write(to: fixture.url.appendingPathComponent(".relnotes.toml"))
        let run = try RelnotesBinary.run(["next-version", "--explain"], in: fixture.url)
        #expect(run.standardOutput.contains("next version    api@1.1.0"))
        #expect(run.standardOutput.contains("outside the paths"))
    }
}

@Suite("relnotes lint, end to end")
struct LintCommandTests {
    @Test("a range with bad commits exits 3 with one line per finding; a clean range exits 0")
    func range() throws {
        let fixture = try Scenario.linear.build()
        let bad = try fixture.commit("Fix stuff")
        try fixture.commit("feat: fine")
        let run = try RelnotesBinary.run(["lint"], in: fixture.url)
        #expect(run.status == 3)
        #expect(run.standardOutput == "\(bad.prefix(7)): \"Fix stuff\": no type; did you mean \"fix: stuff\"?\n\(try fixture.git("rev-parse", "--short=7", "HEAD~2")): \"not a conventional commit\": no type\n")
        #expect(run.standardError.contains("2 of 5 commits break the commit message rules"))
        let clean = try RelnotesBinary.run(["lint", "HEAD~1..HEAD"], in: fixture.url)
        #expect(clean.status == 0)
        let one = try RelnotesBinary.run(["lint", bad], in: fixture.url)
        #expect(one.status == 3)
    }

    @Test("the installed hook rejects a bad message in a real git commit and lets a good one through")
    func hook() throws {
        let fixture = try Scenario.linear.build()
        let install = try RelnotesBinary.run(["lint", "--install-hook"], in: fixture.url)
        #expect(install.status == 0, "\(install.standardError)")
        let hook = fixture.url.appendingPathComponent(".git/hooks/commit-msg")
        #expect(FileManager.default.isExecutableFile(atPath: hook.path))
        try Data("x\n".utf8).write(to: fixture.url.appendingPathComponent("new.txt"))
        try fixture.git("add", "new.txt")
        let environment = fixture.environment
        let rejected = try ProcessRunner.run(executable: "/usr/bin/env", arguments: ["git", "commit", "-q", "-m", "Fix stuff"], directory: fixture.url, environment: environment)
        #expect(rejected.status != 0)
        #expect(rejected.standardError.contains("no type"))
        #expect(rejected.standardError.contains("did you mean \"fix: stuff\""))
        let accepted = try ProcessRunner.run(executable: "/usr/bin/env", arguments: ["git", "commit", "-q", "-m", "fix: stuff"], directory: fixture.url, environment: environment)
        #expect(accepted.status == 0, "\(accepted.standardError)")
        #expect(try fixture.git("log", "-1", "--format=%s") == "fix: stuff")
        let fixup = try ProcessRunner.run(executable: "/usr/bin/env", arguments: ["git", "commit", "-q", "--allow-empty", "--fixup", "HEAD"], directory: fixture.url, environment: environment)
        #expect(fixup.status == 0, "\(fixup.standardError)")
    }

    @Test("an existing hook relnotes did not write is never replaced; core.hooksPath is respected")
    func foreignHook() throws {
        let fixture = try Scenario.linear.build()
        let hooks = fixture.url.appendingPathComponent(".githooks")
        try FileManager.default.createDirectory(at: hooks, withIntermediateDirectories: true)
        try fixture.git("config", "core.hooksPath", ".githooks")
        let mine = "#!/bin/sh\necho my hook\n"
        try Data(mine.utf8).write(to: hooks.appendingPathComponent("commit-msg"))
        let refused = try RelnotesBinary.run(["lint", "--install-hook"], in: fixture.url)
        #expect(refused.status == 2)
        #expect(refused.standardError.contains("relnotes did not write it"))
        #expect(try String(contentsOf: hooks.appendingPathComponent("commit-msg"), encoding: .utf8) == mine)
        try FileManager.default.removeItem(at: hooks.appendingPathComponent("commit-msg"))
        let installed = try RelnotesBinary.run(["lint", "--install-hook"], in: fixture.url)
        #expect(installed.status == 0)
        #expect(FileManager.default.isExecutableFile(atPath: hooks.appendingPathComponent("commit-msg").path))
        let again = try RelnotesBinary.run(["lint", "--install-hook"], in: fixture.url)
        #expect(again.status == 0, "its own hook may be rewritten")
    }
}
