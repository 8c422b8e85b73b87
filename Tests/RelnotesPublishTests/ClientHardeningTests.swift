import Foundation
import RelnotesCore
import RelnotesPublish
import Testing

/// A client for the fake server with short waits and small limits, so that tests stay quick.
private func client(_ fake: FakeGitHub, token: String = FakeGitHub.token, attempts: Int = 3, limits: ClientLimits = ClientLimits(requestTimeout: 5, totalTimeout: 20)) -> GitHubClient {
    GitHubClient(apiRoot: fake.root, repository: GitHubRepository(owner: "acme", name: "widgets"), token: token, retry: RetryPolicy(maxAttempts: attempts, baseDelay: 0.01, maxDelay: 5), limits: limits)
}

private func draft(_ tag: String = "v1.2.0", body: String = "notes\n") -> ReleaseDraft {
    ReleaseDraft(tagName: tag, name: tag, body: body, draft: false, prerelease: false, makeLatest: true)
}

private let binary = ReleasePublisher.Asset(name: "relnotes-linux-x86_64", data: Data(repeating: 0x42, count: 70_000))

@Suite("the GitHub client never leaks the token and is never hung, crashed or fooled by a server", .serialized)
struct ClientHardeningTests {
    // MARK: Who receives the token

    @Test("a redirect to another origin never receives the token: the client stops", arguments: [301, 302, 303, 307, 308])
    func redirectElsewhere(status: Int) async throws {
        let fake = try await FakeGitHub.start()
        let other = try await FakeGitHub.start()
        defer { Task { await fake.stop(); await other.stop() } }
        // On a loaded machine (the whole suite at once) a first attempt can time out and be
        // retried: every attempt meets the redirect, and the waits are long enough that the
        // redirect, not a timeout, is what the client reports.
        await fake.state.misbehave(.redirect(status, to: other.root), times: 3)
        let patient = client(fake, limits: ClientLimits(requestTimeout: 30, totalTimeout: 90))
        let error = await #expect(throws: PublishError.self) { try await ReleasePublisher(client: patient).publish(draft(), assets: []) }
        #expect(error?.category == .remoteRefused)
        #expect(error?.message.contains("redirected GET") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains(other.root.absoluteString) == true)
        #expect(await other.state.log.isEmpty)
        #expect(await fake.state.releases.isEmpty)
    }

    @Test("an upload redirected with 307 to another origin is refused; the other origin sees nothing")
    func uploadRedirectElsewhere() async throws {
        let fake = try await FakeGitHub.start()
        let other = try await FakeGitHub.start()
        defer { Task { await fake.stop(); await other.stop() } }
        await fake.state.misbehave(.redirect(307, to: other.root), onPathsStartingWith: "/uploads")
        let error = await #expect(throws: PublishError.self) { try await ReleasePublisher(client: client(fake)).publish(draft(), assets: [binary]) }
        #expect(error?.message.contains("redirected POST") == true, "\(error?.message ?? "")")
        #expect(await other.state.authorizations.isEmpty)
        #expect(await fake.state.assets.isEmpty)
    }

    @Test("a redirect within the API's origin is followed with the token; a 307 on upload re-sends the whole body")
    func redirectWithinOrigin() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        await fake.state.misbehave(.redirect(301, to: fake.root))
        await fake.state.misbehave(.redirect(307, to: fake.root), onPathsStartingWith: "/uploads")
        let outcome = try await ReleasePublisher(client: client(fake)).publish(draft(), assets: [binary])
        #expect(outcome.uploaded == [binary.name])
        let assets = await fake.state.assets
        #expect(assets.count == 1)
        #expect(assets.first?.data == binary.data)
        #expect(await fake.state.log.filter { $0.hasPrefix("POST /uploads") }.count == 2)
    }

    @Test("an upload_url on another origin is refused before the upload")
    func uploadURLElsewhere() async throws {
        let fake = try await FakeGitHub.start()
        let other = try await FakeGitHub.start()
        defer { Task { await fake.stop(); await other.stop() } }
        let elsewhere = GitHubClient(apiRoot: other.root, repository: GitHubRepository(owner: "acme", name: "widgets"), token: FakeGitHub.token)
        let release = try await client(fake).createRelease(draft())
        let error = await #expect(throws: PublishError.self) {
            try await elsewhere.uploadAsset(uploadURL: release.uploadURL, name: "x", data: Data("x".utf8))
        }
        #expect(error?.message.contains("upload_url names \(fake.root.absoluteString)") == true, "\(error?.message ?? "")")
        #expect(await fake.state.log.filter { $0.hasPrefix("POST /uploads") }.isEmpty)
        #expect(await other.state.log.isEmpty)
    }

    @Test("who receives the token", arguments: [
        ("https://api.github.com", "https://api.github.com/repos/a/b", true),
        ("https://api.github.com", "https://uploads.github.com/repos/a/b/releases/1/assets", true),
        ("https://api.github.com", "https://API.GitHub.com:443/x", true),
        ("https://api.github.com", "http://api.github.com/x", false),
        ("https://api.github.com", "https://api.github.com:8443/x", false),
        ("https://api.github.com", "https://evil.example/x", false),
        ("https://api.github.com", "https://uploads.github.com.evil.example/x", false),
        ("https://api.github.com", "https://objects.githubusercontent.com/x", false),
        ("https://ghe.example.com/api/v3", "https://ghe.example.com/api/uploads/repos/a/b", true),
        ("https://ghe.example.com/api/v3", "https://uploads.ghe.example.com/x", false),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/x", true),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8081/x", false),
        ("http://127.0.0.1:8080", "http://localhost:8080/x", false),
        ("http://api.example.com", "http://api.example.com/x", false),
    ])
    func scope(root: String, target: String, admitted: Bool) throws {
        let rootURL = try #require(URL(string: root))
        let targetURL = try #require(URL(string: target))
        let scope = try #require(TokenScope(apiRoot: rootURL))
        #expect(scope.admits(targetURL) == admitted)
    }

    @Test("GITHUB_API_URL must be https, or http to loopback, without credentials", arguments: [
        ("https://api.github.com", true), ("https://ghe.example.com/api/v3", true), ("http://127.0.0.1:9999", true),
        ("http://127.255.0.9", true), ("http://localhost:3000", true), ("http://[::1]:8080", true),
        ("http://api.example.com", false), ("http://10.0.0.1", false), ("http://127.0.0.1.nip.io", false),
        ("http://0177.0.0.1", false), ("ftp://api.github.com", false), ("not a url", false), ("https://", false),
        ("api.github.com", false), ("https://user:pass@api.github.com", false), ("https://api.github.com/?x=1", false),
    ])
    func apiRoot(text: String, accepted: Bool) {
        do {
            _ = try TokenScope.apiRoot(text)
            #expect(accepted)
        } catch {
            #expect(!accepted)
            #expect(error.category == .configuration)
            #expect(!error.message.contains("user:pass"))
        }
    }

    // MARK: What is printed

    @Test("a token echoed by the server is redacted from the error, and server text stays on one line", arguments: [401, 403, 404, 409, 422])
    func echoedToken(status: Int) async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        await fake.state.misbehave(.echoCredentials(status), times: status == 404 ? 2 : 1)
        let error = await #expect(throws: PublishError.self) { try await ReleasePublisher(client: client(fake)).publish(draft(), assets: []) }
        let text = error?.description ?? ""
        #expect(!text.contains(FakeGitHub.token), "\(text)")
        #expect(status == 404 || text.contains(SecretRedactor.mark), "\(text)")
        #expect(!text.contains("\n"))
    }

    @Test("the redactor removes the token, Authorization values and token-shaped strings", arguments: [
        "token s3cr3t-T0ken here", "Authorization: Bearer abcdefgh12345", "\"authorization\":\"token abcdefgh12345\"",
        "bearer abcdefgh12345", "ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", "github_pat_11ABCDEFG0123456789_abcdefghij",
        "url?x=s3cr3t%2DT0ken",
    ])
    func redactor(text: String) {
        let redacted = SecretRedactor(token: "s3cr3t-T0ken").redact(text)
        #expect(redacted.contains(SecretRedactor.mark), "\(redacted)")
        for secret in ["s3cr3t-T0ken", "s3cr3t%2DT0ken", "abcdefgh12345", "ABCDEFGHIJKLMNOP", "0123456789_abc"] {
            #expect(!redacted.contains(secret), "\(redacted)")
        }
    }

    @Test("the dry-run plan shows methods, addresses and the JSON body, never the token, even when the notes hold it")
    func plan() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        let lines = ReleasePublisher(client: client(fake)).plan(draft(body: "## Features\n\n- leaked \(FakeGitHub.token)\n"), assets: [binary])
        let text = lines.joined(separator: "\n")
        #expect(text.contains("GET \(fake.root.absoluteString)/repos/acme/widgets/releases/tags/v1.2.0"))
        #expect(text.contains("POST \(fake.root.absoluteString)/repos/acme/widgets/releases "))
        #expect(text.contains("\"tag_name\":\"v1.2.0\""))
        #expect(text.contains("  | ## Features"))
        #expect(text.contains("POST <upload_url of the release>?name=relnotes-linux-x86_64"))
        #expect(!text.contains(FakeGitHub.token))
        #expect(await fake.state.log.isEmpty)
    }

    // MARK: Header values of any shape

    @Test("rate-limit headers of any shape never trap", arguments: [
        (403, ["Retry-After": "1e400"]), (503, ["Retry-After": "nan"]), (429, ["Retry-After": "-7"]),
        (403, ["x-ratelimit-remaining": "0", "x-ratelimit-reset": "1e30"]), (403, ["x-ratelimit-remaining": "0", "x-ratelimit-reset": "inf"]),
        (403, ["x-ratelimit-remaining": "0", "x-ratelimit-reset": "-1e308"]), (503, ["Retry-After": "99999999999999999999999"]),
        (503, ["Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"]), (429, ["Retry-After": "soon"]), (503, ["Retry-After": "0x10"]),
    ])
    func headerShapes(status: Int, headers: [String: String]) async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        await fake.state.fail(with: status, headers: headers)
        do {
            let outcome = try await ReleasePublisher(client: client(fake)).publish(draft(), assets: [])
            #expect(outcome.created)
        } catch {
            #expect(error.category == .remoteRefused)
            #expect(error.message.contains("rate limit") || error.message.contains("wait"), "\(error.message)")
        }
    }

    @Test("Retry-After and x-ratelimit-reset read as finite, non-negative, clamped seconds", arguments: [
        ("120", 120.0), ("1.5", 1.5), ("1e400", WaitHeaders.longest), ("-3", nil), ("nan", nil), ("inf", nil), ("", nil),
        ("Sun, 06 Nov 1994 08:49:37 GMT", 0.0), ("Sunday, 06-Nov-94 08:49:37 GMT", 0.0), ("Sun Nov  6 08:49:37 1994", 0.0),
    ] as [(String, Double?)])
    func retryAfter(text: String, seconds: Double?) {
        #expect(WaitHeaders.retryAfter(text) == seconds)
    }

    @Test("an HTTP-date Retry-After in the future is that many seconds away")
    func retryAfterDate() {
        let now = Date(timeIntervalSince1970: 784_111_777)  // Sun, 06 Nov 1994 08:49:37 GMT
        #expect(WaitHeaders.retryAfter("Sun, 06 Nov 1994 08:50:07 GMT", now: now) == 30)
        #expect(WaitHeaders.reset("784111787", now: now) == 10)
        #expect(WaitHeaders.reset("1e30", now: now) == WaitHeaders.longest)
    }

    // MARK: Time

    @Test("a server that never answers costs the deadline, not five request timeouts, and says so in words")
    func stall() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        await fake.state.misbehave(.stall(seconds: 30), times: 5)
        let started = Date()
        let error = await #expect(throws: PublishError.self) {
            try await ReleasePublisher(client: client(fake, attempts: 5, limits: ClientLimits(requestTimeout: 1, totalTimeout: 2.5))).publish(draft(), assets: [])
        }
        #expect(Date().timeIntervalSince(started) < 6)
        #expect(error?.message.hasPrefix("GitHub did not answer within 2.5 seconds") == true, "\(error?.message ?? "")")
    }

    @Test("an answer trickled byte by byte is cut off by the request timeout")
    func trickle() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        await fake.state.misbehave(.body(bytes: 10_000, announced: false, trickle: .milliseconds(100)), times: 5)
        let started = Date()
        let error = await #expect(throws: PublishError.self) {
            try await ReleasePublisher(client: client(fake, attempts: 2, limits: ClientLimits(requestTimeout: 1, totalTimeout: 10))).publish(draft(), assets: [])
        }
        #expect(Date().timeIntervalSince(started) < 6)
        #expect(error?.message.contains("did not answer") == true, "\(error?.message ?? "")")
    }

    @Test("a retry wait longer than the deadline is reported at once")
    func waitPastDeadline() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        await fake.state.fail(with: 429, headers: ["Retry-After": "4"])
        let started = Date()
        let error = await #expect(throws: PublishError.self) {
            try await ReleasePublisher(client: client(fake, limits: ClientLimits(requestTimeout: 1, totalTimeout: 2))).publish(draft(), assets: [])
        }
        #expect(Date().timeIntervalSince(started) < 1.5)
        #expect(error?.message.contains("past the --timeout of 2 seconds") == true, "\(error?.message ?? "")")
    }

    // MARK: Size

    @Test("an oversized answer is abandoned, whether announced by Content-Length or streamed", arguments: [true, false])
    func huge(announced: Bool) async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        await fake.state.misbehave(.body(bytes: announced ? 300 << 20 : 8 << 20, announced: announced))
        let error = await #expect(throws: PublishError.self) {
            try await ReleasePublisher(client: client(fake, limits: ClientLimits(requestTimeout: 10, totalTimeout: 20, maxResponseBytes: 1 << 20))).publish(draft(), assets: [])
        }
        #expect(error?.message.contains("is larger than 1 MiB") == true, "\(error?.message ?? "")")
    }

    @Test("a listing that repeats its page forever is stopped")
    func endlessPages() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        let publisher = ReleasePublisher(client: client(fake))
        _ = try await publisher.publish(draft("v1.0.0"), assets: [])
        await fake.state.setEndlessPages(true)
        let error = await #expect(throws: PublishError.self) { try await publisher.publish(draft("v2.0.0"), assets: []) }
        #expect(error?.message.contains("same page of releases") == true, "\(error?.message ?? "")")
        #expect(await fake.state.log.count < 10)
    }

    @Test("a listing longer than the page bound is stopped, not followed")
    func pageBound() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        await fake.state.setPageSize(1)
        let publisher = ReleasePublisher(client: client(fake, limits: ClientLimits(maxPages: 3)))
        for index in 1...4 { _ = try await publisher.publish(draft("v0.\(index).0"), assets: []) }
        let error = await #expect(throws: PublishError.self) { try await publisher.publish(draft("v1.0.0"), assets: []) }
        #expect(error?.message.contains("more than 3 pages of releases") == true, "\(error?.message ?? "")")
    }

    // MARK: Uploads

    @Test("an upload GitHub stored short is reported, not counted as uploaded, and removed")
    func shortUpload() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        await fake.state.setTruncateUploads(true)
        let error = await #expect(throws: PublishError.self) { try await ReleasePublisher(client: client(fake)).publish(draft(), assets: [binary]) }
        #expect(error?.message.contains("GitHub stored 0 bytes for asset relnotes-linux-x86_64, not the 70000 bytes") == true, "\(error?.message ?? "")")
        #expect(await fake.state.assets.isEmpty)
    }

    @Test("two assets with one name are refused before any request")
    func duplicateNames() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        let twin = ReleasePublisher.Asset(name: binary.name, data: Data("other".utf8))
        let error = await #expect(throws: PublishError.self) { try await ReleasePublisher(client: client(fake)).publish(draft(), assets: [binary, twin]) }
        #expect(error?.category == .usage)
        #expect(await fake.state.log.isEmpty)
    }
}
