import Foundation
import RelnotesCore
import RelnotesFixtures
@testable import RelnotesGit
import Testing

/// Runs the built `relnotes` in the fixture with a fixed tagger (overridable by `extra`).
private func relnotes(_ arguments: [String], _ fixture: FixtureRepository, _ extra: [String: String] = [:]) throws -> ProcessRunner.Result {
    var environment = ["GIT_COMMITTER_NAME": "Rel Manager", "GIT_COMMITTER_EMAIL": "rm@example.com", "GIT_COMMITTER_DATE": "@1717200000 +0200", "HOME": fixture.environment["HOME"] ?? "/nonexistent"]
    for (key, value) in extra { environment[key] = value }
    return try RelnotesBinary.run(arguments, in: fixture.url, environment: environment)
}

/// Writes a commit object on HEAD with a committer line given verbatim, as `git commit` never
/// would (a forged date), and returns its id.
@discardableResult
private func forgeCommit(_ fixture: FixtureRepository, message: String, stamp: String) throws -> String {
    let tree = try fixture.git("write-tree")
    let parent = try fixture.git("rev-parse", "HEAD")
    let object = "tree \(tree)\nparent \(parent)\nauthor Eve <eve@example.com> \(stamp)\ncommitter Eve <eve@example.com> \(stamp)\n\n\(message)\n"
    let id = try fixture.git(["hash-object", "-t", "commit", "-w", "--literally", "--stdin"], input: Data(object.utf8))
    try fixture.git("update-ref", "HEAD", id)
    return id
}

@Suite("versions that would overflow")
struct OverflowTests {
    @Test("a prerelease counter at UInt64.max is exit 2 naming the tag, never a trap")
    func prereleaseCounter() throws {
        let fixture = try FixtureRepository()
        try fixture.commit("feat: first")
        try fixture.tag("v1.0.0")
        try fixture.tag("v1.1.0-rc.18446744073709551615")
        try fixture.commit("feat: second")
        let run = try relnotes(["next-version", "--pre", "rc"], fixture)
        #expect(run.status == 2, "\(run.standardError)")
        #expect(run.standardOutput.isEmpty)
        #expect(run.standardError.contains("v1.1.0-rc.18446744073709551615"))
    }

    @Test("a major bump of UInt64.max is exit 2 naming the tag, never the same version")
    func majorBump() throws {
        let fixture = try FixtureRepository()
        try fixture.commit("feat: first")
        try fixture.tag("v18446744073709551615.0.0")
        try fixture.commit("feat!: breaking")
        let run = try relnotes(["next-version"], fixture)
        #expect(run.status == 2, "\(run.standardOutput)")
        #expect(run.standardOutput.isEmpty)
        #expect(run.standardError.contains("cannot bump v18446744073709551615.0.0"))
    }

    @Test("tags with numbers beyond 64 bits are not release tags, with one warning for all")
    func oversizedTags() throws {
        let fixture = try FixtureRepository()
        try fixture.commit("feat: first")
        try fixture.tag("v1.0.0")
        try fixture.tag("v18446744073709551616.0.0")
        try fixture.tag("v1.0.0-rc.99999999999999999999")
        try fixture.tag("nightly-99999999999999999999")
        let run = try relnotes(["current-version"], fixture)
        #expect(run.status == 0)
        #expect(run.standardOutput == "v1.0.0\n")
        let warnings = run.standardError.split(separator: "\n").filter { $0.contains("warning") }
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("2 tags") == true)
        #expect(warnings.first?.contains("v18446744073709551616.0.0") == true)
    }
}

@Suite("dates of any value")
struct ExtremeDateTests {
    @Test("a commit dated at Int64.min prints a changelog instead of trapping", arguments: ["-9223372036854775808 +0000", "9223372036854775807 +9959", "0 -9959"])
    func changelogWithForgedDate(stamp: String) throws {
        let fixture = try Scenario.linear.build()
        try forgeCommit(fixture, message: "fix: from the dawn of time", stamp: stamp)
        try fixture.git("update-ref", "refs/tags/v1.0.1", "HEAD")
        let run = try relnotes(["changelog", "--all"], fixture)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("from the dawn of time"))
        let json = try relnotes(["changelog", "--all", "--format", "json"], fixture)
        #expect(json.status == 0, "\(json.standardError)")
    }

    @Test("timestamps beyond years 0000-9999 and offsets beyond ±99:59 are shown clamped")
    func clamping() {
        #expect(Timestamp(seconds: .min, offsetMinutes: .min).iso8601 == "0000-01-01T00:00:00-99:59")
        #expect(Timestamp(seconds: .max, offsetMinutes: .max).iso8601 == "9999-12-31T23:59:59+99:59")
        #expect(Timestamp(seconds: .max, offsetMinutes: 0).day == "9999-12-31")
        #expect(Timestamp(seconds: 1_714_557_600, offsetMinutes: 120).iso8601 == "2024-05-01T12:00:00+02:00")
    }
}

@Suite("signing the tag")
struct SignerTests {
    @Test("a signer that cannot be run is exit 2 naming it, with a hint, never SIGPIPE", arguments: [true, false])
    func missingSigner(configured: Bool) throws {
        let fixture = try Scenario.linear.build()
        var extra: [String: String] = [:]
        if configured {
            try fixture.git("config", "gpg.program", "/nonexistent/gpg")
        } else {
            extra["PATH"] = "/nonexistent-bin"
        }
        let run = try relnotes(["tag", "--sign"], fixture, extra)
        #expect(run.status == 2, "\(run.standardError)")
        #expect(run.standardError.contains(configured ? "cannot run the signer /nonexistent/gpg" : "cannot run the signer gpg: not found in PATH"))
        #expect(run.standardError.contains("gpg.program"))
        #expect(try fixture.git("tag", "-l", "v1.1.0").isEmpty)
    }

    @Test("a signer that writes much to stderr and exits without reading is an error, not a hang or a signal")
    func noisySigner() throws {
        let fixture = try Scenario.linear.build()
        let script = fixture.url.deletingLastPathComponent().appendingPathComponent("noisy-signer")
        try Data("#!/bin/sh\nhead -c 300000 /dev/zero | tr '\\0' x >&2\necho >&2\necho 'noisy: no key' >&2\nexit 1\n".utf8).write(to: script)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        try fixture.git("config", "gpg.program", script.path)
        let run = try relnotes(["tag", "--sign"], fixture)
        #expect(run.status == 2)
        #expect(run.standardError.contains("noisy: no key"))
    }

    @Test("a signer that exits without reading a large payload gives an error, not SIGPIPE")
    func signerExitsEarly() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("relnotes-early-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("early")
        try Data("#!/bin/sh\necho 'early: refused' >&2\nexit 2\n".utf8).write(to: script)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let signer = TagSigner(format: .openpgp, key: "k", program: script.path, timeLimit: 30)
        let error = #expect(throws: GitError.self) { try signer.sign(String(repeating: "payload\n", count: 500_000)) }
        #expect(error?.message.contains("early: refused") == true)
    }

    @Test("a signer that never finishes is stopped after the time limit")
    func slowSigner() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("relnotes-slow-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("slow")
        try Data("#!/bin/sh\nexec sleep 30\n".utf8).write(to: script)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let signer = TagSigner(format: .openpgp, key: "k", program: script.path, timeLimit: 1)
        let error = #expect(throws: GitError.self) { try signer.sign(String(repeating: "payload\n", count: 50_000)) }
        #expect(error?.message.contains("did not finish within 1 s") == true)
    }

    @Test("gpg.format = x509 runs gpg.x509.program (default gpgsm), as git does")
    func x509() throws {
        let fixture = try Scenario.linear.build()
        let record = fixture.url.deletingLastPathComponent().appendingPathComponent("x509-arguments")
        let script = fixture.url.deletingLastPathComponent().appendingPathComponent("fake-gpgsm")
        try Data("#!/bin/sh\necho \"$@\" > '\(record.path)'\ncat > /dev/null\necho '[GNUPG:] SIG_CREATED D' >&2\necho '-----BEGIN SIGNED MESSAGE-----'\necho '-----END SIGNED MESSAGE-----'\n".utf8).write(to: script)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        try fixture.git("config", "gpg.format", "x509")
        try fixture.git("config", "gpg.x509.program", script.path)
        try fixture.git("config", "user.signingkey", "0xABCDEF")
        let run = try relnotes(["tag", "--sign"], fixture)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(try String(contentsOf: record, encoding: .utf8) == "--status-fd=2 -bsau 0xABCDEF\n")
        // The tag object carries what the signer printed, after the message.
        #expect(try fixture.git("cat-file", "tag", "v1.1.0").hasSuffix("-----BEGIN SIGNED MESSAGE-----\n-----END SIGNED MESSAGE-----"))
        #expect(TagSigner(format: .x509, key: "k").program == "gpgsm")
    }

    @Test("a tag signed with gpg verifies with git tag -v and passes git fsck --strict")
    func gpgSigned() throws {
        let fixture = try Scenario.linear.build()
        let home = fixture.url.deletingLastPathComponent().appendingPathComponent("gnupg")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let gpgEnvironment = ["GNUPGHOME": home.path]
        let generate = try ProcessRunner.run(executable: "/usr/bin/env", arguments: ["gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", "", "--quick-gen-key", "Rel Manager <rm@example.com>", "ed25519", "sign", "never"], directory: fixture.url, environment: ProcessInfo.processInfo.environment.merging(gpgEnvironment) { $1 }, input: nil)
        try #require(generate.status == 0, "\(generate.standardError)")
        let run = try relnotes(["tag", "--sign"], fixture, gpgEnvironment)
        #expect(run.status == 0, "\(run.standardError)")
        let verify = try ProcessRunner.run(executable: "/usr/bin/env", arguments: ["git", "tag", "-v", "v1.1.0"], directory: fixture.url, environment: fixture.environment.merging(gpgEnvironment) { $1 }, input: nil)
        #expect(verify.status == 0, "\(verify.standardError)")
        #expect(try fixture.git("fsck", "--strict", "--no-dangling").isEmpty)
    }
}

@Suite("a repository that cannot be read completely")
struct IncompleteRepositoryTests {
    @Test("a missing annotated tag object is exit 2 naming the tag and the object", arguments: [["next-version"], ["changelog", "--all"], ["current-version"]])
    func danglingTag(arguments: [String]) throws {
        let fixture = try Scenario.linear.build()
        try fixture.tag("v1.0.1", message: "patch", at: "HEAD~1")
        let object = try fixture.git("rev-parse", "v1.0.1")
        try FileManager.default.removeItem(at: fixture.url.appendingPathComponent(".git/objects/\(object.prefix(2))/\(object.dropFirst(2))"))
        let run = try relnotes(arguments, fixture)
        #expect(run.status == 2, "\(run.standardOutput)")
        #expect(run.standardOutput.isEmpty)
        #expect(run.standardError.contains("cannot read tag v1.0.1"))
        #expect(run.standardError.contains(object))
    }

    @Test("a repository owned by another user gets git's explanation and the safe.directory hint")
    func unsafeOwner() throws {
        guard getuid() == 0 else { return }  // only root can give a fixture to another user
        let fixture = try Scenario.linear.build()
        let chown = try ProcessRunner.run(executable: "/usr/bin/env", arguments: ["chown", "-R", "12345:12345", fixture.url.path], directory: fixture.url, environment: ProcessInfo.processInfo.environment, input: nil)
        try #require(chown.status == 0)
        defer { _ = try? ProcessRunner.run(executable: "/usr/bin/env", arguments: ["chown", "-R", "0:0", fixture.url.path], directory: fixture.url, environment: ProcessInfo.processInfo.environment, input: nil) }
        let run = try relnotes(["next-version"], fixture)
        #expect(run.status == 2)
        #expect(run.standardError.contains("dubious ownership"))
        #expect(run.standardError.contains("git config --global --add safe.directory \(fixture.url.resolvingSymlinksInPath().path)"))
        let error = #expect(throws: GitError.self) { try GitRepository.discover(from: fixture.url.path) }
        #expect(error?.code == .unsafeOwnership)
    }
}

@Suite("words that say what is wrong")
struct WordingTests {
    @Test("an unborn branch is named as having no commits yet", arguments: ["next-version", "changelog", "tag"])
    func unbornBranch(command: String) throws {
        let fixture = try Scenario.linear.build()
        try fixture.git("checkout", "--quiet", "--orphan", "fresh")
        let run = try relnotes([command, "--allow-dirty"].filter { command == "tag" || $0 != "--allow-dirty" }, fixture)
        #expect(run.status == 2)
        #expect(run.standardError.contains("the branch fresh has no commits yet"), "\(run.standardError)")
    }

    @Test("a tag of a tree, named by the person, is said to point to a tree")
    func treeTag() throws {
        let fixture = try Scenario.linear.build()
        try fixture.git("tag", "v2.0.0", "HEAD^{tree}")
        let run = try relnotes(["notes", "v2.0.0"], fixture)
        #expect(run.status == 2)
        #expect(run.standardError.contains("tag v2.0.0 points to a tree, not a commit"))
        #expect(try relnotes(["current-version"], fixture).standardOutput == "v1.0.0\n")
    }

    @Test("an invalid path glob is a usage error naming it", arguments: ["[", "packages/[a-"])
    func invalidGlob(pattern: String) throws {
        let fixture = try Scenario.linear.build()
        let run = try relnotes(["next-version", "--include-path", pattern], fixture)
        #expect(run.status == 1)
        #expect(run.standardError.contains("'\(pattern)' is not a valid path pattern"))
    }

    @Test("path globs match character sets")
    func globSets() throws {
        #expect(PathGlob("src/[ab].txt").matches("src/a.txt"))
        #expect(!PathGlob("src/[ab].txt").matches("src/c.txt"))
        #expect(PathGlob("src/[!ab]*").matches("src/cat"))
        #expect(PathGlob("v[0-9]/x").matches("v7/x"))
        #expect(throws: UsageError.self) { try PathGlob.validate("a/[b") }
        #expect(throws: Never.self) { try PathGlob.validate("a/[]b]") }
    }
}

@Suite("lint ranges as git reads them")
struct LintRangeTests {
    @Test("A..B, A.., ..B, A...B and one revision name the commits git rev-list names", arguments: ["main..side", "side..", "..side", "main...side", "side...main", "HEAD~1"])
    func ranges(range: String) throws {
        let fixture = try FixtureRepository()
        try fixture.commit("feat: base")
        try fixture.branch("side")
        try fixture.commit("fix: on side", file: "side.txt")
        try fixture.checkout("main")
        try fixture.commit("feat: on main")
        try fixture.commit("docs: more on main")
        let repository = try GitRepository.discover(from: fixture.url.path)
        let ours = try repository.commits(inRange: range).map(\.id.description).sorted()
        let expected: [String]
        if range.contains("..") {
            let gitRange = range.hasPrefix("..") ? "HEAD" + range : range
            expected = try fixture.git("rev-list", gitRange).split(separator: "\n").map(String.init).sorted()
        } else {
            expected = [try fixture.git("rev-parse", range)]
        }
        #expect(ours == expected)
        #expect(!ours.isEmpty)
    }

    @Test("lint A...B checks both sides of a symmetric difference")
    func lintSymmetric() throws {
        let fixture = try FixtureRepository()
        try fixture.commit("feat: base")
        try fixture.branch("side")
        try fixture.commit("bad side commit", file: "side.txt")
        try fixture.checkout("main")
        try fixture.commit("bad main commit")
        let run = try relnotes(["lint", "main...side"], fixture)
        #expect(run.status == 3)
        #expect(run.standardOutput.contains("bad side commit") || run.standardError.contains("bad side commit"))
        #expect(run.standardOutput.contains("bad main commit") || run.standardError.contains("bad main commit"))
    }
}

@Suite("Release-As footers")
struct ReleaseAsTests {
    @Test("a footer not above the current version, or not a version, is ignored with a warning naming its commit", arguments: ["0.5.0", "banana", "1.0.0"])
    func staleFooter(value: String) throws {
        let fixture = try Scenario.linear.build()
        let id = try fixture.commit("fix: stale\n\nRelease-As: \(value)")
        let next = try relnotes(["next-version"], fixture)
        #expect(next.status == 0)
        #expect(next.standardOutput == "v1.1.0\n")
        #expect(next.standardError.contains("ignoring \"Release-As: \(value)\" in commit \(id.prefix(7))"))
        let tag = try relnotes(["tag"], fixture)
        #expect(tag.status == 0, "\(tag.standardError)")
        #expect(tag.standardOutput == "v1.1.0\n")
        #expect(try relnotes(["current-version"], fixture).standardOutput == "v1.1.0\n")
    }

    @Test("--release-as not above the current version is a usage error", arguments: ["0.5.0", "1.0.0"])
    func staleRequest(value: String) throws {
        let fixture = try Scenario.linear.build()
        let run = try relnotes(["next-version", "--release-as", value], fixture)
        #expect(run.status == 1)
        #expect(run.standardError.contains("not above the current version 1.0.0"))
    }
}

@Suite("the tagger as git would accept it")
struct TaggerTests {
    @Test("identities and dates git rejects are refused, naming the variable", arguments: [
        ("GIT_COMMITTER_NAME", "Eve <x> 1 +0000"),
        ("GIT_COMMITTER_EMAIL", "eve<@example.com"),
        ("GIT_COMMITTER_EMAIL", "eve@example.com>\nforged"),
        ("GIT_COMMITTER_NAME", "Eve\nobject 0000"),
        ("GIT_COMMITTER_DATE", "2024-05-01T12:00:00+99:99"),
        ("GIT_COMMITTER_DATE", "@1714557600 +9999"),
        ("GIT_COMMITTER_DATE", "2024-13-01 12:00:00 +0200"),
        ("GIT_COMMITTER_DATE", "yesterday"),
    ])
    func refused(variable: String, value: String) throws {
        let fixture = try Scenario.linear.build()
        let run = try relnotes(["tag"], fixture, [variable: value])
        #expect(run.status == 1, "\(run.standardError)")
        #expect(run.standardError.contains(variable))
        #expect(try fixture.git("tag", "-l", "v1.1.0").isEmpty)
    }

    @Test("the date forms git accepts give the tagger line git would write", arguments: [
        ("2024-05-01 12:00:00 +0200", "1714557600 +0200"),
        ("2024-05-01T12:00:00+02:00", "1714557600 +0200"),
        ("2024-05-01T10:00:00Z", "1714557600 +0000"),
        ("Wed, 01 May 2024 12:00:00 +0200", "1714557600 +0200"),
        ("@1714557600 +0200", "1714557600 +0200"),
        ("1714557600 -0530", "1714557600 -0530"),
    ])
    func accepted(date: String, line: String) throws {
        let fixture = try Scenario.linear.build()
        let run = try relnotes(["tag"], fixture, ["GIT_COMMITTER_DATE": date])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(try fixture.git("cat-file", "-p", "v1.1.0").contains("\ntagger Rel Manager <rm@example.com> \(line)\n"))
        #expect(try fixture.git("fsck", "--strict", "--no-dangling").isEmpty)
    }
}

@Suite("raw tree objects, read without libgit2 parsing them")
struct RawTreeTests {
    /// A tree of three entries, as git stores it: a file, a folder, an executable file.
    private static let valid: [UInt8] = {
        var bytes: [UInt8] = []
        for (mode, name, fill) in [("100644", "a.txt", UInt8(1)), ("40000", "b", 2), ("100755", "c", 3)] {
            bytes += Array("\(mode) \(name)".utf8) + [0] + [UInt8](repeating: fill, count: 20)
        }
        return bytes
    }()

    @Test("entries are found by name with their modes; a name that is a prefix of another is not confused with it")
    func entries() throws {
        try Self.valid.withUnsafeBytes { tree in
            #expect(try RawTree.entry(named: Array("a.txt".utf8), in: tree)?.mode == 0o100644)
            #expect(try RawTree.entry(named: Array("b".utf8), in: tree)?.mode == RawTree.folderMode)
            #expect(try RawTree.entry(named: Array("c".utf8), in: tree)?.id == CommitID(bytes: [UInt8](repeating: 3, count: 20)))
            #expect(try RawTree.entry(named: Array("a".utf8), in: tree) == nil)
            var changed: [String] = []
            var sides: [Bool] = []
            let accepted = try RawTree.differences(nil, tree) { name, old, new in
                sides.append(old == nil && new != nil)
                changed.append(String(decoding: name, as: UTF8.self))
                return true
            }
            #expect(accepted)
            #expect(sides == [true, true, true])
            #expect(changed == ["a.txt", "b", "c"])
        }
    }

    @Test("a truncated or corrupted tree is an error or a smaller answer, never a trap or a read past its end")
    func damaged() throws {
        var damaged: [[UInt8]] = (0..<Self.valid.count).map { Array(Self.valid.prefix($0)) }
        for index in Self.valid.indices {
            for byte: UInt8 in [0, 0x20, 0x2F, 0x38, 0xFF] {
                var copy = Self.valid
                copy[index] = byte
                damaged.append(copy)
            }
        }
        var errors = 0
        var truncationErrors = 0
        for (number, bytes) in damaged.enumerated() {
            // Copied to an allocation of exactly its size, so that a read past the end is one
            // AddressSanitizer (make sanitize) reports.
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
            defer { buffer.deallocate() }
            buffer.copyMemory(from: bytes.withUnsafeBytes { $0 })
            let tree = UnsafeRawBufferPointer(buffer)
            do {
                _ = try RawTree.entry(named: Array("c".utf8), in: tree)
                try Self.valid.withUnsafeBytes { valid in
                    _ = try RawTree.differences(valid, tree) { _, _, _ in true }
                    _ = try RawTree.differences(tree, valid) { _, _, _ in true }
                }
            } catch {
                errors += 1
                if number < Self.valid.count { truncationErrors += 1 }
            }
        }
        // A tree cut anywhere but between entries is refused (three places are between entries:
        // the start and the ends of the first two); damage to an id cannot be seen.
        #expect(truncationErrors == Self.valid.count - 3)
        #expect(errors > truncationErrors)
    }
}
