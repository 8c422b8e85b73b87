import FlyingFox
import FlyingSocks
import Foundation
import RelnotesFixtures
import RelnotesPublish

/// A GitHub REST API for releases and assets, served for real on 127.0.0.1 by the test, with
/// its state in memory. It answers as GitHub documents: status codes, JSON shapes, the
/// `upload_url` URI template, 422 for a duplicate release or asset name, `Link` pagination,
/// 401 for a wrong token, 404 for an unknown repository; and it can be told to misbehave:
/// fail, redirect, stall, answer without end, echo the credentials, list pages forever, or
/// store uploads short. Every misbehaviour is bounded, so no request loop runs forever.
final class FakeGitHub: Sendable {
    let state: State
    private let server: HTTPServer
    private let task: Task<Void, any Error>
    let root: URL

    static let token = "test-token-3141"

    /// Limits for a client whose test checks the exact requests made: the server answers from
    /// Swift's shared thread pool, which other tests of a busy run can keep busy for many
    /// seconds, and a request timed out and retried would change the log.
    static let patientLimits = ClientLimits(requestTimeout: 300, totalTimeout: 900)

    /// The commit the tags a server starts with name.
    static let commit = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"

    /// Tags the library tests publish, on GitHub from the start (at ``commit``), as after
    /// `git push --tags`; a test of a missing tag starts with `tags: []`.
    static let commonTags = ["v1.0.0", "v1.2.0", "v2.0.0"] + (1...5).map { "v0.\($0).0" }

    static func start(owner: String = "acme", name: String = "widgets", tags: [String] = FakeGitHub.commonTags) async throws -> FakeGitHub {
        let state = State()
        await state.setRepository("\(owner)/\(name)")
        for tag in tags { await state.setTag(tag, commit: commit) }
        let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), logger: .disabled, handler: Handler(state: state))
        let task = Task { try await server.run() }
        try await server.waitUntilListening(timeout: 60)
        guard case let .ip4(_, port)? = await server.listeningAddress else { throw FakeError("no listening address") }
        let root = URL(string: "http://127.0.0.1:\(port)")!
        await state.setRoot(root)
        return FakeGitHub(state: state, server: server, task: task, root: root)
    }

    private init(state: State, server: HTTPServer, task: Task<Void, any Error>, root: URL) {
        self.state = state
        self.server = server
        self.task = task
        self.root = root
    }

    /// Puts every tag of `fixture` on the server as `git push --tags` would: lightweight tags
    /// as commits, annotated tags as tag objects naming their commits.
    func pushTags(of fixture: FixtureRepository) async throws {
        let listing = try fixture.git("for-each-ref", "refs/tags", "--format=%(refname:strip=2) %(objectname) %(objecttype) %(*objectname)")
        for line in listing.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count >= 3 else { continue }
            if fields[2] == "tag", fields.count == 4 {
                await state.setAnnotatedTag(fields[0], object: fields[1], target: fields[3])
            } else {
                await state.setTag(fields[0], commit: fields[1])
            }
        }
    }

    func stop() async {
        await server.stop(timeout: 1)
        task.cancel()
    }

    struct FakeError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Releases, assets, the request log and injected failures.
    actor State {
        struct Release {
            var id: Int
            var tagName: String
            var name: String
            var body: String
            var draft: Bool
            var prerelease: Bool
            var makeLatest: String?
        }
        struct Asset {
            var id: Int
            var releaseID: Int
            var name: String
            var data: Data
        }

        var repository = ""
        var root = URL(fileURLWithPath: "/")
        /// `refs/tags/<name>` → the object it names (a commit, or a tag object).
        var tags: [String: String] = [:]
        /// Annotated tag objects: id → the object it names and that object's type.
        var tagObjects: [String: (object: String, type: String)] = [:]
        /// Commit ids, so that a reference's object type can be told.
        var commits: Set<String> = []
        var releases: [Release] = []
        var assets: [Asset] = []
        var nextID = 1
        var log: [String] = []
        /// Authorization header of each request, in order (nil when absent).
        var authorizations: [String?] = []
        /// Misbehaviours for the next requests (the first whose path prefix matches is used
        /// once), before serving them normally.
        var behaviours: [(pathPrefix: String?, behaviour: Behaviour)] = []
        var pageSize = 100
        /// Every listing says `Link: rel="next"` and serves its first page again.
        var endlessPages = false
        /// Uploads are stored empty, as when a body was dropped on the way.
        var truncateUploads = false
        /// Assets uploaded while their release was already public (not a draft).
        var uploadsToPublicReleases: [String] = []
        /// The JSON body of each POST and PATCH to a release, in order (keys sorted).
        var releaseBodies: [String] = []
        /// Git database: `refs/heads/<name>` → commit id.
        var branches: [String: String] = [:]
        /// Git database: commit id → its tree, parents and message.
        var gitCommits: [String: FakeGitHub.GitCommit] = [:]
        /// Git database: tree id → every file of the tree (path → mode and blob), flattened.
        var trees: [String: [String: FakeGitHub.TreeFile]] = [:]
        /// Git database: blob id → content.
        var blobs: [String: Data] = [:]
        /// Pull requests, open and closed.
        var pulls: [FakeGitHub.Pull] = []
        /// The next `POST pulls` finds that another run opened the same pull request just
        /// before it (so it is answered 422, as GitHub answers a duplicate).
        var raceNextPullCreate = false
        /// The next `POST git/refs` finds that another run created the branch just before it.
        var raceNextBranchCreate = false

        func setRepository(_ slug: String) { repository = slug }
        func setRaceNextPullCreate(_ on: Bool) { raceNextPullCreate = on }
        func setRaceNextBranchCreate(_ on: Bool) { raceNextBranchCreate = on }
        /// A lightweight tag (`object` is a commit) as `git push` leaves it on GitHub.
        func setTag(_ name: String, commit: String) {
            tags[name] = commit
            commits.insert(commit)
        }
        /// An annotated tag: the reference names the tag object, which names `target`.
        func setAnnotatedTag(_ name: String, object: String, target: String, targetType: String = "commit") {
            tags[name] = object
            tagObjects[object] = (target, targetType)
            if targetType == "commit" { commits.insert(target) }
        }
        func setRoot(_ url: URL) { root = url }
        func fail(with status: Int, headers: [String: String] = [:], times: Int = 1) {
            behaviours += Array(repeating: (nil, .status(status, headers: headers)), count: times)
        }
        func misbehave(_ behaviour: Behaviour, onPathsStartingWith prefix: String? = nil, times: Int = 1) {
            behaviours += Array(repeating: (prefix, behaviour), count: times)
        }
        func setPageSize(_ size: Int) { pageSize = size }
        func setEndlessPages(_ on: Bool) { endlessPages = on }
        func setTruncateUploads(_ on: Bool) { truncateUploads = on }
        func record(_ line: String, authorization: String?) {
            log.append(line)
            authorizations.append(authorization)
        }
        func takeBehaviour(for path: String) -> Behaviour? {
            guard let index = behaviours.firstIndex(where: { $0.pathPrefix.map(path.hasPrefix) ?? true }) else { return nil }
            return behaviours.remove(at: index).behaviour
        }
        func newID() -> Int {
            defer { nextID += 1 }
            return nextID
        }
        func addRelease(_ release: Release) { releases.append(release) }
        func updateRelease(_ release: Release) {
            if let index = releases.firstIndex(where: { $0.id == release.id }) { releases[index] = release }
        }
        func addAsset(_ asset: Asset) {
            if releases.first(where: { $0.id == asset.releaseID })?.draft == false { uploadsToPublicReleases.append(asset.name) }
            assets.append(asset)
        }
        func recordBody(_ data: Data) {
            let object = (try? JSONSerialization.jsonObject(with: data)) ?? [:]
            let sorted = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
            releaseBodies.append(String(decoding: sorted, as: UTF8.self))
        }
        func removeAsset(id: Int) -> Bool {
            guard let index = assets.firstIndex(where: { $0.id == id }) else { return false }
            assets.remove(at: index)
            return true
        }
    }

    /// One way of answering a request other than GitHub's.
    enum Behaviour: Sendable {
        /// This status with these headers and an error body.
        case status(Int, headers: [String: String])
        /// A redirect to the same path and query on `base` (another origin, or this one).
        case redirect(Int, to: URL)
        /// No answer for this long (at most 30 s), then a 504.
        case stall(seconds: Double)
        /// A 200 with `bytes` of spaces, with `Content-Length` when `announced`, else chunked;
        /// `trickle` sends one byte per chunk with this pause between chunks.
        case body(bytes: Int, announced: Bool, trickle: Duration? = nil)
        /// This status with a body and a header that repeat the request's credentials.
        case echoCredentials(Int)
    }

    struct Handler: HTTPHandler {
        let state: State

        func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
            let method = request.method.rawValue
            let path = request.path
            let authorization = request.headers[HTTPHeader("Authorization")]
            await state.record("\(method) \(path)", authorization: authorization)
            guard authorization == "Bearer \(FakeGitHub.token)" else {
                return json(401, ["message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"])
            }
            if let behaviour = await state.takeBehaviour(for: path) {
                return await misbehave(behaviour, request: request, authorization: authorization ?? "")
            }
            let repository = await state.repository
            let parts = path.split(separator: "/").map(String.init)
            if parts.first == "uploads" {
                // /uploads/repos/o/r/releases/:id/assets?name=
                guard parts.count == 7, "\(parts[2])/\(parts[3])" == repository, let id = Int(parts[5]), method == "POST" else { return notFound() }
                return await upload(releaseID: id, request: request)
            }
            guard parts.count >= 3, parts[0] == "repos", "\(parts[1])/\(parts[2])" == repository else { return notFound() }
            let rest = Array(parts.dropFirst(3))
            if let answer = await gitDataOrPulls(method: method, rest: rest, request: request, repository: repository) {
                return answer
            }
            if rest.count >= 4, rest[0] == "git", rest[1] == "ref", rest[2] == "tags", method == "GET" {
                // GET /repos/{owner}/{repo}/git/ref/tags/{tag}: one reference, or 404.
                let name = rest[3...].joined(separator: "/").removingPercentEncoding ?? ""
                guard let object = await state.tags[name] else { return notFound() }
                let type = await state.tagObjects[object] == nil ? "commit" : "tag"
                let base = "\(await state.root.absoluteString)/repos/\(repository)/git"
                return json(200, [
                    "ref": "refs/tags/\(name)", "node_id": "REF_\(name)", "url": "\(base)/refs/tags/\(name)",
                    "object": ["sha": object, "type": type, "url": "\(base)/\(type == "tag" ? "tags" : "commits")/\(object)"],
                ])
            }
            switch (method, rest.count) {
            case ("GET", 0):
                return json(200, ["full_name": repository, "name": parts[2], "default_branch": "main", "private": false])
            case ("GET", 3) where rest[0] == "git" && rest[1] == "tags":
                // GET /repos/{owner}/{repo}/git/tags/{tag_sha}: an annotated tag object.
                guard let found = await state.tagObjects[rest[2]] else { return notFound() }
                let name = await state.tags.first { $0.value == rest[2] }?.key ?? ""
                return json(200, [
                    "sha": rest[2], "node_id": "TAG_\(rest[2])", "tag": name, "message": "\(name)\n",
                    "tagger": ["name": "Rel Manager", "email": "rm@example.com", "date": "2024-06-01T00:00:00Z"],
                    "object": ["sha": found.object, "type": found.type, "url": ""],
                    "verification": ["verified": false, "reason": "unsigned", "signature": NSNull(), "payload": NSNull()],
                ])
            case ("GET", 1) where rest[0] == "releases":
                let root = await state.root.absoluteString
                return await page(await state.releases.map { Self.releaseJSON($0, root: root, repository: repository) }, request: request)
            case ("POST", 1) where rest[0] == "releases":
                return await create(request)
            case ("GET", 3) where rest[0] == "releases" && rest[1] == "tags":
                let releases = await state.releases
                guard let release = releases.first(where: { $0.tagName == rest[2] && !$0.draft }) else { return notFound() }
                return json(200, await releaseJSON(release))
            case ("PATCH", 2) where rest[0] == "releases":
                return await update(id: Int(rest[1]) ?? -1, request)
            case ("GET", 3) where rest[0] == "releases" && rest[2] == "assets":
                let id = Int(rest[1]) ?? -1
                let assets = await state.assets.filter { $0.releaseID == id }
                return await page(assets.map(assetJSON), request: request)
            case ("DELETE", 3) where rest[0] == "releases" && rest[1] == "assets":
                return await state.removeAsset(id: Int(rest[2]) ?? -1) ? HTTPResponse(statusCode: .noContent) : notFound()
            default:
                return notFound()
            }
        }

        private func misbehave(_ behaviour: Behaviour, request: HTTPRequest, authorization: String) async -> HTTPResponse {
            switch behaviour {
            case let .status(status, headers: fields):
                var headers = HTTPHeaders()
                for (name, value) in fields { headers[HTTPHeader(name)] = value }
                headers[HTTPHeader("Content-Type")] = "application/json"
                return HTTPResponse(statusCode: HTTPStatusCode(status, phrase: "Injected"), headers: headers, body: Data("{\"message\":\"injected failure\"}".utf8))
            case let .redirect(status, base):
                var location = base.absoluteString
                while location.hasSuffix("/") { location.removeLast() }
                location += request.path
                if !request.query.isEmpty {
                    location += "?" + request.query.map { "\($0.name)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
                }
                _ = await request.bodyDataOrEmpty()
                return HTTPResponse(statusCode: HTTPStatusCode(status, phrase: "Moved"), headers: [HTTPHeader("Location"): location], body: Data())
            case let .stall(seconds):
                try? await Task.sleep(nanoseconds: UInt64(min(seconds, 30) * 1_000_000_000))
                return json(504, ["message": "stalled"])
            case let .body(bytes, announced, trickle):
                let filler = FillerBytes(remaining: bytes, trickle: trickle)
                let body = announced ? HTTPBodySequence(from: filler, count: bytes) : HTTPBodySequence(from: filler)
                return HTTPResponse(statusCode: .ok, headers: [HTTPHeader("Content-Type"): "application/json"], body: body)
            case let .echoCredentials(status):
                let text = "Bad request from \(authorization); your token is \(authorization.replacingOccurrences(of: "Bearer ", with: "")) (Authorization: \(authorization))"
                var response = json(status, ["message": text, "errors": [["message": "token=" + authorization.replacingOccurrences(of: "Bearer ", with: "")]]])
                response.headers[HTTPHeader("X-Echo")] = authorization
                return response
            }
        }

        private func create(_ request: HTTPRequest) async -> HTTPResponse {
            let body = await request.bodyDataOrEmpty()
            await state.recordBody(body)
            let fields = (try? JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:]
            guard let tag = fields["tag_name"] as? String else {
                return json(422, ["message": "Validation Failed", "errors": [["resource": "Release", "code": "missing_field", "field": "tag_name"]]])
            }
            if await state.releases.contains(where: { $0.tagName == tag }) {
                return json(422, ["message": "Validation Failed", "errors": [["resource": "Release", "code": "already_exists", "field": "tag_name"]]])
            }
            let release = State.Release(
                id: await state.newID(), tagName: tag, name: fields["name"] as? String ?? tag, body: fields["body"] as? String ?? "",
                draft: fields["draft"] as? Bool ?? false, prerelease: fields["prerelease"] as? Bool ?? false, makeLatest: fields["make_latest"] as? String
            )
            await state.addRelease(release)
            return json(201, await releaseJSON(release))
        }

        private func update(id: Int, _ request: HTTPRequest) async -> HTTPResponse {
            guard var release = await state.releases.first(where: { $0.id == id }) else { return notFound() }
            let body = await request.bodyDataOrEmpty()
            await state.recordBody(body)
            let fields = (try? JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:]
            if let name = fields["name"] as? String { release.name = name }
            if let body = fields["body"] as? String { release.body = body }
            if let draft = fields["draft"] as? Bool { release.draft = draft }
            if let prerelease = fields["prerelease"] as? Bool { release.prerelease = prerelease }
            if let latest = fields["make_latest"] as? String { release.makeLatest = latest }
            await state.updateRelease(release)
            return json(200, await releaseJSON(release))
        }

        private func upload(releaseID: Int, request: HTTPRequest) async -> HTTPResponse {
            guard await state.releases.contains(where: { $0.id == releaseID }) else { return notFound() }
            guard let name = request.query.first(where: { $0.name == "name" })?.value, !name.isEmpty else {
                return json(422, ["message": "Validation Failed", "errors": [["resource": "ReleaseAsset", "code": "missing_field", "field": "name"]]])
            }
            if await state.assets.contains(where: { $0.releaseID == releaseID && $0.name == name }) {
                return json(422, ["message": "Validation Failed", "errors": [["resource": "ReleaseAsset", "code": "already_exists", "field": "name"]]])
            }
            let received = await request.bodyDataOrEmpty()
            let asset = State.Asset(id: await state.newID(), releaseID: releaseID, name: name, data: await state.truncateUploads ? Data() : received)
            await state.addAsset(asset)
            return json(201, assetJSON(asset))
        }

        private func releaseJSON(_ release: State.Release) async -> [String: Any] {
            let root = await state.root.absoluteString
            let repository = await state.repository
            return Self.releaseJSON(release, root: root, repository: repository)
        }

        static func releaseJSON(_ release: State.Release, root: String, repository: String) -> [String: Any] {
            [
                "id": release.id, "tag_name": release.tagName, "name": release.name, "body": release.body,
                "draft": release.draft, "prerelease": release.prerelease,
                "html_url": "https://github.com/\(repository)/releases/tag/\(release.tagName)",
                "upload_url": "\(root)/uploads/repos/\(repository)/releases/\(release.id)/assets{?name,label}",
            ]
        }

        private func assetJSON(_ asset: State.Asset) -> [String: Any] {
            ["id": asset.id, "name": asset.name, "size": asset.data.count, "digest": "sha256:" + Checksums.sha256(asset.data), "state": "uploaded"]
        }

        /// `?per_page=&page=` with a `Link: <…>; rel="next"` header while more remain.
        private func page(_ items: [[String: Any]], request: HTTPRequest) async -> HTTPResponse {
            let limit = await state.pageSize
            let perPage = min(limit, Int(request.query.first { $0.name == "per_page" }?.value ?? "30") ?? 30)
            let number = max(1, Int(request.query.first { $0.name == "page" }?.value ?? "1") ?? 1)
            let start = min(items.count, (number - 1) * perPage)
            let slice = Array(items[start..<min(items.count, start + perPage)])
            if await state.endlessPages {
                var response = json(200, Array(items.prefix(perPage)))
                response.headers[HTTPHeader("Link")] = "<\(await state.root.absoluteString)\(request.path)?per_page=\(perPage)&page=\(number + 1)>; rel=\"next\""
                return response
            }
            var response = json(200, slice)
            if start + perPage < items.count {
                response.headers[HTTPHeader("Link")] = "<\(await state.root.absoluteString)\(request.path)?per_page=\(perPage)&page=\(number + 1)>; rel=\"next\""
            }
            return response
        }

        func notFound() -> HTTPResponse {
            json(404, ["message": "Not Found", "documentation_url": "https://docs.github.com/rest"])
        }

        func json(_ status: Int, _ object: Any) -> HTTPResponse {
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
            return HTTPResponse(statusCode: HTTPStatusCode(status, phrase: "Status"), headers: [HTTPHeader("Content-Type"): "application/json"], body: data)
        }
    }
}

extension HTTPRequest {
    func bodyDataOrEmpty() async -> Data {
        (try? await bodyData) ?? Data()
    }
}

/// `remaining` spaces, in chunks (or one byte per chunk with a pause when trickling): a body
/// as large or as slow as a test needs, made as it is sent and ended when the client leaves.
struct FillerBytes: AsyncBufferedSequence, Sendable {
    typealias Element = UInt8
    var remaining: Int
    var trickle: Duration?

    func makeAsyncIterator() -> Iterator { Iterator(remaining: remaining, trickle: trickle) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        var remaining: Int
        var trickle: Duration?

        mutating func next() async throws -> UInt8? {
            try await nextBuffer(suggested: 1)?.first
        }

        mutating func nextBuffer(suggested count: Int) async throws -> [UInt8]? {
            guard remaining > 0 else { return nil }
            if let trickle { try await Task.sleep(for: trickle) }
            let size = trickle == nil ? Swift.min(remaining, Swift.max(count, 65_536)) : 1
            remaining -= size
            return [UInt8](repeating: 0x20, count: size)
        }
    }
}

/// Runs the built `relnotes` on a dispatch thread, not one of Swift's few cooperative threads:
/// the fake servers of this process run on those, and must keep answering while a test waits
/// for the binary (with two cores, two blocked waits would starve every server).
func relnotes(_ arguments: [String], in directory: URL, environment: [String: String]) async throws -> ProcessRunner.Result {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Result { try RelnotesBinary.run(arguments, in: directory, environment: environment) })
        }
    }
}
