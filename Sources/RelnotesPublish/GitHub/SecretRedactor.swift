import Foundation
import RelnotesCore

/// Takes secrets out of text before it reaches a message, a dry-run line or an error: the token
/// itself (as sent, and percent-encoded), whatever follows `Authorization:`, the credential
/// after `Bearer` or `Basic`, and anything shaped like a GitHub token (`ghp_…`,
/// `github_pat_…`), since a server may echo any of them.
public struct SecretRedactor: Sendable {
    /// What a secret is replaced with.
    public static let mark = "[redacted]"

    private let secrets: [String]

    /// A redactor for `token` (an empty token redacts only the shapes above).
    public init(token: String) {
        var secrets: [String] = []
        if !token.isEmpty {
            secrets.append(token)
            if let encoded = token.addingPercentEncoding(withAllowedCharacters: .alphanumerics), encoded != token {
                secrets.append(encoded)
            }
        }
        self.secrets = secrets
    }

    /// `text` without secrets.
    public func redact(_ text: String) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: Self.mark)
        }
        guard result.utf8.contains(where: { $0 == 0x3A || $0 == 0x20 || $0 == 0x5F || $0 == 0x3D }) else { return result }
        result = result.replacing(#/(?i)(authorization"?\s*[:=]\s*"?)(?!(?:(?:bearer|basic|token)\s+)?\[redacted\])(?:(?:bearer|basic|token)\s+)?[^\s",;}\]]+/#) { match in
            match.output.1 + Self.mark
        }
        result = result.replacing(#/(?i)\b(bearer|basic)(\s+)(?!\[redacted\])[A-Za-z0-9._~+\/=-]{6,}/#) { match in
            match.output.1 + match.output.2 + Self.mark
        }
        result = result.replacing(#/\b(?:gh[pousr]_[A-Za-z0-9]{16,}|github_pat_[A-Za-z0-9_]{16,})/#) { _ in Self.mark }
        return result
    }

    /// ``redact(_:)`` on one line with control characters made inert: for anything from a
    /// server that reaches an error line or a terminal.
    public func line(_ text: String) -> String {
        TextSanitizer.singleLine(redact(text))
    }

    /// `error` with its message and hint redacted and on one line.
    public func clean(_ error: PublishError) -> PublishError {
        PublishError(error.category, line(error.message), hint: error.hint.map(line))
    }
}
