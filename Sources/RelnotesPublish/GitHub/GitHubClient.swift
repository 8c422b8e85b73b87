import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import RelnotesCore

/// A small client for GitHub's REST API (releases and their assets) on `URLSession`.
///
/// Every request carries the token in the `Authorization` header only; no message, error or
/// dry-run line ever contains it. Server errors, secondary rate limits and dropped connections
/// are retried with backoff, honouring `Retry-After` and `x-ratelimit-reset`.
public struct GitHubClient: Sendable {
    public var apiRoot: URL
    public var repository: GitHubRepository
    private let token: String
    public var retry: RetryPolicy
    private let session: URLSession

    public static let userAgent = "relnotes"

    public init(apiRoot: URL, repository: GitHubRepository, token: String, retry: RetryPolicy = RetryPolicy(), session: URLSession = .shared) {
        self.apiRoot = apiRoot
        self.repository = repository
        self.token = token
        self.retry = retry
        self.session = session
    }

    /// `<api>/repos/<owner>/<name>` + `path`.
    func url(_ path: String, query: [(String, String)] = []) -> URL {
        var text = apiRoot.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        text += "/repos/\(repository.owner)/\(repository.name)\(path)"
        return Self.adding(query, to: text)
    }

    static func adding(_ query: [(String, String)], to text: String) -> URL {
        var components = URLComponents(string: text) ?? URLComponents()
        if !query.isEmpty {
            components.queryItems = (components.queryItems ?? []) + query.map { URLQueryItem(name: $0.0, value: $0.1) }
        }
        return components.url ?? URL(fileURLWithPath: "/")
    }

    // MARK: Releases

    /// The release for `tag`, drafts included, or `nil`.
    public func release(tag: String) async throws(PublishError) -> GitHubRelease? {
        // Published releases are found directly; drafts only by listing.
        let (data, response) = try await send("GET", url("/releases/tags/\(Self.pathEscaped(tag))"), accept: [200, 404])
        if response.statusCode == 200 { return try decode(GitHubRelease.self, data) }
        var page = 1
        while true {
            let (data, response) = try await send("GET", url("/releases", query: [("per_page", "100"), ("page", String(page))]))
            let releases = try decode([GitHubRelease].self, data)
            if let found = releases.first(where: { $0.tagName == tag }) { return found }
            guard Self.hasNextPage(response), !releases.isEmpty else { return nil }
            page += 1
        }
    }

    public func createRelease(_ draft: ReleaseDraft) async throws(PublishError) -> GitHubRelease {
        var fields = Self.fields(of: draft)
        fields["tag_name"] = draft.tagName
        if let target = draft.targetCommitish { fields["target_commitish"] = target }
        let (data, _) = try await send("POST", url("/releases"), json: fields, accept: [201])
        return try decode(GitHubRelease.self, data)
    }

    public func updateRelease(id: Int, _ draft: ReleaseDraft) async throws(PublishError) -> GitHubRelease {
        let (data, _) = try await send("PATCH", url("/releases/\(id)"), json: Self.fields(of: draft))
        return try decode(GitHubRelease.self, data)
    }

    private static func fields(of draft: ReleaseDraft) -> [String: Any] {
        ["name": draft.name, "body": draft.body, "draft": draft.draft, "prerelease": draft.prerelease,
         "make_latest": draft.makeLatest ? "true" : "false"]
    }

    // MARK: Assets

    /// Every asset of a release, across pages.
    public func assets(releaseID: Int) async throws(PublishError) -> [GitHubAsset] {
        var all: [GitHubAsset] = []
        var page = 1
        while true {
            let (data, response) = try await send("GET", url("/releases/\(releaseID)/assets", query: [("per_page", "100"), ("page", String(page))]))
            let assets = try decode([GitHubAsset].self, data)
            all += assets
            guard Self.hasNextPage(response), !assets.isEmpty else { return all }
            page += 1
        }
    }

    public func deleteAsset(id: Int) async throws(PublishError) {
        _ = try await send("DELETE", url("/releases/assets/\(id)"), accept: [204, 404])
    }

    /// Uploads `data` as asset `name` to the release's `upload_url` (a URI template).
    public func uploadAsset(uploadURL template: String, name: String, data: Data, contentType: String = "application/octet-stream") async throws(PublishError) -> GitHubAsset {
        let base = template.firstIndex(of: "{").map { String(template[..<$0]) } ?? template
        let target = Self.adding([("name", name)], to: base)
        let (response, _) = try await send("POST", target, body: data, contentType: contentType, accept: [201])
        return try decode(GitHubAsset.self, response)
    }

    // MARK: Transport

    /// Sends a request with retries; returns the body and response for an accepted status,
    /// else throws the status's one-line error.
    @discardableResult
    func send(_ method: String, _ target: URL, json: [String: Any]? = nil, body: Data? = nil, contentType: String? = nil, accept: Set<Int> = [200]) async throws(PublishError) -> (Data, HTTPURLResponse) {
        var request = URLRequest(url: target)
        request.httpMethod = method
        request.setValue("application/vnd.github+json", forHTTPHeaderField: "Accept")
        request.setValue("2022-11-28", forHTTPHeaderField: "X-GitHub-Api-Version")
        request.setValue(Self.userAgent, forHTTPHeaderField: "User-Agent")
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let json {
            request.httpBody = try? JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        } else if let body {
            request.httpBody = body
            request.setValue(contentType ?? "application/octet-stream", forHTTPHeaderField: "Content-Type")
        }
        let what = "\(method) \(Self.redacted(target))"
        var attempt = 1
        while true {
            let outcome: (Data, HTTPURLResponse)
            do {
                let (data, response) = try await session.data(for: request)
                guard let http = response as? HTTPURLResponse else {
                    throw PublishError(.remoteRefused, "\(what): not an HTTP response")
                }
                outcome = (data, http)
            } catch let error as PublishError {
                throw error
            } catch {
                guard attempt < retry.maxAttempts else {
                    throw PublishError(.remoteRefused, "cannot reach \(Self.redacted(apiRoot)): \(error.localizedDescription) (after \(attempt) attempts)", hint: "check GITHUB_API_URL and the network")
                }
                try await pause(retry.backoff(retry: attempt))
                attempt += 1
                continue
            }
            let (data, response) = outcome
            if accept.contains(response.statusCode) { return (data, response) }
            if let wait = try retryDelay(response, attempt: attempt, what: what) {
                try await pause(wait)
                attempt += 1
                continue
            }
            throw Self.error(for: response, data: data, what: what, repository: repository)
        }
    }

    /// How long to wait before trying again, `nil` when the answer is final.
    private func retryDelay(_ response: HTTPURLResponse, attempt: Int, what: String) throws(PublishError) -> Double? {
        let status = response.statusCode
        let retryAfter = response.value(forHTTPHeaderField: "Retry-After").flatMap(Double.init)
        let remaining = response.value(forHTTPHeaderField: "x-ratelimit-remaining")
        let reset = response.value(forHTTPHeaderField: "x-ratelimit-reset").flatMap(Double.init)
        let rateLimited = status == 429 || (status == 403 && (retryAfter != nil || remaining == "0"))
        guard status >= 500 || rateLimited else { return nil }
        guard attempt < retry.maxAttempts else {
            if rateLimited {
                throw PublishError(.remoteRefused, "\(what): GitHub's rate limit still applies after \(attempt) attempts", hint: "wait and run the same command again: it is safe to re-run")
            }
            throw PublishError(.remoteRefused, "\(what): GitHub answered \(status) \(attempt) times", hint: "GitHub may be having trouble; run the same command again later: it is safe to re-run")
        }
        var wait = retry.backoff(retry: attempt)
        if let retryAfter {
            wait = retryAfter
        } else if rateLimited, remaining == "0", let reset {
            wait = max(0, reset - Date().timeIntervalSince1970) + 1
        }
        guard wait <= retry.maxDelay else {
            throw PublishError(.remoteRefused, "\(what): GitHub's rate limit is exhausted for another \(Int(wait)) seconds", hint: "run the same command again after that: it is safe to re-run")
        }
        return wait
    }

    private func pause(_ seconds: Double) async throws(PublishError) {
        do {
            try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
        } catch {
            throw PublishError(.remoteRefused, "cancelled while waiting to retry")
        }
    }

    /// One line per refusal, naming what to do.
    static func error(for response: HTTPURLResponse, data: Data, what: String, repository: GitHubRepository) -> PublishError {
        let detail = Self.message(in: data)
        switch response.statusCode {
        case 401:
            return PublishError(.remoteRefused, "GitHub refused the credentials (401\(detail.map { ": \($0)" } ?? ""))", hint: "set GITHUB_TOKEN to a valid token for \(repository)")
        case 403:
            return PublishError(.remoteRefused, "GitHub forbade \(what) (403\(detail.map { ": \($0)" } ?? ""))", hint: "the token needs the contents: write permission on \(repository)")
        case 404:
            return PublishError(.remoteRefused, "GitHub has no \(what) (404): the repository \(repository) does not exist or the token cannot see it", hint: "check GITHUB_REPOSITORY (or the origin remote) and the token's access")
        case 422:
            return PublishError(.remoteRefused, "GitHub rejected \(what) (422\(detail.map { ": \($0)" } ?? ""))", hint: "see the message: usually a tag or asset name GitHub will not accept")
        default:
            return PublishError(.remoteRefused, "GitHub answered \(response.statusCode) to \(what)\(detail.map { ": \($0)" } ?? "")")
        }
    }

    /// `message` and the `errors[].code`/`message` of a GitHub error body, on one line.
    static func message(in data: Data) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        var parts: [String] = []
        if let message = object["message"] as? String { parts.append(message) }
        if let errors = object["errors"] as? [[String: Any]] {
            for error in errors {
                let field = [error["resource"], error["field"], error["code"]].compactMap { $0 as? String }.joined(separator: " ")
                if let message = error["message"] as? String { parts.append(message) } else if !field.isEmpty { parts.append(field) }
            }
        }
        let text = parts.joined(separator: "; ").replacingOccurrences(of: "\n", with: " ")
        return text.isEmpty ? nil : text
    }

    static func hasNextPage(_ response: HTTPURLResponse) -> Bool {
        response.value(forHTTPHeaderField: "Link")?.contains("rel=\"next\"") ?? false
    }

    static func pathEscaped(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? text
    }

    /// A URL without user information, for messages.
    static func redacted(_ url: URL) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return url.absoluteString }
        components.user = nil
        components.password = nil
        return components.string ?? url.absoluteString
    }

    private func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws(PublishError) -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw PublishError(.remoteRefused, "GitHub's answer could not be read as \(T.self): \(error)")
        }
    }
}
