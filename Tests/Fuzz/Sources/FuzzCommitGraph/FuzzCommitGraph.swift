import FuzzCheck
import Foundation
import RelnotesCore
import RelnotesGit

/// git's commit-graph files, as relnotes reads them, from any bytes: the input's first byte
/// chooses the form (even: the single file `objects/info/commit-graph`; odd: a chain of files in
/// `objects/info/commit-graphs/`, the rest of the input cut before each `CGPH` signature, each
/// named in the chain by its last 20 bytes as git names them), and the rest are the files.
///
/// They are put in a small repository built once, deterministically, with the `git` command
/// (merges, an octopus merge, tags, a commit that changes only the changelog, folders for a path
/// filter), and `changelog --all` is worked out with and without a path filter. What must hold:
/// nothing traps, and whatever the files say, every commit listed is one of the repository's
/// (a commit the files invent is never listed: its text cannot be read). Run with
/// `RELNOTES_FUZZ_SEEDS=<folder>` to write the files git itself writes for that repository, as
/// seeds, in the input's form.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCommitGraph(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: count))
    let info = fixture.objects + "/info"
    try? FileManager.default.removeItem(atPath: info + "/commit-graph")
    try? FileManager.default.removeItem(atPath: info + "/commit-graphs")
    if bytes[0] & 1 == 0 {
        FileManager.default.createFile(atPath: info + "/commit-graph", contents: Data(bytes[1...]))
    } else {
        try? FileManager.default.createDirectory(atPath: info + "/commit-graphs", withIntermediateDirectories: true)
        var chain = ""
        for file in files(in: bytes[1...]) {
            let name = file.suffix(20).map { String(format: "%02x", $0) }.joined().padding(toLength: 40, withPad: "0", startingAt: 0)
            FileManager.default.createFile(atPath: info + "/commit-graphs/graph-\(name).graph", contents: Data(file))
            chain += name + "\n"
        }
        FileManager.default.createFile(atPath: info + "/commit-graphs/commit-graph-chain", contents: Data(chain.utf8))
    }
    var filtered = Configuration()
    filtered.includePaths = ["packages/a/**"]
    for configuration in [Configuration(), filtered] {
        // An error is an answer (a damaged file may say anything); a trap is not.
        guard let repository = try? GitRepository.discover(from: fixture.path),
              let releases = try? ReleasePartitioner(configuration: configuration).releases(in: repository, scope: .all) else { continue }
        for commit in releases.flatMap(\.commits) {
            require(fixture.commits.contains(commit.id.description), "a commit the files invented was listed: \(commit.id)")
        }
    }
    return 0
}

/// The input cut before each `CGPH` after its first byte: one commit-graph file each.
private func files(in bytes: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
    let signature: [UInt8] = Array("CGPH".utf8)
    var starts = [bytes.startIndex]
    var index = bytes.startIndex + 1
    while index + 4 <= bytes.endIndex {
        if bytes[index..<(index + 4)].elementsEqual(signature) { starts.append(index) }
        index += 1
    }
    return starts.indices.map { bytes[starts[$0]..<(starts.indices.contains($0 + 1) ? starts[$0 + 1] : bytes.endIndex)] }
}

/// The repository the files are put in, and the ids of all its commits.
private struct Fixture {
    let path: String
    let objects: String
    let commits: Set<String>
}

private let fixture: Fixture = {
    let path = NSTemporaryDirectory() + "relnotes-fuzz-commit-graph-\(getpid())"
    try? FileManager.default.removeItem(atPath: path)
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    var tick = 0
    @discardableResult
    func git(_ arguments: String..., input: String? = nil) -> String {
        tick += 1
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", path] + arguments
        let date = "\(1_700_000_000 + tick * 60) +0000"
        process.environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": path, "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Fuzz", "GIT_AUTHOR_EMAIL": "fuzz@example.com", "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_NAME": "Fuzz", "GIT_COMMITTER_EMAIL": "fuzz@example.com", "GIT_COMMITTER_DATE": date,
        ]
        let output = Pipe()
        process.standardOutput = output
        if let input {
            let pipe = Pipe()
            process.standardInput = pipe
            pipe.fileHandleForWriting.write(Data(input.utf8))
            try? pipe.fileHandleForWriting.close()
        }
        do { try process.run() } catch { fatalError("cannot run git: \(error)") }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        require(process.terminationStatus == 0, "git \(arguments) failed")
        return text.trimmingCharacters(in: .newlines)
    }
    func commit(_ message: String, _ files: String...) {
        for file in files {
            let url = URL(fileURLWithPath: path + "/" + file)
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let old = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
            try? (old + "line \(tick)\n").write(to: url, atomically: true, encoding: .utf8)
        }
        git("add", "--all")
        git("commit", "--quiet", "-m", message)
    }
    git("init", "--quiet", "-b", "main")
    commit("feat: start", "CHANGELOG.md", "packages/a/a.txt", "packages/b/b.txt")
    git("tag", "v1.0.0")
    commit("fix(a): one", "packages/a/a.txt")
    git("checkout", "--quiet", "-b", "side")
    commit("feat(b): on a branch", "packages/b/b.txt")
    git("checkout", "--quiet", "main")
    commit("docs: the changelog alone", "CHANGELOG.md")
    git("merge", "--quiet", "--no-ff", "-m", "Merge side", "side")
    git("tag", "v1.1.0")
    for name in ["x", "y", "z"] {
        git("checkout", "--quiet", "-b", name, "main")
        commit("feat(\(name)): \(name)", "packages/\(name)/\(name).txt")
        git("checkout", "--quiet", "main")
    }
    git("merge", "--quiet", "--no-ff", "-m", "Merge three", "x", "y", "z")
    commit("fix(a): two", "packages/a/a.txt", "README.md")
    git("tag", "v1.2.0-rc.1")
    commit("feat: on top", "packages/b/b.txt")
    let objects = path + "/.git/objects"
    if let folder = ProcessInfo.processInfo.environment["RELNOTES_FUZZ_SEEDS"] {
        func read(_ file: String) -> [UInt8] { Array(FileManager.default.contents(atPath: objects + "/info/" + file) ?? Data()) }
        func chain() -> [UInt8] {
            let names = (try? String(contentsOfFile: objects + "/info/commit-graphs/commit-graph-chain", encoding: .utf8)) ?? ""
            return [1] + names.split(separator: "\n").flatMap { read("commit-graphs/graph-\($0).graph") }
        }
        func clear() {
            try? FileManager.default.removeItem(atPath: objects + "/info/commit-graph")
            try? FileManager.default.removeItem(atPath: objects + "/info/commit-graphs")
        }
        var seeds: [String: [UInt8]] = [:]
        git("commit-graph", "write", "--reachable")
        seeds["single"] = [0] + read("commit-graph")
        clear()
        git("commit-graph", "write", "--reachable", "--changed-paths")
        seeds["single-filters"] = [0] + read("commit-graph")
        clear()
        git("commit-graph", "write", "--stdin-commits", "--split", "--changed-paths", input: git("rev-parse", "v1.1.0") + "\n")
        git("commit-graph", "write", "--reachable", "--split=no-merge", "--no-changed-paths")
        seeds["chain-two"] = chain()
        clear()
        git("commit-graph", "write", "--stdin-commits", "--split", "--changed-paths", input: git("rev-parse", "v1.0.0") + "\n")
        git("commit-graph", "write", "--stdin-commits", "--split=no-merge", "--changed-paths", input: git("rev-parse", "v1.2.0-rc.1") + "\n")
        git("commit-graph", "write", "--reachable", "--split=no-merge", "--changed-paths")
        seeds["chain-three"] = chain()
        clear()
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (name, bytes) in seeds { FileManager.default.createFile(atPath: folder + "/" + name, contents: Data(bytes)) }
    }
    let commits = Set(git("rev-list", "--all").split(separator: "\n").map(String.init))
    return Fixture(path: path, objects: objects, commits: commits)
}()
