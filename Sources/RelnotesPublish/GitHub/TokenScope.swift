import Foundation
import RelnotesCore

/// Who may receive the token: the one rule, checked before every request the client makes,
/// redirects and uploads included.
///
/// The token is sent only
/// 1. to the origin (scheme, host, port) of the API root (`GITHUB_API_URL`), and
/// 2. when that root is `https://api.<domain>`, also to `https://uploads.<domain>` on the same
///    port: where GitHub names release uploads in `upload_url` (`uploads.github.com` for
///    `api.github.com`, `uploads.<name>.ghe.com` for GHE.com). GitHub Enterprise Server serves
///    uploads on the API's own origin (`https://HOST/api/uploads`), which rule 1 covers.
///
/// and only over `https://`, or over `http://` to a loopback address (`127.0.0.0/8`, `::1`,
/// `localhost`), where nothing crosses a network. Any other address, whether a server names it
/// in a redirect, a `Location` or an `upload_url`, never sees the token: relnotes stops there.
public struct TokenScope: Hashable, Sendable {
    /// A scheme, a lower-case host and a port (the scheme's default when the URL has none).
    public struct Origin: Hashable, Sendable, CustomStringConvertible {
        /// `https` or `http`, in lower case.
        public var scheme: String
        /// The host, in lower case.
        public var host: String
        /// The port, or the scheme's default (443, 80).
        public var port: Int

        /// The origin of `url`, or `nil` unless it is an `http` or `https` URL with a host.
        public init?(_ url: URL) {
            guard let components = URLComponents(url: url, resolvingAgainstBaseURL: true),
                  let scheme = components.scheme?.lowercased(), scheme == "https" || scheme == "http",
                  let host = components.host?.lowercased(), !host.isEmpty else { return nil }
            self.scheme = scheme
            self.host = host
            self.port = components.port ?? (scheme == "https" ? 443 : 80)
        }

        init(scheme: String, host: String, port: Int) {
            self.scheme = scheme
            self.host = host
            self.port = port
        }

        /// `scheme://host[:port]`, the port only when it is not the scheme's default.
        public var description: String {
            let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
            let isDefault = (scheme == "https" && port == 443) || (scheme == "http" && port == 80)
            return "\(scheme)://\(bracketed)" + (isDefault ? "" : ":\(port)")
        }

        /// Whether a token may travel to this origin over its scheme at all.
        public var isConfidential: Bool {
            scheme == "https" || TokenScope.isLoopback(host: host)
        }
    }

    /// The origins that may receive the token.
    public let origins: Set<Origin>

    /// The scope for an API root; `nil` when the root is not an absolute http(s) URL.
    public init?(apiRoot: URL) {
        guard let api = Origin(apiRoot) else { return nil }
        var origins: Set<Origin> = [api]
        if api.scheme == "https", api.host.hasPrefix("api."), api.host.count > 4 {
            origins.insert(Origin(scheme: "https", host: "uploads." + api.host.dropFirst(4), port: api.port))
        }
        self.origins = origins
    }

    /// Whether a request to `url` may carry the token.
    public func admits(_ url: URL) -> Bool {
        guard let origin = Origin(url) else { return false }
        return origin.isConfidential && origins.contains(origin)
    }

    /// Whether `host` (a name or an address, brackets allowed) is the loopback interface:
    /// `localhost`, `::1`, or a dotted-decimal IPv4 address in 127.0.0.0/8.
    public static func isLoopback(host: String) -> Bool {
        var name = host.lowercased()
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name == "localhost" || name == "::1" || name == "0:0:0:0:0:0:0:1" { return true }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "127" else { return false }
        return parts.allSatisfy { part in
            !part.isEmpty && part.count <= 3 && part.utf8.allSatisfy { (48...57).contains($0) } && (Int(part) ?? 256) <= 255
        }
    }

    /// Reads `GITHUB_API_URL` (`nil` or empty: `https://api.github.com`) and refuses, before any
    /// request, a value that is not an absolute `https://` URL (or `http://` to loopback), or
    /// that carries a user name, a password, a query or a fragment.
    public static func apiRoot(_ text: String?) throws(PublishError) -> URL {
        guard let text, !text.isEmpty else { return defaultAPIRoot }
        let shown = TextSanitizer.singleLine(text)
        let hint = "set GITHUB_API_URL to https://HOST[/PATH] (http:// only for 127.0.0.1, ::1 or localhost), or unset it for https://api.github.com"
        guard let components = URLComponents(string: text), let url = components.url,
              let scheme = components.scheme?.lowercased(), let host = components.host, !host.isEmpty else {
            throw PublishError(.configuration, "GITHUB_API_URL \"\(shown)\" is not an absolute URL", hint: hint)
        }
        guard components.user == nil, components.password == nil else {
            throw PublishError(.configuration, "GITHUB_API_URL must not carry a user name or password (it would be sent to the server)", hint: "remove the part before @; the token comes from GITHUB_TOKEN only")
        }
        guard components.query == nil, components.fragment == nil else {
            throw PublishError(.configuration, "GITHUB_API_URL \"\(shown)\" has a query or fragment", hint: hint)
        }
        guard scheme == "https" || scheme == "http" else {
            throw PublishError(.configuration, "GITHUB_API_URL \"\(shown)\" is not an http(s) URL", hint: hint)
        }
        guard scheme == "https" || isLoopback(host: host) else {
            throw PublishError(.configuration, "GITHUB_API_URL \"\(shown)\" would send the token in clear text to \(TextSanitizer.singleLine(host))", hint: "use https://; plain http:// is accepted only for 127.0.0.1, ::1 and localhost")
        }
        return url
    }

    /// `https://api.github.com`.
    public static let defaultAPIRoot: URL = {
        guard let url = URL(string: "https://api.github.com") else { preconditionFailure("a constant URL") }
        return url
    }()
}
