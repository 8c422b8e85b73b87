import Foundation
import RelnotesFixtures
import Testing

/// The releaser's identity and the release date, as git would take them from the environment.
private func releaseEnvironment(_ fixture: FixtureRepository) -> [String: String] {
    [
        "GIT_COMMITTER_NAME": "Rel Manager", "GIT_COMMITTER_EMAIL": "rm@example.com", "GIT_COMMITTER_DATE": "@1717200000 +0200",
        "GIT_AUTHOR_NAME": "Rel Author", "GIT_AUTHOR_EMAIL": "ra@example.com", "GIT_AUTHOR_DATE": "@1717200000 +0200",
        "HOME": fixture.environment["HOME"] ?? "/nonexistent",
    ]
}

private func run(_ arguments: [String], _ fixture: FixtureRepository, _ extra: [String: String] = [:]) throws -> ProcessRunner.Result {
    try RelnotesBinary.run(arguments, in: fixture.url, environment: releaseEnvironment(fixture).merging(extra) { $1 })
}

private let configuration = """
    [[version_files]]
    path = "charts/operator/Chart.yaml"
    key = "version"

    [[version_files]]
    path = "charts/operator/Chart.yaml"
    key = "appVersion"
    value = "{tag}"

    [[version_files]]
    path = "charts/operator/values.yaml"
    key = "image.tag"
    value = "{tag}"

    [[version_files]]
    path = "package.json"
    key = "version"

    [[version_files]]
    path = "Cargo.toml"
    key = "package.version"

    [[version_files]]
    path = "VERSION"
    pattern = '\\A(.*)$'

    """

private let chart = """
    apiVersion: v2
    name: operator
    description: A Helm chart for the operator
    # bumped by relnotes release
    version: 1.0.0
    appVersion: "v1.0.0"

    """

private let values = """
    replicaCount: 1
    image:
      repository: ghcr.io/acme/operator
      # the image built for this release
      tag: "v1.0.0"
      pullPolicy: IfNotPresent

    """

private let packageJSON = """
    {
      "name": "operator-ui",
      "version": "1.0.0",
      "dependencies": { "left-pad": "1.3.0" }
    }

    """

private let cargo = """
    [package]
    name = "operator-cli"
    version = "1.0.0" # keep in step
    edition = "2021"

    [dependencies]
    serde = { version = "1.0.0" }

    """

/// A repository with a Helm chart, a package.json, a Cargo.toml and a VERSION file at 1.0.0,
/// a changelog written by relnotes, and a feature and a fix since v1.0.0.
private func releaseFixture() throws -> FixtureRepository {
    let fixture = try FixtureRepository()
    let files = [
        ".relnotes.toml": configuration, "charts/operator/Chart.yaml": chart, "charts/operator/values.yaml": values,
        "package.json": packageJSON, "Cargo.toml": cargo, "VERSION": "1.0.0\n",
    ]
    for (path, text) in files {
        let url = fixture.url.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
    try fixture.git("add", "-A")
    try fixture.commit("feat: the operator")
    try fixture.tag("v1.0.0", message: "v1.0.0")
    try fixture.commit("feat(api): add widgets")
    try fixture.commit("fix: mend gears", file: "other.txt")
    let changelog = try run(["changelog", "--all", "--output", "CHANGELOG.md"], fixture)
    #expect(changelog.status == 0, "\(changelog.standardError)")
    try fixture.git("add", "CHANGELOG.md")
    try fixture.commit("docs: changelog", file: "docs.txt")
    return fixture
}

/// Everything a failed release must leave as it was: references, the index file's bytes, and
/// every file of the working tree with its mode.
private struct RepositoryState: Equatable {
    var references: String
    var head: String
    var index: Data?
    var files: [String: Data]
    var modes: [String: Int]

    init(_ fixture: FixtureRepository) throws {
        references = try fixture.git("for-each-ref", "--format=%(refname) %(objectname)")
        head = try String(contentsOf: fixture.url.appendingPathComponent(".git/HEAD"), encoding: .utf8)
        index = FileManager.default.contents(atPath: fixture.url.appendingPathComponent(".git/index").path)
        files = [:]
        modes = [:]
        let root = fixture.url.path
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let path = enumerator?.nextObject() as? String {
            if path == ".git" { enumerator?.skipDescendants(); continue }
            let full = root + "/" + path
            let attributes = try FileManager.default.attributesOfItem(atPath: full)
            modes[path] = (attributes[.posixPermissions] as? Int) ?? -1
            if attributes[.type] as? FileAttributeType == .typeRegular {
                files[path] = FileManager.default.contents(atPath: full)
            }
        }
    }
}

@Suite("relnotes release")
struct ReleaseCommandTests {
    @Test("one commit sets the changelog and every version file, then the annotated tag; git finds it all consistent")
    func releases() throws {
        let fixture = try releaseFixture()
        let before = try fixture.git("rev-parse", "HEAD")
        let result = try run(["release"], fixture)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == "v1.1.0\n")
        #expect(result.standardError.contains("git push --atomic origin HEAD v1.1.0"))

        #expect(try fixture.git("rev-parse", "HEAD^") == before)
        #expect(try fixture.git("symbolic-ref", "HEAD") == "refs/heads/main")
        #expect(try fixture.git("log", "-1", "--format=%s%n%an <%ae> %at%n%cn <%ce> %ct") == "chore(release): v1.1.0\nRel Author <ra@example.com> 1717200000\nRel Manager <rm@example.com> 1717200000")
        let stat = try fixture.git("show", "--stat", "--format=", "HEAD")
        for path in ["CHANGELOG.md", "charts/operator/Chart.yaml", "charts/operator/values.yaml", "package.json", "Cargo.toml", "VERSION"] {
            #expect(stat.contains(path), "\(path) in \(stat)")
        }
        #expect(stat.contains("6 files changed"))
        #expect(try fixture.git("status", "--porcelain").isEmpty)
        #expect(try fixture.git("fsck", "--strict", "--no-dangling").isEmpty)
        #expect(try fixture.git("diff", "HEAD").isEmpty)

        #expect(try fixture.git("show", "HEAD:charts/operator/Chart.yaml") + "\n" == chart.replacingFirst("version: 1.0.0", "version: 1.1.0").replacingFirst("\"v1.0.0\"", "\"v1.1.0\""))
        #expect(try fixture.git("show", "HEAD:charts/operator/values.yaml") + "\n" == values.replacingFirst("tag: \"v1.0.0\"", "tag: \"v1.1.0\""))
        #expect(try fixture.git("show", "HEAD:package.json") + "\n" == packageJSON.replacingFirst("\"version\": \"1.0.0\"", "\"version\": \"1.1.0\""))
        #expect(try fixture.git("show", "HEAD:Cargo.toml") + "\n" == cargo.replacingFirst("version = \"1.0.0\" #", "version = \"1.1.0\" #"))
        #expect(try fixture.git("show", "HEAD:VERSION") == "1.1.0")
        let changelog = try fixture.git("show", "HEAD:CHANGELOG.md")
        #expect(changelog.hasPrefix("# Changelog\n\n## Unreleased\n\nNo notable changes.\n\n## 1.1.0 - 2024-06-01\n"))

        #expect(try fixture.git("cat-file", "-t", "v1.1.0") == "tag")
        #expect(try fixture.git("rev-parse", "v1.1.0^{commit}") == fixture.git("rev-parse", "HEAD"))
        let tag = try fixture.git("cat-file", "-p", "v1.1.0")
        #expect(tag.contains("\ntagger Rel Manager <rm@example.com> 1717200000 +0200\n\nv1.1.0\n\n### Features\n"))

        let next = try run(["next-version"], fixture)
        #expect(next.standardOutput == "v1.1.0\n")
        let current = try run(["current-version"], fixture)
        #expect(current.standardOutput == "v1.1.0\n")
        let check = try run(["changelog", "--all", "--output", "CHANGELOG.md", "--check"], fixture)
        #expect(check.status == 0, "\(check.standardOutput)\(check.standardError)")
    }

    @Test("the tag message is the one relnotes tag would write")
    func sameTagMessageAsTag() throws {
        let fixture = try releaseFixture()
        let tagDryRun = try run(["tag", "--dry-run"], fixture)
        #expect(tagDryRun.status == 0)
        let expected = try #require(tagDryRun.standardOutput.range(of: "message:\n\n").map { String(tagDryRun.standardOutput[$0.upperBound...]) })
        #expect(try run(["release"], fixture).status == 0)
        let object = try fixture.git("cat-file", "-p", "v1.1.0")
        let message = try #require(object.range(of: "\n\n").map { String(object[$0.upperBound...]) })
        #expect(message + "\n" == expected)
    }

    @Test("--dry-run prints a diff of every file, the commit message and the tag, and writes nothing")
    func dryRun() throws {
        let fixture = try releaseFixture()
        let before = try RepositoryState(fixture)
        let result = try run(["release", "--dry-run"], fixture)
        #expect(result.status == 0, "\(result.standardError)")
        for header in ["--- a/charts/operator/Chart.yaml\n+++ b/charts/operator/Chart.yaml\n", "--- a/VERSION\n+++ b/VERSION\n", "--- a/CHANGELOG.md\n"] {
            #expect(result.standardOutput.contains(header))
        }
        #expect(result.standardOutput.contains("-version: 1.0.0\n-appVersion: \"v1.0.0\"\n+version: 1.1.0\n+appVersion: \"v1.1.0\"\n"))
        #expect(result.standardOutput.contains("would commit on main as Rel Author <ra@example.com>:\n\nchore(release): v1.1.0\n"))
        #expect(result.standardOutput.contains("would create annotated tag v1.1.0, message:\n\nv1.1.0\n"))
        #expect(try RepositoryState(fixture) == before)
    }

    @Test("VERSION, --pre and --release-as choose the version; [release] commit_message the message")
    func versionChoices() throws {
        let fixture = try releaseFixture()
        let pre = try run(["release", "--pre", "rc", "--dry-run"], fixture)
        #expect(pre.standardOutput.contains("would create annotated tag v1.1.0-rc.1"))
        let exact = try run(["release", "--release-as", "2.0.0", "--dry-run"], fixture)
        #expect(exact.standardOutput.contains("+version: 2.0.0\n"))
        let config = fixture.url.appendingPathComponent(".relnotes.toml")
        try Data((configuration + "[release]\ncommit_message = \"release {version}\"\n").utf8).write(to: config)
        try fixture.git("commit", "-qam", "chore: message")
        let named = try run(["release", "3.0.0"], fixture)
        #expect(named.status == 0, "\(named.standardError)")
        #expect(named.standardOutput == "v3.0.0\n")
        #expect(try fixture.git("log", "-1", "--format=%s") == "release 3.0.0")
    }

    @Test("a dirty tree, a detached HEAD, nothing release-worthy and an existing tag are refused, changing nothing")
    func refusals() throws {
        let fixture = try releaseFixture()
        try fixture.tag("v1.1.0", message: "by hand", at: "HEAD~1")
        var before = try RepositoryState(fixture)
        let existing = try run(["release", "1.1.0"], fixture)
        #expect(existing.status == 2)
        #expect(existing.standardError.contains("already exists"))
        #expect(try RepositoryState(fixture) == before)

        let nothing = try run(["release", "--dry-run"], fixture)
        #expect(nothing.status == 2)
        #expect(nothing.standardError.contains("nothing release-worthy"))

        try fixture.commit("fix: more")
        try Data("edited\n".utf8).write(to: fixture.url.appendingPathComponent("VERSION"))
        before = try RepositoryState(fixture)
        let dirty = try run(["release"], fixture)
        #expect(dirty.status == 2)
        #expect(dirty.standardError.contains("uncommitted changes"))
        #expect(try RepositoryState(fixture) == before)
        try fixture.git("checkout", "--", "VERSION")

        try fixture.git("checkout", "--quiet", "--detach", "HEAD")
        let detached = try run(["release"], fixture)
        #expect(detached.status == 2)
        #expect(detached.standardError.contains("HEAD is detached"))
    }

    @Test("a failure at any step leaves refs, index and working tree exactly as they were", arguments: [
        "read-only version file", "failing signer", "locked branch", "locked index", "locked tag", "missing key",
    ])
    func failureLeavesNothing(injection: String) throws {
        let fixture = try releaseFixture()
        var arguments = ["release"]
        let gitDirectory = fixture.url.appendingPathComponent(".git")
        var lock: URL?
        switch injection {
        case "read-only version file":
            try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: fixture.url.appendingPathComponent("package.json").path)
        case "failing signer":
            let script = fixture.url.deletingLastPathComponent().appendingPathComponent("failing-gpg")
            try Data("#!/bin/sh\necho 'gpg: signing failed: No secret key' >&2\nexit 1\n".utf8).write(to: script)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
            try fixture.git("config", "gpg.program", script.path)
            arguments.append("--sign")
        case "locked branch": lock = gitDirectory.appendingPathComponent("refs/heads/main.lock")
        case "locked index": lock = gitDirectory.appendingPathComponent("index.lock")
        case "locked tag":
            try FileManager.default.createDirectory(at: gitDirectory.appendingPathComponent("refs/tags"), withIntermediateDirectories: true)
            lock = gitDirectory.appendingPathComponent("refs/tags/v1.1.0.lock")
        default:
            try Data(configuration.replacingFirst("key = \"image.tag\"", "key = \"image.digest\"").utf8).write(to: fixture.url.appendingPathComponent(".relnotes.toml"))
            try fixture.git("commit", "-qam", "chore: wrong key")
        }
        if let lock { try Data().write(to: lock) }
        let before = try RepositoryState(fixture)
        let result = try run(arguments, fixture)
        #expect(result.status != 0)
        #expect(result.standardError.hasPrefix("relnotes: error: "), "\(result.standardError)")
        if lock != nil { #expect(result.standardError.contains("nothing was changed"), "\(result.standardError)") }
        #expect(try RepositoryState(fixture) == before, "\(result.standardError)")
        if let lock { try FileManager.default.removeItem(at: lock) }
        #expect(try fixture.git("tag", "-l", "v1.1.0").isEmpty)
        #expect(try fixture.git("status", "--porcelain").isEmpty)
    }

    @Test("--sign signs the commit and the tag so that git verifies both (gpg.format = ssh)")
    func signed() throws {
        let fixture = try releaseFixture()
        try fixture.configureSSHSigning()
        let result = try run(["release", "--sign"], fixture)
        #expect(result.status == 0, "\(result.standardError)")
        for command in [["verify-commit", "HEAD"], ["tag", "-v", "v1.1.0"]] {
            let verify = try ProcessRunner.run(executable: "/usr/bin/env", arguments: ["git"] + command, directory: fixture.url, environment: fixture.environment)
            #expect(verify.status == 0, "\(command): \(verify.standardError)")
            #expect(verify.standardError.contains("Good \"git\" signature for rm@example.com"))
        }
        #expect(try fixture.git("fsck", "--strict", "--no-dangling").isEmpty)
        #expect(try fixture.git("status", "--porcelain").isEmpty)
    }
}

extension String {
    fileprivate func replacingFirst(_ target: String, _ replacement: String) -> String {
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(target) {
                return self[..<index] + replacement + self[self.index(index, offsetBy: target.count)...]
            }
            index = self.index(after: index)
        }
        return self
    }
}
