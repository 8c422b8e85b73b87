import Foundation
import RelnotesFixtures
import Testing

/// The fixture's identity for the tagger, as git would take it from the environment.
private func taggerEnvironment(_ fixture: FixtureRepository) -> [String: String] {
    ["GIT_COMMITTER_NAME": "Rel Manager", "GIT_COMMITTER_EMAIL": "rm@example.com", "GIT_COMMITTER_DATE": "@1717200000 +0200", "HOME": fixture.environment["HOME"] ?? "/nonexistent"]
}

private func run(_ arguments: [String], _ fixture: FixtureRepository, _ extra: [String: String] = [:]) throws -> ProcessRunner.Result {
    try RelnotesBinary.run(arguments, in: fixture.url, environment: taggerEnvironment(fixture).merging(extra) { $1 })
}

@Suite("relnotes tag")
struct TagCommandTests {
    @Test("creates an annotated tag at HEAD that git reads, with the notes as its message")
    func createsAnnotatedTag() throws {
        let fixture = try Scenario.linear.build()
        let created = try run(["tag"], fixture)
        #expect(created.status == 0, "\(created.standardError)")
        #expect(created.standardOutput == "v1.1.0\n")
        #expect(try fixture.git("cat-file", "-t", "v1.1.0") == "tag")
        #expect(try fixture.git("rev-parse", "v1.1.0^{commit}") == fixture.git("rev-parse", "HEAD"))
        let object = try fixture.git("cat-file", "-p", "v1.1.0")
        #expect(object.contains("\ntagger Rel Manager <rm@example.com> 1717200000 +0200\n"))
        let notes = try run(["notes", "v1.1.0"], fixture)
        #expect(notes.status == 0)
        // The tag object's message: everything after the headers' blank line, byte for byte.
        let message = try #require(object.range(of: "\n\n").map { String(object[$0.upperBound...]) })
        #expect(message + "\n" == "v1.1.0\n\n" + notes.standardOutput)
        #expect(notes.standardOutput.contains("- **cli:** add --quiet"))
    }

    @Test("an existing tag is never moved or replaced")
    func existingTag() throws {
        let fixture = try Scenario.linear.build()
        try fixture.tag("v1.1.0", message: "made by hand", at: "HEAD~1")
        let before = try fixture.git("rev-parse", "v1.1.0")
        let run = try run(["tag", "1.1.0"], fixture)
        #expect(run.status == 2)
        #expect(run.standardError.contains("already exists"))
        #expect(try fixture.git("rev-parse", "v1.1.0") == before)
    }

    @Test("nothing release-worthy is refused; a dirty tree is refused unless --allow-dirty")
    func refusals() throws {
        let fixture = try Scenario.linear.build()
        try fixture.tag("v1.1.0")
        try fixture.commit("docs: words")
        let nothing = try run(["tag"], fixture)
        #expect(nothing.status == 2)
        #expect(nothing.standardError.contains("nothing release-worthy"))
        try fixture.commit("fix: real")
        try Data("edited\n".utf8).write(to: fixture.url.appendingPathComponent("file.txt"))
        let dirty = try run(["tag"], fixture)
        #expect(dirty.status == 2)
        #expect(dirty.standardError.contains("uncommitted changes"))
        #expect(try fixture.git("tag", "-l", "v1.1.1").isEmpty)
        let allowed = try run(["tag", "--allow-dirty"], fixture)
        #expect(allowed.status == 0)
        #expect(allowed.standardOutput == "v1.1.1\n")
    }

    @Test("--dry-run prints the tag and its message and creates nothing")
    func dryRun() throws {
        let fixture = try Scenario.linear.build()
        let run = try run(["tag", "--dry-run"], fixture)
        #expect(run.status == 0)
        #expect(run.standardOutput.hasPrefix("would create annotated tag v1.1.0 at "))
        #expect(run.standardOutput.contains("\n\nv1.1.0\n\n### Features\n"))
        #expect(try fixture.git("tag", "-l", "v1.1.0").isEmpty)
    }

    @Test("--pre tags the next prerelease; --github-output appends the step outputs")
    func prereleaseAndOutputs() throws {
        let fixture = try Scenario.linear.build()
        let outputFile = fixture.url.deletingLastPathComponent().appendingPathComponent("github-output")
        let run = try run(["tag", "--pre", "rc", "--github-output"], fixture, ["GITHUB_OUTPUT": outputFile.path])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput == "v1.1.0-rc.1\n")
        let outputs = try String(contentsOf: outputFile, encoding: .utf8)
        #expect(outputs.hasPrefix("version=1.1.0-rc.1\ntag=v1.1.0-rc.1\nprerelease=true\nnotes<<RELNOTES_EOF_"))
        #expect(outputs.contains("\n### Features\n"))
    }

    @Test("the tagger comes from user.name and user.email when no GIT_COMMITTER_* is set")
    func taggerFromConfig() throws {
        let fixture = try Scenario.linear.build()
        try fixture.git("config", "user.name", "Config Person")
        try fixture.git("config", "user.email", "config@example.com")
        let result = try RelnotesBinary.run(["tag"], in: fixture.url, environment: ["HOME": fixture.environment["HOME"] ?? "/nonexistent"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(try fixture.git("cat-file", "-p", "v1.1.0").contains("\ntagger Config Person <config@example.com> "))
    }

    @Test("--sign with gpg.format = openpgp makes a tag that git tag -v verifies")
    func signedWithGPG() throws {
        let fixture = try Scenario.linear.build()
        let gnupgHome = fixture.url.deletingLastPathComponent().appendingPathComponent("gnupg")
        try FileManager.default.createDirectory(at: gnupgHome, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var environment = fixture.environment
        environment["GNUPGHOME"] = gnupgHome.path
        let generated = try ProcessRunner.run(
            executable: "/usr/bin/env",
            arguments: ["gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", "", "--quick-gen-key", "Rel Manager <rm@example.com>", "ed25519", "sign", "never"],
            directory: fixture.url, environment: environment
        )
        #expect(generated.status == 0, "\(generated.standardError)")
        try fixture.git("config", "user.signingkey", "rm@example.com")
        let result = try run(["tag", "--sign"], fixture, ["GNUPGHOME": gnupgHome.path])
        #expect(result.status == 0, "\(result.standardError)")
        let verify = try ProcessRunner.run(executable: "/usr/bin/env", arguments: ["git", "tag", "-v", "v1.1.0"], directory: fixture.url, environment: environment)
        #expect(verify.status == 0, "\(verify.standardError)")
        #expect(verify.standardError.contains("Good signature"))
        _ = try? ProcessRunner.run(executable: "/usr/bin/env", arguments: ["gpgconf", "--kill", "all"], directory: fixture.url, environment: environment)
    }

    @Test("--sign with gpg.format = ssh makes a tag that git tag -v verifies")
    func signedWithSSH() throws {
        let fixture = try Scenario.linear.build()
        try fixture.configureSSHSigning()
        let result = try run(["tag", "--sign"], fixture)
        #expect(result.status == 0, "\(result.standardError)")
        let verify = try ProcessRunner.run(executable: "/usr/bin/env", arguments: ["git", "tag", "-v", "v1.1.0"], directory: fixture.url, environment: fixture.environment)
        #expect(verify.status == 0, "\(verify.standardError)")
        #expect(verify.standardError.contains("Good \"git\" signature for rm@example.com"))
    }
}
