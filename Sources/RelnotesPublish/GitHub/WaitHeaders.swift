import Foundation

/// Reads the headers by which a server asks a client to wait (`Retry-After`,
/// `x-ratelimit-reset`), whatever their shape: every result is finite, non-negative and at
/// most ``longest`` seconds, and a value that cannot be read is `nil` (never a trap).
package enum WaitHeaders {
    /// The longest wait a header can ask for (a year); longer asks are clamped to it.
    package static let longest: Double = 365 * 24 * 3600

    /// `Retry-After`: delay-seconds (`120`, leniently `1.5`) or an HTTP-date (IMF-fixdate,
    /// RFC 850 or asctime), as seconds from `now`. `1e400` clamps to ``longest``; `nan`, `-3`
    /// and words are `nil`.
    package static func retryAfter(_ value: String?, now: Date = Date()) -> Double? {
        guard let text = value?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if let seconds = number(text) { return clamp(seconds) }
        if let date = httpDate(text) { return clamp(date.timeIntervalSince(now)) }
        return nil
    }

    /// `x-ratelimit-reset` (Unix seconds) as seconds from `now`.
    package static func reset(_ value: String?, now: Date = Date()) -> Double? {
        guard let text = value?.trimmingCharacters(in: .whitespaces), let epoch = number(text) else { return nil }
        return clamp(epoch - now.timeIntervalSince1970)
    }

    /// A plain decimal number (digits, at most one point, optional exponent), finite and not
    /// negative; infinity becomes ``longest`` once clamped.
    private static func number(_ text: String) -> Double? {
        guard text.utf8.allSatisfy({ (48...57).contains($0) || $0 == 46 || $0 == 101 || $0 == 69 || $0 == 43 || $0 == 45 }),
              text.utf8.first.map({ (48...57).contains($0) || $0 == 46 }) == true,
              let value = Double(text), !value.isNaN, value >= 0 else { return nil }
        return value
    }

    private static func clamp(_ seconds: Double) -> Double? {
        guard !seconds.isNaN else { return nil }
        return min(max(0, seconds), longest)
    }

    private static func httpDate(_ text: String) -> Date? {
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }

    /// Whole seconds for a message, safe for any finite or infinite value.
    static func wholeSeconds(_ seconds: Double) -> Int {
        guard seconds.isFinite else { return Int(longest) }
        return Int(min(max(0, seconds), longest).rounded(.up))
    }
}
