/// How long and how much the GitHub client accepts from a server before it stops: a server that
/// never answers, answers without end or redirects in circles costs at most these.
public struct ClientLimits: Hashable, Sendable {
    /// The longest one request may take, from sending to the last byte of the answer.
    public var requestTimeout: Double
    /// The longest the whole conversation may take, retries and waits included (`--timeout`).
    public var totalTimeout: Double
    /// The largest answer read, in bytes; a larger one is abandoned, not buffered.
    public var maxResponseBytes: Int
    /// The most pages read of one listing.
    public var maxPages: Int
    /// The most redirects followed for one request (each to an origin the token may go to).
    public var maxRedirects: Int

    /// Defaults: 30 s a request, 120 s in all, 16 MiB an answer, 100 pages, 5 redirects.
    public init(requestTimeout: Double = 30, totalTimeout: Double = 120, maxResponseBytes: Int = 16 << 20, maxPages: Int = 100, maxRedirects: Int = 5) {
        self.requestTimeout = requestTimeout
        self.totalTimeout = totalTimeout
        self.maxResponseBytes = maxResponseBytes
        self.maxPages = maxPages
        self.maxRedirects = maxRedirects
    }
}
