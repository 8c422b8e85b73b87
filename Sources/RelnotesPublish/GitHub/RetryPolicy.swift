/// How the GitHub client waits and tries again on server errors, secondary rate limits and
/// dropped connections.
public struct RetryPolicy: Hashable, Sendable {
    /// Tries in all, the first included.
    public var maxAttempts: Int
    /// The first wait when the server gives no `Retry-After`; doubled on each retry.
    public var baseDelay: Double
    /// The longest relnotes waits at once; a server asking for longer is reported instead.
    public var maxDelay: Double

    /// Creates a policy: by default five tries, waits from one second doubling up to two minutes.
    public init(maxAttempts: Int = 5, baseDelay: Double = 1, maxDelay: Double = 120) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The wait before retry number `retry` (1 for the first retry) without server guidance.
    func backoff(retry: Int) -> Double {
        min(maxDelay, baseDelay * Double(1 << min(retry - 1, 20)))
    }
}
