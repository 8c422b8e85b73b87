import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import RelnotesCore

/// A small client for GitHub's REST API (releases and their assets) on `URLSession`.
///
/// The token travels in the `Authorization` header only, and only to the origins
/// ``TokenScope`` admits: redirects are never followed blindly, but checked against that rule
/// and re-sent by the client (body included for 307 and 308). No message, error or dry-run line
/// contains the token, even when a server echoes it (``SecretRedactor``). Server errors,
/// secondary rate limits and dropped connections are retried with backoff, honouring
/// `Retry-After` and `x-ratelimit-reset`; every request has a timeout, the whole conversation a
/// deadline, every answer a size cap and every listing a page bound (``ClientLimits``).
public struct GitHubClient: Sendable {
    /// The REST API's address (`GITHUB_API_URL`, `https://api.github.com` by default).
    public var apiRoot: URL
    /// The repository whose releases the client reads and writes.
    public var repository: GitHubRepository
    private let token: String
    /// How failed requests are tried again.
    public var retry: RetryPolicy
    /// Timeouts, size caps and page bounds.
    public var limits: ClientLimits
    /// Who may receive the token; `nil` for an API root that is not an http(s) URL, which then
    /// receives nothing.
    public let scope: TokenScope?
    /// Removes the token (and anything shaped like a credential) from text.
    public let redactor: SecretRedactor
    private let started: ContinuousClock.Instant

    /// The `User-Agent` header of every request, which GitHub requires.
    public static let userAgent = "relnotes"

    /// A client whose deadline (``ClientLimits/totalTimeout``) starts now.
    public init(apiRoot: URL, repository: GitHubRepository, token: String, retry: RetryPolicy = RetryPolicy(), limits: ClientLimits = ClientLimits()) {
        self.apiRoot = apiRoot
        self.repository = repository
        self.token = token
        self.retry = retry
        self.limits = limits
        self.scope = TokenScope(apiRoot: apiRoot)
        self.redactor = SecretRedactor(token: token)
        self.started = .now
    }

    /// `<api>/repos/<owner>/<name>` + `path`.
    func url(_ path: String, query: [(String, String)] = []) -> URL {
        var text = apiRoot.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        text += "/repos/\(Self.pathEscaped(repository.owner))/\(Self.pathEscaped(repository.name))\(path)"
        return Self.adding(query, to: text) ?? apiRoot
    }

    static func adding(_ query: [(String, String)], to text: String) -> URL? {
        guard var components = URLComponents(string: text) else { return nil }
        if !query.isEmpty {
            components.queryItems = (components.queryItems ?? []) + query.map { URLQueryItem(name: $0.0, value: $0.1) }
        }
        return components.url
    }

    // MARK: Releases

    /// Releases per page when listing: GitHub's default, since each body may hold 125,000
    /// characters and a page must stay under ``ClientLimits/maxResponseBytes``.
    static let releasesPerPage = 30

    /// The release for `tag`, drafts included, or `nil`.
    public func release(tag: String) async throws(PublishError) -> GitHubRelease? {
        // Published releases are found directly; drafts only by listing.
        let what = "GET " + Self.redacted(url("/releases/tags/\(Self.pathEscaped(tag))"))
        let (data, response) = try await send("GET", url("/releases/tags/\(Self.pathEscaped(tag))"), accept: [200, 404])
        if response.statusCode == 200 { return try decode(GitHubRelease.self, data, what: what) }
        var pages = PageGuard(kind: "releases")
        for page in 1...max(1, limits.maxPages) {
            let target = url("/releases", query: [("per_page", String(Self.releasesPerPage)), ("page", String(page))])
            let (data, response) = try await send("GET", target)
            let releases = try decode([GitHubRelease].self, data, what: "GET " + Self.redacted(target))
            if let found = releases.first(where: { $0.tagName == tag }) { return found }
            guard Self.hasNextPage(response), !releases.isEmpty else { return nil }
            try pages.check(releases.map(\.id), page: page)
        }
        throw fail("GitHub lists more than \(limits.maxPages) pages of releases without \(tag); relnotes stops there", hint: "publish it as a release first with a smaller history of drafts, or delete old drafts")
    }

    /// Creates a release for `draft` and returns it as GitHub answers; throws unless GitHub
    /// answers 201 Created.
    public func createRelease(_ draft: ReleaseDraft) async throws(PublishError) -> GitHubRelease {
        let target = url("/releases")
        let (data, _) = try await send("POST", target, json: Self.createFields(of: draft), accept: [201])
        return try decode(GitHubRelease.self, data, what: "POST " + Self.redacted(target))
    }

    /// Sets the name, body, draft and prerelease state of release `id` to `draft`'s (and whether
    /// it is latest, for a published one), and returns the release as GitHub answers.
    public func updateRelease(id: Int, _ draft: ReleaseDraft) async throws(PublishError) -> GitHubRelease {
        let target = url("/releases/\(id)")
        let (data, _) = try await send("PATCH", target, json: Self.fields(of: draft))
        return try decode(GitHubRelease.self, data, what: "PATCH " + Self.redacted(target))
    }

    /// The JSON fields of a new release: ``fields(of:)`` plus the tag and the commit it names.
    static func createFields(of draft: ReleaseDraft) -> [String: Any] {
        var fields = fields(of: draft)
        fields["tag_name"] = draft.tagName
        if let target = draft.targetCommitish { fields["target_commitish"] = target }
        return fields
    }

    /// The JSON fields of an update. A draft carries no `make_latest`: GitHub decides which
    /// release is latest when one is published, so it is sent with the publishing request.
    static func fields(of draft: ReleaseDraft) -> [String: Any] {
        var fields: [String: Any] = ["name": draft.name, "body": draft.body, "draft": draft.draft, "prerelease": draft.prerelease]
        if !draft.draft { fields["make_latest"] = draft.makeLatest ? "true" : "false" }
        return fields
    }

    /// The bytes sent for `fields`: JSON with sorted keys.
    static func jsonBody(_ fields: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data("{}".utf8)
    }

    // MARK: Assets

    /// Every asset of a release, across pages.
    public func assets(releaseID: Int) async throws(PublishError) -> [GitHubAsset] {
        var all: [GitHubAsset] = []
        var pages = PageGuard(kind: "assets")
        for page in 1...max(1, limits.maxPages) {
            let target = url("/releases/\(releaseID)/assets", query: [("per_page", "100"), ("page", String(page))])
            let (data, response) = try await send("GET", target)
            let assets = try decode([GitHubAsset].self, data, what: "GET " + Self.redacted(target))
            all += assets
            guard Self.hasNextPage(response), !assets.isEmpty else { return all }
            try pages.check(assets.map(\.id), page: page)
        }
        throw fail("GitHub lists more than \(limits.maxPages) pages of assets for one release; relnotes stops there", hint: "delete assets the release does not need, then run the same command again")
    }

    /// Deletes asset `id`; an asset that is already gone (404) is not an error.
    public func deleteAsset(id: Int) async throws(PublishError) {
        _ = try await send("DELETE", url("/releases/assets/\(id)"), accept: [204, 404])
    }

    /// Uploads `data` as asset `name` to the release's `upload_url` (a URI template), and
    /// returns the asset only once GitHub confirms it holds every byte (its `size`, and its
    /// `digest` when GitHub sends one); an asset GitHub stored otherwise is deleted and reported.
    public func uploadAsset(uploadURL template: String, name: String, data: Data, contentType: String = "application/octet-stream") async throws(PublishError) -> GitHubAsset {
        let base = template.firstIndex(of: "{").map { String(template[..<$0]) } ?? template
        guard let target = Self.adding([("name", name)], to: base), let origin = TokenScope.Origin(target) else {
            throw fail("GitHub's upload_url \"\(template)\" is not an http(s) URL", hint: "check GITHUB_API_URL: it should name GitHub's API")
        }
        guard scope?.admits(target) == true else {
            throw fail("GitHub's upload_url names \(origin), which is not where relnotes sends the token (\(allowedOrigins))", hint: "check GITHUB_API_URL; relnotes sends the token only to the API's own origin and its uploads host")
        }
        let what = "POST " + Self.redacted(target)
        let (response, _) = try await send("POST", target, body: data, contentType: contentType, accept: [201])
        let asset = try decode(GitHubAsset.self, response, what: what)
        let digest = "sha256:" + Checksums.sha256(data)
        let sizeMatches = asset.size == data.count
        let digestMatches = asset.digest.map { $0.isEmpty || $0 == digest } ?? true
        guard sizeMatches, digestMatches else {
            try? await deleteAsset(id: asset.id)
            let found = sizeMatches ? "other content (\(asset.digest ?? ""))" : "\(asset.size) bytes"
            throw fail("GitHub stored \(found) for asset \(name), not the \(data.count) bytes relnotes sent; the asset was removed", hint: "run the same command again: it is safe to re-run")
        }
        return asset
    }

    // MARK: Transport

    private static let redirects: Set<Int> = [301, 302, 303, 307, 308]

    /// Sends a request with retries and checked redirects; returns the body and response for an
    /// accepted status, else throws the status's one-line error.
    @discardableResult
    func send(_ method: String, _ target: URL, json: [String: Any]? = nil, body: Data? = nil, contentType: String? = nil, accept: Set<Int> = [200]) async throws(PublishError) -> (Data, HTTPURLResponse) {
        var payload = body
        var type = contentType ?? "application/octet-stream"
        if let json {
            payload = Self.jsonBody(json)
            type = "application/json"
        }
        let what = "\(method) \(Self.redacted(target))"
        var target = target
        var method = method
        var attempt = 1
        var redirects = 0
        while true {
            guard let scope, scope.admits(target) else {
                throw fail("relnotes will not send the token to \(TokenScope.Origin(target)?.description ?? Self.redacted(target)) (\(what))", hint: "the token goes only to \(allowedOrigins), over https:// or to loopback")
            }
            let remaining = remainingSeconds()
            guard remaining > 0 else { throw deadlineError(what) }
            let timeout = min(limits.requestTimeout, remaining)
            var request = URLRequest(url: target, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
            request.httpMethod = method
            request.setValue("application/vnd.github+json", forHTTPHeaderField: "Accept")
            request.setValue("2022-11-28", forHTTPHeaderField: "X-GitHub-Api-Version")
            request.setValue(Self.userAgent, forHTTPHeaderField: "User-Agent")
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            if let payload {
                request.httpBody = payload
                request.setValue(type, forHTTPHeaderField: "Content-Type")
            }
            let data: Data
            let response: HTTPURLResponse
            switch await HTTPExchange.perform(request, limit: limits.maxResponseBytes, timeout: timeout) {
            case let .success((body, answer)):
                data = body
                response = answer
            case .failure(.tooLarge):
                throw fail("GitHub's answer to \(what) is larger than \(Self.size(limits.maxResponseBytes)); relnotes stopped reading it", hint: "check GITHUB_API_URL: GitHub's API never answers this much")
            case .failure(.cancelled):
                throw fail("cancelled during \(what)")
            case let .failure(failure):
                if remainingSeconds() <= 0 { throw deadlineError(what) }
                guard attempt < retry.maxAttempts else {
                    if failure == .timedOut {
                        throw fail("GitHub did not answer \(what) within \(Self.seconds(timeout)) seconds, \(attempt) times", hint: "GitHub or the network is slow; run the same command again later: it is safe to re-run")
                    }
                    throw fail("cannot reach \(scope.origins.count == 1 ? allowedOrigins : TokenScope.Origin(target)?.description ?? allowedOrigins): \(Self.describe(failure)) (after \(attempt) attempts)", hint: "check GITHUB_API_URL and the network")
                }
                try await pause(retry.backoff(retry: attempt), what: what)
                attempt += 1
                continue
            }
            let status = response.statusCode
            if Self.redirects.contains(status), !accept.contains(status) {
                guard redirects < limits.maxRedirects else {
                    throw fail("GitHub redirected \(what) more than \(limits.maxRedirects) times", hint: "check GITHUB_API_URL")
                }
                guard let location = response.value(forHTTPHeaderField: "Location"),
                      let next = URL(string: location.trimmingCharacters(in: .whitespaces), relativeTo: target)?.absoluteURL,
                      let origin = TokenScope.Origin(next) else {
                    throw fail("GitHub answered \(status) to \(what) without a usable Location", hint: "check GITHUB_API_URL")
                }
                guard scope.admits(next) else {
                    throw fail("GitHub redirected \(what) to \(origin); relnotes sends the token only to \(allowedOrigins) and stopped", hint: "check GITHUB_API_URL and GITHUB_REPOSITORY; if the repository moved, use its new name")
                }
                if status == 301 || status == 302 || status == 303, method != "GET", method != "HEAD" {
                    throw fail("GitHub answered \(status) to \(what): relnotes does not re-send it as a GET", hint: "check GITHUB_API_URL and GITHUB_REPOSITORY; if the repository moved, use its new name")
                }
                target = next
                if status == 303 { method = "GET" }
                redirects += 1
                continue
            }
            if accept.contains(status) { return (data, response) }
            if let wait = try retryDelay(response, attempt: attempt, what: what) {
                try await pause(wait, what: what)
                attempt += 1
                continue
            }
            throw Self.error(for: response, data: data, what: what, repository: repository, redactor: redactor)
        }
    }

    /// The origins the token may go to, for messages.
    private var allowedOrigins: String {
        guard let scope else { return "no origin (GITHUB_API_URL is not an http(s) URL)" }
        return scope.origins.map(\.description).sorted().joined(separator: " and ")
    }

    private func remainingSeconds() -> Double {
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return limits.totalTimeout - seconds
    }

    private func deadlineError(_ what: String) -> PublishError {
        fail("GitHub did not answer within \(Self.seconds(limits.totalTimeout)) seconds (the --timeout of publish github; stopped during \(what))", hint: "GitHub or the network is slow or down; run the same command again (it is safe to re-run), or raise --timeout")
    }

    /// How long to wait before trying again, `nil` when the answer is final.
    private func retryDelay(_ response: HTTPURLResponse, attempt: Int, what: String) throws(PublishError) -> Double? {
        let status = response.statusCode
        let retryAfterHeader = response.value(forHTTPHeaderField: "Retry-After")
        let retryAfter = WaitHeaders.retryAfter(retryAfterHeader)
        let remaining = response.value(forHTTPHeaderField: "x-ratelimit-remaining")?.trimmingCharacters(in: .whitespaces)
        let reset = WaitHeaders.reset(response.value(forHTTPHeaderField: "x-ratelimit-reset"))
        let rateLimited = status == 429 || (status == 403 && (retryAfterHeader != nil || remaining == "0"))
        guard status >= 500 || rateLimited else { return nil }
        guard attempt < retry.maxAttempts else {
            if rateLimited {
                throw fail("\(what): GitHub's rate limit still applies after \(attempt) attempts", hint: "wait and run the same command again: it is safe to re-run")
            }
            throw fail("\(what): GitHub answered \(status) \(attempt) times", hint: "GitHub may be having trouble; run the same command again later: it is safe to re-run")
        }
        var wait = retry.backoff(retry: attempt)
        if let retryAfter {
            wait = retryAfter
        } else if rateLimited, remaining == "0", let reset {
            wait = reset + 1
        }
        guard wait <= retry.maxDelay else {
            throw fail("\(what): GitHub's rate limit is exhausted for another \(WaitHeaders.wholeSeconds(wait)) seconds", hint: "run the same command again after that: it is safe to re-run")
        }
        return wait
    }

    private func pause(_ seconds: Double, what: String) async throws(PublishError) {
        let wait = min(max(0, seconds.isNaN ? 0 : seconds), WaitHeaders.longest)
        guard wait < remainingSeconds() else {
            throw fail("GitHub asked to wait \(WaitHeaders.wholeSeconds(wait)) seconds before retrying \(what), past the --timeout of \(Self.seconds(limits.totalTimeout)) seconds", hint: "run the same command again later (it is safe to re-run), or raise --timeout")
        }
        do {
            try await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000))
        } catch {
            throw fail("cancelled while waiting to retry \(what)")
        }
    }

    /// An error about the remote, with server text made safe: redacted, on one line.
    private func fail(_ message: String, hint: String? = nil) -> PublishError {
        redactor.clean(PublishError(.remoteRefused, message, hint: hint))
    }

    /// One line per refusal, naming what to do.
    static func error(for response: HTTPURLResponse, data: Data, what: String, repository: GitHubRepository, redactor: SecretRedactor) -> PublishError {
        let detail = Self.message(in: data)
        let error: PublishError
        switch response.statusCode {
        case 401:
            error = PublishError(.remoteRefused, "GitHub refused the credentials (401\(detail.map { ": \($0)" } ?? ""))", hint: "set GITHUB_TOKEN to a valid token for \(repository)")
        case 403:
            error = PublishError(.remoteRefused, "GitHub forbade \(what) (403\(detail.map { ": \($0)" } ?? ""))", hint: "the token needs the contents: write permission on \(repository)")
        case 404:
            error = PublishError(.remoteRefused, "GitHub has no \(what) (404): the repository \(repository) does not exist or the token cannot see it", hint: "check GITHUB_REPOSITORY (or the origin remote) and the token's access")
        case 422:
            error = PublishError(.remoteRefused, "GitHub rejected \(what) (422\(detail.map { ": \($0)" } ?? ""))", hint: "see the message: usually a tag or asset name GitHub will not accept")
        default:
            error = PublishError(.remoteRefused, "GitHub answered \(response.statusCode) to \(what)\(detail.map { ": \($0)" } ?? "")")
        }
        return redactor.clean(error)
    }

    /// `message` and the `errors[].code`/`message` of a GitHub error body, on one line, at
    /// most 500 characters.
    static func message(in data: Data) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        var parts: [String] = []
        if let message = object["message"] as? String { parts.append(message) }
        if let errors = object["errors"] as? [[String: Any]] {
            for error in errors.prefix(10) {
                let field = [error["resource"], error["field"], error["code"]].compactMap { $0 as? String }.joined(separator: " ")
                if let message = error["message"] as? String { parts.append(message) } else if !field.isEmpty { parts.append(field) }
            }
        }
        var text = TextSanitizer.singleLine(parts.joined(separator: "; "))
        if text.count > 500 { text = String(text.prefix(500)) + "…" }
        return text.isEmpty ? nil : text
    }

    static func hasNextPage(_ response: HTTPURLResponse) -> Bool {
        response.value(forHTTPHeaderField: "Link")?.contains("rel=\"next\"") ?? false
    }

    static func pathEscaped(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#;"))) ?? text
    }

    /// A URL without user information, for messages.
    static func redacted(_ url: URL) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: true) else { return url.absoluteString }
        components.user = nil
        components.password = nil
        return components.string ?? url.absoluteString
    }

    private static func describe(_ failure: HTTPExchange.Failure) -> String {
        guard case let .transport(code) = failure else { return failure == .timedOut ? "no answer in time" : "cancelled" }
        switch code {
        case URLError.cannotConnectToHost.rawValue: return "the connection was refused"
        case URLError.cannotFindHost.rawValue, URLError.dnsLookupFailed.rawValue: return "the host name does not resolve"
        case URLError.networkConnectionLost.rawValue: return "the connection was lost"
        case URLError.notConnectedToInternet.rawValue: return "no network"
        case URLError.secureConnectionFailed.rawValue, URLError.serverCertificateUntrusted.rawValue,
             URLError.serverCertificateHasBadDate.rawValue, URLError.serverCertificateHasUnknownRoot.rawValue,
             URLError.serverCertificateNotYetValid.rawValue: return "the TLS connection failed (certificate or protocol)"
        case URLError.badServerResponse.rawValue: return "the answer is not HTTP"
        default: return "network error \(code)"
        }
    }

    static func seconds(_ value: Double) -> String {
        value.rounded() == value && value.isFinite && abs(value) < 1e9 ? String(Int(value)) : String(format: "%.1f", min(value, 1e9))
    }

    private static func size(_ bytes: Int) -> String {
        bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }

    func decode<T: Decodable>(_ type: T.Type, _ data: Data, what: String) throws(PublishError) -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            let path = (error as? DecodingError).map(Self.codingPath) ?? ""
            throw fail("GitHub's answer to \(what) is not the \(T.self) JSON relnotes expects\(path)", hint: "check GITHUB_API_URL: it should name GitHub's API")
        }
    }

    private static func codingPath(_ error: DecodingError) -> String {
        let context: DecodingError.Context
        switch error {
        case let .typeMismatch(_, found), let .valueNotFound(_, found), let .dataCorrupted(found): context = found
        case let .keyNotFound(key, found): return " (no \(key.stringValue)\(found.codingPath.isEmpty ? "" : " in " + found.codingPath.map(\.stringValue).joined(separator: ".")))"
        @unknown default: return ""
        }
        return context.codingPath.isEmpty ? "" : " (at " + context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".") + ")"
    }
}

/// Stops a listing whose server repeats a page (an endless `Link: rel="next"` serving the same
/// items again).
struct PageGuard {
    let kind: String
    private var seen: Set<[Int]> = []

    init(kind: String) {
        self.kind = kind
    }

    mutating func check(_ ids: [Int], page: Int) throws(PublishError) {
        guard seen.insert(ids).inserted else {
            throw PublishError(.remoteRefused, "GitHub sent the same page of \(kind) again (page \(page)); relnotes stopped listing", hint: "check GITHUB_API_URL: GitHub's API never repeats a page")
        }
    }
}
