import FlyingFox
import Foundation
import RelnotesPublish

/// A GitHub REST API for releases and assets, served for real on 127.0.0.1 by the test, with
/// its state in memory. It answers as GitHub documents: status codes, JSON shapes, the
/// `upload_url` URI template, 422 for a duplicate release or asset name, `Link` pagination,
/// 401 for a wrong token, 404 for an unknown repository; and it can be told to fail.
final class FakeGitHub: Sendable {
    let state: State
    private let server: HTTPServer
    private let task: Task<Void, any Error>
    let root: URL

    static let token = "test-token-3141"

    static func start(owner: String = "acme", name: String = "widgets") async throws -> FakeGitHub {
        let state = State()
        await state.setRepository("\(owner)/\(name)")
        let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), logger: .disabled, handler: Handler(state: state))
        let task = Task { try await server.run() }
        try await server.waitUntilListening()
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
        var releases: [Release] = []
        var assets: [Asset] = []
        var nextID = 1
        var log: [String] = []
        /// Status codes to answer the next requests with, before serving them normally.
        var failures: [(status: Int, headers: [String: String])] = []
        var pageSize = 100

        func setRepository(_ slug: String) { repository = slug }
        func setRoot(_ url: URL) { root = url }
        func fail(with status: Int, headers: [String: String] = [:], times: Int = 1) {
            failures += Array(repeating: (status, headers), count: times)
        }
        func setPageSize(_ size: Int) { pageSize = size }
        func record(_ line: String) { log.append(line) }
        func takeFailure() -> (status: Int, headers: [String: String])? {
            failures.isEmpty ? nil : failures.removeFirst()
        }
        func newID() -> Int {
            defer { nextID += 1 }
            return nextID
        }
        func addRelease(_ release: Release) { releases.append(release) }
        func updateRelease(_ release: Release) {
            if let index = releases.firstIndex(where: { $0.id == release.id }) { releases[index] = release }
        }
        func addAsset(_ asset: Asset) { assets.append(asset) }
        func removeAsset(id: Int) -> Bool {
            guard let index = assets.firstIndex(where: { $0.id == id }) else { return false }
            assets.remove(at: index)
            return true
        }
    }

    struct Handler: HTTPHandler {
        let state: State

        func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
            let method = request.method.rawValue
            let path = request.path
            await state.record("\(method) \(path)")
            guard request.headers[HTTPHeader("Authorization")] == "Bearer \(FakeGitHub.token)" else {
                return json(401, ["message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"])
            }
            if let failure = await state.takeFailure() {
                var headers = HTTPHeaders()
                for (name, value) in failure.headers { headers[HTTPHeader(name)] = value }
                headers[HTTPHeader("Content-Type")] = "application/json"
                return HTTPResponse(statusCode: HTTPStatusCode(failure.status, phrase: "Injected"), headers: headers, body: Data("{\"message\":\"injected failure\"}".utf8))
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
            switch (method, rest.count) {
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

        private func create(_ request: HTTPRequest) async -> HTTPResponse {
            guard let fields = try? JSONSerialization.jsonObject(with: await request.bodyDataOrEmpty()) as? [String: Any],
                  let tag = fields["tag_name"] as? String else {
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
            let fields = (try? JSONSerialization.jsonObject(with: await request.bodyDataOrEmpty()) as? [String: Any]) ?? [:]
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
            let asset = State.Asset(id: await state.newID(), releaseID: releaseID, name: name, data: await request.bodyDataOrEmpty())
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
            var response = json(200, slice)
            if start + perPage < items.count {
                response.headers[HTTPHeader("Link")] = "<\(await state.root.absoluteString)\(request.path)?per_page=\(perPage)&page=\(number + 1)>; rel=\"next\""
            }
            return response
        }

        private func notFound() -> HTTPResponse {
            json(404, ["message": "Not Found", "documentation_url": "https://docs.github.com/rest"])
        }

        private func json(_ status: Int, _ object: Any) -> HTTPResponse {
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
