import FlyingFox
import Foundation
import RelnotesFixtures
import RelnotesPublish

/// The Git database (blobs, trees, commits, branch references) and pull requests of the test
/// server, as GitHub documents them: 201 for each object made, 404 for a missing reference,
/// 422 for a reference that exists already (or is missing when changed), for a move that is
/// not a fast-forward without `force`, for a pull request that is open already ("A pull request
/// already exists for …") and for ids the server does not know.
extension FakeGitHub {
    struct GitCommit: Sendable {
        var tree: String
        var parents: [String]
        var message: String
    }

    struct TreeFile: Hashable, Sendable {
        var mode: String
        var blob: String
    }

    struct Pull: Sendable {
        var number: Int
        var title: String
        var body: String
        var state: String
        var head: String
        var base: String
    }

    /// Puts `branch` of `fixture` on the server as `git push` would: its head commit with
    /// its tree and every blob of that tree, under the real git ids (the blobs read from the
    /// working tree, so `revision` must be the clean checkout's HEAD). git runs on a dispatch
    /// thread, never blocking the cooperative threads the test servers answer on.
    func pushBranch(of fixture: FixtureRepository, _ branch: String = "main", from revision: String = "HEAD") async throws {
        let directory = fixture.url
        let environment = fixture.environment
        let commit = try await Self.git(["rev-parse", revision], in: directory, environment: environment)
        let tree = try await Self.git(["rev-parse", "\(revision)^{tree}"], in: directory, environment: environment)
        let listing = try await Self.git(["ls-tree", "-r", "--full-tree", revision], in: directory, environment: environment)
        let parents = try await Self.git(["log", "-1", "--format=%P", revision], in: directory, environment: environment)
        let message = try await Self.git(["log", "-1", "--format=%B", revision], in: directory, environment: environment)
        var files: [String: TreeFile] = [:]
        for line in listing.split(separator: "\n") {
            // <mode> SP <type> SP <object> TAB <path>
            guard let tab = line.firstIndex(of: "\t") else { continue }
            let fields = line[..<tab].split(separator: " ").map(String.init)
            let path = String(line[line.index(after: tab)...])
            guard fields.count == 3, fields[1] == "blob" else { continue }
            files[path] = TreeFile(mode: fields[0], blob: fields[2])
            // The working tree holds HEAD's files byte for byte in a clean fixture.
            let content = FileManager.default.contents(atPath: directory.appendingPathComponent(path).path) ?? Data()
            await state.putBlob(fields[2], content)
        }
        await state.putTree(tree, files)
        await state.putCommit(commit, GitCommit(tree: tree, parents: parents.split(separator: " ").map(String.init), message: message))
        await state.setBranch(branch, to: commit)
    }

    /// `git arguments` in `directory`, run on a dispatch thread; its output without the final
    /// newline.
    private static func git(_ arguments: [String], in directory: URL, environment: [String: String]) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result {
                    let result = try ProcessRunner.run(executable: "/usr/bin/env", arguments: ["git"] + arguments, directory: directory, environment: environment)
                    guard result.status == 0 else { throw FakeError("git \(arguments.joined(separator: " ")) failed: \(result.standardError)") }
                    var output = result.standardOutput
                    if output.hasSuffix("\n") { output.removeLast() }
                    return output
                })
            }
        }
    }

    /// The files of the tree of the commit `branch` names: path → content.
    func files(onBranch branch: String) async -> [String: (mode: String, text: String)] {
        guard let head = await state.branches[branch], let commit = await state.gitCommits[head],
              let tree = await state.trees[commit.tree] else { return [:] }
        var files: [String: (mode: String, text: String)] = [:]
        for (path, file) in tree {
            files[path] = (file.mode, String(decoding: await state.blobs[file.blob] ?? Data(), as: UTF8.self))
        }
        return files
    }
}

extension FakeGitHub.State {
    func putBlob(_ id: String, _ data: Data) { blobs[id] = data }
    func putTree(_ id: String, _ files: [String: FakeGitHub.TreeFile]) { trees[id] = files }
    func putCommit(_ id: String, _ commit: FakeGitHub.GitCommit) { gitCommits[id] = commit }
    func setBranch(_ name: String, to commit: String) { branches[name] = commit }
    func removeBranch(_ name: String) { branches[name] = nil }
    func addPull(_ pull: FakeGitHub.Pull) { pulls.append(pull) }
    func updatePull(_ pull: FakeGitHub.Pull) {
        if let index = pulls.firstIndex(where: { $0.number == pull.number }) { pulls[index] = pull }
    }
    func takeRaceNextPullCreate() -> Bool {
        defer { raceNextPullCreate = false }
        return raceNextPullCreate
    }
    func takeRaceNextBranchCreate() -> Bool {
        defer { raceNextBranchCreate = false }
        return raceNextBranchCreate
    }
    /// Whether `descendant` has `ancestor` in its history (or is it).
    func isAncestor(_ ancestor: String, of descendant: String) -> Bool {
        var queue = [descendant]
        var seen: Set<String> = []
        while let next = queue.popLast() {
            if next == ancestor { return true }
            guard seen.insert(next).inserted else { continue }
            queue += gitCommits[next]?.parents ?? []
        }
        return false
    }
}

extension FakeGitHub.Handler {
    /// An id for a new object: 40 hex digits that depend only on `parts`, as git's do on content.
    static func objectID(_ parts: [String]) -> String {
        String(Checksums.sha256(Data(parts.joined(separator: "\u{0}").utf8)).prefix(40))
    }

    private func validation(_ message: String) -> HTTPResponse {
        json(422, ["message": message, "documentation_url": "https://docs.github.com/rest"])
    }

    private func fields(_ request: HTTPRequest) async -> [String: Any] {
        let body = await request.bodyDataOrEmpty()
        return (try? JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:]
    }

    /// The answer of the Git database and pulls endpoints, or `nil` for another endpoint.
    func gitDataOrPulls(method: String, rest: [String], request: HTTPRequest, repository: String) async -> HTTPResponse? {
        let root = await state.root.absoluteString
        let base = "\(root)/repos/\(repository)"
        switch (method, rest.first, rest.dropFirst().first) {
        case ("GET", "git", "ref") where rest.count >= 4 && rest[2] == "heads":
            let name = rest[3...].joined(separator: "/").removingPercentEncoding ?? ""
            guard let sha = await state.branches[name] else { return notFound() }
            return json(200, referenceJSON(name, sha: sha, base: base))
        case ("POST", "git", "blobs"):
            let fields = await fields(request)
            guard let content = fields["content"] as? String else { return validation("Invalid request.\n\n\"content\" wasn't supplied.") }
            let data: Data
            switch fields["encoding"] as? String ?? "utf-8" {
            case "utf-8": data = Data(content.utf8)
            case "base64":
                guard let decoded = Data(base64Encoded: content) else { return validation("Invalid request.") }
                data = decoded
            default: return validation("Invalid request.\n\nencoding is not included in the list.")
            }
            let id = Self.objectID(["blob", content])
            await state.putBlob(id, data)
            return json(201, ["sha": id, "url": "\(base)/git/blobs/\(id)"])
        case ("POST", "git", "trees"):
            let fields = await fields(request)
            var files: [String: FakeGitHub.TreeFile] = [:]
            if let baseTree = fields["base_tree"] as? String {
                guard let known = await state.trees[baseTree] else { return validation("base_tree is not a valid tree oid") }
                files = known
            }
            guard let entries = fields["tree"] as? [[String: Any]] else { return validation("Invalid tree info") }
            for entry in entries {
                guard let path = entry["path"] as? String, let mode = entry["mode"] as? String, entry["type"] as? String == "blob",
                      let blob = entry["sha"] as? String else { return validation("Invalid tree info") }
                guard ["100644", "100755", "120000"].contains(mode) else { return validation("tree.mode is not included in the list") }
                guard await state.blobs[blob] != nil else { return validation("tree.sha \(blob) is not a valid blob") }
                files[path] = FakeGitHub.TreeFile(mode: mode, blob: blob)
            }
            let id = Self.objectID(["tree"] + files.keys.sorted().map { "\($0) \(files[$0]?.mode ?? "") \(files[$0]?.blob ?? "")" })
            await state.putTree(id, files)
            return json(201, ["sha": id, "url": "\(base)/git/trees/\(id)", "truncated": false, "tree": [] as [Any]])
        case ("GET", "git", "commits") where rest.count == 3:
            guard let commit = await state.gitCommits[rest[2]] else { return notFound() }
            return json(200, commitJSON(rest[2], commit, base: base))
        case ("POST", "git", "commits"):
            let fields = await fields(request)
            guard let message = fields["message"] as? String, let tree = fields["tree"] as? String else { return validation("Invalid request.") }
            let parents = fields["parents"] as? [String] ?? []
            guard await state.trees[tree] != nil else { return validation("Tree SHA does not exist") }
            for parent in parents where await state.gitCommits[parent] == nil { return validation("Parent SHA does not exist or is not a commit object") }
            // A real commit carries its author's and committer's dates: two are never the same.
            let id = Self.objectID(["commit", tree, message] + parents + [String(await state.newID())])
            let commit = FakeGitHub.GitCommit(tree: tree, parents: parents, message: message)
            await state.putCommit(id, commit)
            return json(201, commitJSON(id, commit, base: base))
        case ("POST", "git", "refs"):
            let fields = await fields(request)
            guard let ref = fields["ref"] as? String, let sha = fields["sha"] as? String, ref.hasPrefix("refs/heads/") else {
                return validation("Reference name is invalid")
            }
            let name = String(ref.dropFirst("refs/heads/".count))
            if await state.takeRaceNextBranchCreate() { await state.setBranch(name, to: sha) }
            guard await state.branches[name] == nil else { return validation("Reference already exists") }
            guard await state.gitCommits[sha] != nil else { return validation("Object does not exist") }
            await state.setBranch(name, to: sha)
            return json(201, referenceJSON(name, sha: sha, base: base))
        case ("PATCH", "git", "refs") where rest.count >= 4 && rest[2] == "heads":
            let name = rest[3...].joined(separator: "/").removingPercentEncoding ?? ""
            let fields = await fields(request)
            guard let old = await state.branches[name] else { return validation("Reference does not exist") }
            guard let sha = fields["sha"] as? String, await state.gitCommits[sha] != nil else { return validation("Object does not exist") }
            if fields["force"] as? Bool != true, !(await state.isAncestor(old, of: sha)) { return validation("Update is not a fast forward") }
            await state.setBranch(name, to: sha)
            return json(200, referenceJSON(name, sha: sha, base: base))
        case ("DELETE", "git", "refs") where rest.count >= 4 && rest[2] == "heads":
            let name = rest[3...].joined(separator: "/").removingPercentEncoding ?? ""
            guard await state.branches[name] != nil else { return validation("Reference does not exist") }
            await state.removeBranch(name)
            for pull in await state.pulls where pull.head == name && pull.state == "open" {
                // GitHub closes a pull request whose head branch is deleted.
                var closed = pull
                closed.state = "closed"
                await state.updatePull(closed)
            }
            return HTTPResponse(statusCode: .noContent)
        case ("GET", "pulls", nil):
            let query = Dictionary(request.query.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
            let owner = String(repository.split(separator: "/").first ?? "")
            let wanted = query["state"] ?? "open"
            let found = await state.pulls.filter { pull in
                (wanted == "all" || pull.state == wanted)
                    && query["head"].map { $0 == "\(owner):\(pull.head)" } ?? true
                    && query["base"].map { $0 == pull.base } ?? true
            }
            return json(200, found.map { pullJSON($0, repository: repository) })
        case ("POST", "pulls", nil):
            let fields = await fields(request)
            guard let title = fields["title"] as? String, let head = fields["head"] as? String, let baseBranch = fields["base"] as? String else {
                return validation("Validation Failed")
            }
            let owner = String(repository.split(separator: "/").first ?? "")
            if await state.takeRaceNextPullCreate() {
                await state.addPull(FakeGitHub.Pull(number: await state.newID(), title: "opened by another run", body: "", state: "open", head: head, base: baseBranch))
            }
            guard let headCommit = await state.branches[head], let baseCommit = await state.branches[baseBranch] else {
                return json(422, ["message": "Validation Failed", "errors": [["resource": "PullRequest", "field": "head", "code": "invalid"]]])
            }
            if await state.pulls.contains(where: { $0.head == head && $0.base == baseBranch && $0.state == "open" }) {
                return json(422, ["message": "Validation Failed", "errors": [["resource": "PullRequest", "code": "custom", "message": "A pull request already exists for \(owner):\(head)."]]])
            }
            if headCommit == baseCommit {
                return json(422, ["message": "Validation Failed", "errors": [["resource": "PullRequest", "code": "custom", "message": "No commits between \(baseBranch) and \(head)"]]])
            }
            let pull = FakeGitHub.Pull(number: await state.newID(), title: title, body: fields["body"] as? String ?? "", state: "open", head: head, base: baseBranch)
            await state.addPull(pull)
            return json(201, pullJSON(pull, repository: repository))
        case ("PATCH", "pulls", let number?):
            guard var pull = await state.pulls.first(where: { String($0.number) == number }) else { return notFound() }
            let fields = await fields(request)
            if let title = fields["title"] as? String { pull.title = title }
            if let body = fields["body"] as? String { pull.body = body }
            if let state = fields["state"] as? String {
                guard state == "open" || state == "closed" else { return validation("Validation Failed") }
                pull.state = state
            }
            await state.updatePull(pull)
            return json(200, pullJSON(pull, repository: repository))
        default:
            return nil
        }
    }

    private func referenceJSON(_ name: String, sha: String, base: String) -> [String: Any] {
        ["ref": "refs/heads/\(name)", "node_id": "REF_\(name)", "url": "\(base)/git/refs/heads/\(name)", "object": ["sha": sha, "type": "commit", "url": "\(base)/git/commits/\(sha)"]]
    }

    private func commitJSON(_ id: String, _ commit: FakeGitHub.GitCommit, base: String) -> [String: Any] {
        let person: [String: Any] = ["name": "github-actions[bot]", "email": "41898282+github-actions[bot]@users.noreply.github.com", "date": "2024-06-01T00:00:00Z"]
        return [
            "sha": id, "node_id": "C_\(id)", "url": "\(base)/git/commits/\(id)", "message": commit.message,
            "author": person, "committer": person,
            "tree": ["sha": commit.tree, "url": "\(base)/git/trees/\(commit.tree)"],
            "parents": commit.parents.map { ["sha": $0, "url": "\(base)/git/commits/\($0)", "html_url": ""] },
            "verification": ["verified": false, "reason": "unsigned", "signature": NSNull(), "payload": NSNull()],
        ]
    }

    private func pullJSON(_ pull: FakeGitHub.Pull, repository: String) -> [String: Any] {
        [
            "number": pull.number, "title": pull.title, "body": pull.body, "state": pull.state,
            "html_url": "https://github.com/\(repository)/pull/\(pull.number)",
            "head": ["ref": pull.head, "label": "\(repository.split(separator: "/").first ?? ""):\(pull.head)"],
            "base": ["ref": pull.base],
        ]
    }
}
