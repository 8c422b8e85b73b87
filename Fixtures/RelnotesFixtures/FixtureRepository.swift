import Foundation

/// A throw-away git repository built with the `git` command line, deterministically.
///
/// Every commit gets fixed author and committer names, emails and dates (one hour apart from
/// 2024-01-01T00:00:00Z), and git runs with no user or system configuration, so the same
/// sequence of calls always gives the same commit ids. The directory is removed on release.
public final class FixtureRepository {
    /// The working tree (or the repository itself when bare).
    public let url: URL
    /// The temporary directory holding the repository and a private `HOME`.
    let root: URL
    private var tick = 0

    /// The first commit's time: 2024-01-01T00:00:00Z.
    public static let epoch = 1_704_067_200

    /// Creates an empty repository whose first branch is `main`.
    public init(bare: Bool = false) throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("relnotes-fixture-\(UUID().uuidString)", isDirectory: true)
        url = root.appendingPathComponent(bare ? "repository.git" : "repository", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        if bare {
            try git("init", "--quiet", "--bare", "--initial-branch=main")
        } else {
            try git("init", "--quiet", "--initial-branch=main")
        }
    }

    /// Wraps an existing directory (a clone made by ``clone(depth:)``); removed on release too.
    private init(root: URL, url: URL, tick: Int) {
        self.root = root
        self.url = url
        self.tick = tick
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    var home: URL { root.appendingPathComponent("home", isDirectory: true) }

    /// The environment git runs in: no configuration but ours, fixed identity and dates.
    public var environment: [String: String] {
        let date = "@\(Self.epoch + tick * 3_600) +0000"
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
        environment["HOME"] = home.path
        environment["XDG_CONFIG_HOME"] = home.path
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        environment["GIT_AUTHOR_NAME"] = "Ada Fixture"
        environment["GIT_AUTHOR_EMAIL"] = "ada@example.com"
        environment["GIT_COMMITTER_NAME"] = "Ada Fixture"
        environment["GIT_COMMITTER_EMAIL"] = "ada@example.com"
        environment["GIT_AUTHOR_DATE"] = date
        environment["GIT_COMMITTER_DATE"] = date
        environment["LC_ALL"] = "C"
        return environment
    }

    /// Runs `git` in the repository and returns its standard output without the final newline.
    @discardableResult
    public func git(_ arguments: String...) throws -> String {
        try git(arguments)
    }

    /// Runs `git` in the repository and returns its standard output without the final newline.
    @discardableResult
    public func git(_ arguments: [String], input: Data? = nil) throws -> String {
        let result = try ProcessRunner.run(
            executable: "/usr/bin/env", arguments: ["git"] + arguments,
            directory: url, environment: environment, input: input
        )
        guard result.status == 0 else {
            throw FixtureError("git \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.standardError)")
        }
        var output = result.standardOutput
        if output.hasSuffix("\n") { output.removeLast() }
        return output
    }

    /// Commits a change to `file` (a new line each time) with `message`, and returns its id.
    @discardableResult
    public func commit(_ message: String, file: String = "file.txt") throws -> String {
        try commit(messageBytes: Array(message.utf8), file: file)
    }

    /// Commits a change to `file` written by `author` (`Name <email>`), committed by the fixed
    /// identity, and returns its id.
    @discardableResult
    public func commit(_ message: String, file: String = "file.txt", author: String) throws -> String {
        tick += 1
        try append(to: file, line: "change \(tick)\n")
        return try storeCommit(messageBytes: Array(message.utf8), author: author)
    }

    /// Commits a change to each of `files` (a new line each) in one commit.
    @discardableResult
    public func commit(_ message: String, changing files: [String]) throws -> String {
        for file in files.dropLast() { try append(to: file) }
        return try commit(message, file: files.last ?? "file.txt")
    }

    /// Writes `entries` as the repository's `.mailmap` and commits it (`chore: mailmap`).
    @discardableResult
    public func commitMailmap(_ entries: String) throws -> String {
        try entries.write(to: url.appendingPathComponent(".mailmap"), atomically: true, encoding: .utf8)
        return try commit("chore: mailmap", changing: [".mailmap"])
    }

    /// Commits a move of `source` to `destination` (`git mv`): a deletion and an addition.
    @discardableResult
    public func move(_ source: String, to destination: String, message: String) throws -> String {
        try FileManager.default.createDirectory(at: url.appendingPathComponent(destination).deletingLastPathComponent(), withIntermediateDirectories: true)
        try git("mv", source, destination)
        tick += 1
        return try storeCommit(messageBytes: Array(message.utf8))
    }

    /// Appends `line` (default: one naming the file and the clock) to `file` and stages it.
    private func append(to file: String, line text: String? = nil) throws {
        let path = url.appendingPathComponent(file)
        try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
        let line = Data((text ?? "change \(tick) \(file)\n").utf8)
        if let handle = try? FileHandle(forWritingTo: path) {
            handle.seekToEndOfFile()
            handle.write(line)
            try handle.close()
        } else {
            try line.write(to: path)
        }
        try git("add", "--", file)
    }

    /// Commits with a message given as raw bytes, stored exactly as given.
    ///
    /// `git commit` re-encodes a message that is not UTF-8 (as Latin-1), so this writes the
    /// commit object itself with `git hash-object` to keep invalid bytes for the tests.
    @discardableResult
    public func commit(messageBytes: [UInt8], file: String = "file.txt") throws -> String {
        tick += 1
        try append(to: file, line: "change \(tick)\n")
        return try storeCommit(messageBytes: messageBytes)
    }

    /// Writes the staged tree as a commit on HEAD with the fixed identity and the clock's date.
    private func storeCommit(messageBytes: [UInt8], author: String = "Ada Fixture <ada@example.com>") throws -> String {
        let tree = try git("write-tree")
        let parent = try? git("rev-parse", "--verify", "--quiet", "HEAD")
        let stamp = "\(Self.epoch + tick * 3_600) +0000"
        var object = "tree \(tree)\n"
        if let parent, !parent.isEmpty { object += "parent \(parent)\n" }
        object += "author \(author) \(stamp)\ncommitter Ada Fixture <ada@example.com> \(stamp)\n\n"
        let id = try git(["hash-object", "-t", "commit", "-w", "--stdin"], input: Data(object.utf8) + Data(messageBytes))
        try git("update-ref", "HEAD", id)
        return id
    }

    /// Creates a lightweight tag, or an annotated one when `message` is given.
    public func tag(_ name: String, message: String? = nil, at target: String = "HEAD") throws {
        tick += 1
        if let message {
            try git("tag", "--annotate", name, "--message", message, target)
        } else {
            try git("tag", name, target)
        }
    }

    /// Creates a branch at `start` (default HEAD) and checks it out.
    public func branch(_ name: String, from start: String = "HEAD") throws {
        try git("checkout", "--quiet", "-b", name, start)
    }

    /// Checks out an existing branch.
    public func checkout(_ name: String) throws {
        try git("checkout", "--quiet", name)
    }

    /// Merges `branch` into the current branch with a merge commit (never a fast-forward).
    @discardableResult
    public func merge(_ branch: String, message: String? = nil) throws -> String {
        tick += 1
        try git("merge", "--quiet", "--no-ff", "-m", message ?? "Merge branch '\(branch)'", branch)
        return try git("rev-parse", "HEAD")
    }

    /// A shallow clone of this repository (through `file://`, so `--depth` applies), with tags.
    public func clone(depth: Int) throws -> FixtureRepository {
        try clone(["--depth", String(depth), url.absoluteString])
    }

    /// A clone that borrows this repository's objects (`git clone --shared`: its
    /// `objects/info/alternates` names this repository's object folder) instead of copying them.
    public func cloneSharingObjects() throws -> FixtureRepository {
        try clone(["--shared", url.path])
    }

    private func clone(_ arguments: [String]) throws -> FixtureRepository {
        let cloneRoot = FileManager.default.temporaryDirectory
            .appendingPathComponent("relnotes-fixture-\(UUID().uuidString)", isDirectory: true)
        let cloneURL = cloneRoot.appendingPathComponent("clone", isDirectory: true)
        try FileManager.default.createDirectory(at: cloneRoot, withIntermediateDirectories: true)
        let clone = FixtureRepository(root: cloneRoot, url: cloneURL, tick: tick)
        try FileManager.default.createDirectory(at: clone.home, withIntermediateDirectories: true)
        let result = try ProcessRunner.run(
            executable: "/usr/bin/env",
            arguments: ["git", "clone", "--quiet"] + arguments + [cloneURL.path],
            directory: cloneRoot, environment: environment, input: nil
        )
        guard result.status == 0 else { throw FixtureError("git clone failed: \(result.standardError)") }
        return clone
    }
}

/// A fixture that could not be built: the message says which git command failed and why.
public struct FixtureError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
