import Foundation
import RelnotesFixtures
import Testing

/// The environment `RelnotesBinary.run` gives, for runs through a shell.
private func shellEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
    var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
    environment["GIT_CONFIG_NOSYSTEM"] = "1"
    environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
    environment["NO_COLOR"] = "1"
    environment["RELNOTES"] = RelnotesBinary.url.path
    return environment.merging(extra) { $1 }
}

/// Runs `script` under `/bin/sh` with `$RELNOTES` naming the binary.
private func shell(_ script: String, in directory: URL, environment: [String: String] = [:]) throws -> ProcessRunner.Result {
    try ProcessRunner.run(executable: "/bin/sh", arguments: ["-c", script], directory: directory, environment: shellEnvironment(environment))
}

private func linkedFixture() throws -> FixtureRepository {
    let fixture = try Scenario.linear.build()
    try fixture.git("remote", "add", "origin", "git@github.com:acme/widgets.git")
    return fixture
}

private func mode(_ path: String) throws -> Int {
    try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
}

@Suite("relnotes changelog --output: what happens to the file")
struct OutputFileTests {
    @Test("a fence left open in the Unreleased section by an older version costs no older release")
    func unclosedFenceKeepsReleases() throws {
        let fixture = try linkedFixture()
        let older = "## [1.0.0] - 2024-01-01\n\nHand-edited notes that must survive.\n\n## 0.2.0\n\n- older\n"
        let file = fixture.url.appendingPathComponent("CHANGELOG.md")
        let unreleased = "## [Unreleased]\n\n### ⚠ BREAKING CHANGES\n\n- **api:** drop v1 (abc1234)\n  ```sh\n  rm -rf config\n\n"
        try Data(("# Changelog\n\n" + unreleased + older).utf8).write(to: file)
        let run = try RelnotesBinary.run(["changelog", "--output", "CHANGELOG.md"], in: fixture.url)
        #expect(run.status == 0, "\(run.standardError)")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.hasSuffix("\n\n" + older))
        #expect(!text.contains("rm -rf config"))
        #expect(text.contains("- **cli:** add --quiet"))
    }

    @Test("a CRLF changelog keeps CRLF and gets its Unreleased section replaced, not a second one")
    func crlfFile() throws {
        let fixture = try linkedFixture()
        let file = fixture.url.appendingPathComponent("CHANGELOG.md")
        try Data("# Changelog\r\n\r\n## [Unreleased]\r\n\r\n- stale\r\n\r\n## [1.0.0] - 2024-01-01\r\n\r\n- old\r\n".utf8).write(to: file)
        let run = try RelnotesBinary.run(["changelog", "--output", "CHANGELOG.md"], in: fixture.url)
        #expect(run.status == 0, "\(run.standardError)")
        let bytes = [UInt8](try Data(contentsOf: file))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.contains("stale"))
        #expect(text.components(separatedBy: "## [Unreleased]").count == 2)
        #expect(text.hasSuffix("\r\n\r\n## [1.0.0] - 2024-01-01\r\n\r\n- old\r\n"))
        #expect(!bytes.indices.contains { bytes[$0] == 10 && ($0 == 0 || bytes[$0 - 1] != 13) }, "every line ends in CRLF")
        let check = try RelnotesBinary.run(["changelog", "--output", "CHANGELOG.md", "--check"], in: fixture.url)
        #expect(check.status == 0, "\(check.standardOutput)")
    }

    @Test("a byte-order mark and a Keep a Changelog footer of link definitions survive, with --all too")
    func markAndFooter() throws {
        let fixture = try linkedFixture()
        let file = fixture.url.appendingPathComponent("CHANGELOG.md")
        let footer = "[Unreleased]: https://github.com/acme/widgets/compare/v1.0.0...HEAD\n[1.0.0]: https://github.com/acme/widgets/releases/tag/v1.0.0\n\n<!-- keep this footer -->\n"
        try Data(("\u{FEFF}# Changelog\n\n## [Unreleased]\n\n- stale\n\n" + footer).utf8).write(to: file)
        let run = try RelnotesBinary.run(["changelog", "--output", "CHANGELOG.md"], in: fixture.url)
        #expect(run.status == 0, "\(run.standardError)")
        let bytes = [UInt8](try Data(contentsOf: file))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(String(decoding: bytes, as: UTF8.self).hasSuffix("\n\n" + footer))
        let all = try RelnotesBinary.run(["changelog", "--all", "--output", "CHANGELOG.md"], in: fixture.url)
        #expect(all.status == 0, "\(all.standardError)")
        #expect([UInt8](try Data(contentsOf: file)).starts(with: [0xEF, 0xBB, 0xBF, UInt8(ascii: "#")]))
    }

    @Test("--output onto a symlink writes through to its target; the link stays, the target keeps its mode")
    func symlink() throws {
        let fixture = try linkedFixture()
        let docs = fixture.url.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        let target = docs.appendingPathComponent("CHANGES.md")
        try Data("# Changelog\n\n## 0.1.0\n\n- first\n".utf8).write(to: target)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: target.path)
        try FileManager.default.createSymbolicLink(atPath: fixture.url.appendingPathComponent("CHANGELOG.md").path, withDestinationPath: "docs/CHANGES.md")
        let run = try RelnotesBinary.run(["changelog", "--output", "CHANGELOG.md"], in: fixture.url)
        #expect(run.status == 0, "\(run.standardError)")
        let link = fixture.url.appendingPathComponent("CHANGELOG.md").path
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "docs/CHANGES.md")
        let text = try String(contentsOf: target, encoding: .utf8)
        #expect(text.hasPrefix("# Changelog\n\n## [Unreleased]("))
        #expect(text.hasSuffix("\n## 0.1.0\n\n- first\n"))
        #expect(try mode(target.path) == 0o640)
        #expect(try FileManager.default.contentsOfDirectory(atPath: docs.path).filter { $0.hasPrefix(".") }.isEmpty)
    }

    @Test("a new file gets 0644 less the umask")
    func newFileMode() throws {
        let fixture = try linkedFixture()
        let run = try shell("umask 027 && exec \"$RELNOTES\" changelog --output NEW.md", in: fixture.url)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(try mode(fixture.url.appendingPathComponent("NEW.md").path) == 0o640)
    }

    @Test("temporary files left by a killed run are removed by the next write; a live run's are not")
    func staleTemporaries() throws {
        let fixture = try linkedFixture()
        // A process that has exited: its pid names no running process.
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let dead = ".CHANGELOG.md.relnotes-\(finished.processIdentifier)-12345"
        let live = ".CHANGELOG.md.relnotes-\(getpid())-67890"
        let other = ".OTHER.md.relnotes-\(finished.processIdentifier)-1"
        for name in [dead, live, other] {
            try Data("half".utf8).write(to: fixture.url.appendingPathComponent(name))
        }
        let run = try RelnotesBinary.run(["changelog", "--output", "CHANGELOG.md"], in: fixture.url)
        #expect(run.status == 0, "\(run.standardError)")
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: fixture.url.path))
        #expect(!names.contains(dead))
        #expect(names.contains(live))
        #expect(names.contains(other), "only the target's own temporaries are touched")
    }

    @Test("a full device on --output is exit 2 with the real cause")
    func fullDevice() throws {
        let fixture = try linkedFixture()
        // Through a link, so that a regression replaces the link, never the device itself.
        try FileManager.default.createSymbolicLink(atPath: fixture.url.appendingPathComponent("full").path, withDestinationPath: "/dev/full")
        let run = try RelnotesBinary.run(["changelog", "--all", "--output", "full"], in: fixture.url)
        #expect(run.status == 2)
        #expect(run.standardError.hasPrefix("relnotes: error: cannot write full: No space left on device"))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: fixture.url.appendingPathComponent("full").path) == "/dev/full")
    }
}

@Suite("stdout that cannot be written is a failure")
struct StandardOutputFailureTests {
    @Test("writing to a full device is exit 2 naming the cause", arguments: [
        "changelog --all", "changelog --all --format json", "next-version", "next-version --json", "notes", "lint", "current-version",
    ])
    func fullDevice(arguments: String) throws {
        let fixture = try linkedFixture()
        let run = try shell("exec \"$RELNOTES\" \(arguments) > /dev/full", in: fixture.url)
        #expect(run.status == 2, "\(run.standardError)")
        #expect(run.standardError.contains("relnotes: error: cannot write to standard output: No space left on device"))
    }

    @Test("a reader that closed the pipe is exit 2 with Broken pipe, not a silent death by SIGPIPE")
    func closedPipe() throws {
        let fixture = try linkedFixture()
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        close(ends[0])
        let process = Process()
        process.executableURL = RelnotesBinary.url
        process.arguments = ["changelog", "--all"]
        process.currentDirectoryURL = fixture.url
        process.environment = shellEnvironment()
        process.standardOutput = FileHandle(fileDescriptor: ends[1], closeOnDealloc: true)
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 2)
        #expect(message.contains("cannot write to standard output: Broken pipe"))
    }
}

@Suite("GITHUB_OUTPUT")
struct GitHubOutputFileTests {
    private func environment(_ fixture: FixtureRepository, _ output: String) -> [String: String] {
        ["GITHUB_OUTPUT": output, "GIT_COMMITTER_NAME": "Rel Manager", "GIT_COMMITTER_EMAIL": "rm@example.com", "GIT_COMMITTER_DATE": "@1717200000 +0200", "HOME": fixture.environment["HOME"] ?? "/nonexistent"]
    }

    @Test("a file whose last line has no newline keeps that line apart from ours")
    func missingNewline() throws {
        let fixture = try Scenario.linear.build()
        let file = fixture.url.deletingLastPathComponent().appendingPathComponent("outputs-\(UUID().uuidString)")
        try Data("earlier=step".utf8).write(to: file)
        let run = try RelnotesBinary.run(["next-version", "--github-output"], in: fixture.url, environment: environment(fixture, file.path))
        #expect(run.status == 0, "\(run.standardError)")
        #expect(try String(contentsOf: file, encoding: .utf8).hasPrefix("earlier=step\nversion=1.1.0\n"))
    }

    @Test("tag checks GITHUB_OUTPUT before it creates the tag")
    func checkedBeforeTagging() throws {
        let fixture = try Scenario.linear.build()
        let run = try RelnotesBinary.run(["tag", "--github-output"], in: fixture.url, environment: environment(fixture, "/nonexistent/folder/outputs"))
        #expect(run.status == 2)
        #expect(run.standardError.contains("cannot append to GITHUB_OUTPUT file /nonexistent/folder/outputs: No such file or directory"))
        #expect(try !fixture.git("tag", "--list").contains("v1.1.0"), "no tag was created")
        #expect(run.standardOutput.isEmpty)
    }

    @Test("a failed append is exit 2 with the cause", arguments: ["next-version", "notes"])
    func fullOutputFile(command: String) throws {
        let fixture = try Scenario.linear.build()
        let run = try RelnotesBinary.run([command, "--github-output"], in: fixture.url, environment: environment(fixture, "/dev/full"))
        #expect(run.status == 2)
        #expect(run.standardError.contains("No space left on device"))
    }
}
