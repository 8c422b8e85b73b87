import Foundation
import RelnotesCore

/// A pull request as GitHub's REST API returns it (the fields relnotes reads).
public struct GitHubPullRequest: Hashable, Sendable, Decodable {
    /// The pull request's number in the repository.
    public var number: Int
    /// Its title.
    public var title: String
    /// Its Markdown body, if it has one.
    public var body: String?
    /// `open` or `closed`.
    public var state: String
    /// `html_url`: its web page.
    public var htmlURL: String?

    enum CodingKeys: String, CodingKey {
        case number, title, body, state
        case htmlURL = "html_url"
    }
}

extension GitHubClient {
    /// The open pull requests from `branch` of this repository into `base`
    /// (`GET pulls?state=open&head=owner:branch&base=base`). GitHub allows one open pull
    /// request per pair, so one page is all there is.
    public func openPullRequests(from branch: String, into base: String) async throws(PublishError) -> [GitHubPullRequest] {
        let target = pullsListURL(from: branch, into: base)
        let (data, _) = try await send("GET", target)
        return try decode([GitHubPullRequest].self, data, what: "GET " + Self.redacted(target))
    }

    func pullsListURL(from branch: String, into base: String) -> URL {
        url("/pulls", query: [("state", "open"), ("head", "\(repository.owner):\(branch)"), ("base", base), ("per_page", "100")])
    }

    /// Opens a pull request from `branch` into `base` (`POST pulls`). GitHub answers 422 when
    /// one is open already: that is thrown, for the caller to update that one instead.
    public func createPullRequest(title: String, body: String, from branch: String, into base: String) async throws(PublishError) -> GitHubPullRequest {
        let target = url("/pulls")
        let (data, _) = try await send("POST", target, json: ["title": title, "body": body, "head": branch, "base": base], accept: [201])
        return try decode(GitHubPullRequest.self, data, what: "POST " + Self.redacted(target))
    }

    /// Changes pull request `number` (`PATCH pulls/{number}`): `fields` among `title`, `body`
    /// and `state`.
    public func updatePullRequest(_ number: Int, fields: [String: String]) async throws(PublishError) -> GitHubPullRequest {
        let target = url("/pulls/\(number)")
        let (data, _) = try await send("PATCH", target, json: fields)
        return try decode(GitHubPullRequest.self, data, what: "PATCH " + Self.redacted(target))
    }
}
