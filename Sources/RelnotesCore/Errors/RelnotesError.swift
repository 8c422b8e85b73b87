/// The kinds of failure, each with its own exit status (see [cli.md](cli.md#exit-status)).
public enum ErrorCategory: String, Sendable, CaseIterable {
    /// A wrong flag, a wrong combination of flags, or a bad configuration file: exit 1.
    case usage
    /// A configuration file that cannot be read or holds a wrong key or value: exit 1.
    case configuration
    /// No repository, an unreadable repository, or input that cannot be used: exit 2.
    case repository
    /// A check that ran and failed (`lint`, `changelog --check`): exit 3.
    case checkFailed
    /// A remote service refused the request: exit 4.
    case remoteRefused

    /// The process exit status for this category.
    public var exitStatus: Int32 {
        switch self {
        case .usage, .configuration: 1
        case .repository: 2
        case .checkFailed: 3
        case .remoteRefused: 4
        }
    }
}

/// Every error relnotes reports: a one-line, lower-case message for a person, a category that
/// decides the exit status, and a hint saying how to recover.
public protocol RelnotesError: Error, CustomStringConvertible {
    /// The kind of failure, which decides the exit status.
    var category: ErrorCategory { get }
    /// One line saying what went wrong, naming the thing that is wrong.
    var message: String { get }
    /// One line saying what to do about it, or `nil` when there is nothing to add.
    var hint: String? { get }
}

extension RelnotesError {
    /// The message, with the hint in parentheses.
    public var description: String {
        if let hint { "\(message) (\(hint))" } else { message }
    }
}

/// A usage error found by the library itself (a version string that does not parse, say).
public struct UsageError: RelnotesError, Equatable {
    /// One line saying what went wrong.
    public var message: String
    /// One line saying what to do about it, or `nil`.
    public var hint: String?
    /// Always ``ErrorCategory/usage`` (exit 1).
    public var category: ErrorCategory { .usage }

    /// Creates the error from its message and an optional hint.
    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }
}

/// A problem with the history or input (no release tags where some are needed, say).
public struct HistoryError: RelnotesError, Equatable {
    /// One line saying what went wrong.
    public var message: String
    /// One line saying what to do about it, or `nil`.
    public var hint: String?
    /// Always ``ErrorCategory/repository`` (exit 2).
    public var category: ErrorCategory { .repository }

    /// Creates the error from its message and an optional hint.
    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    /// The history read has a cycle of parents, at or behind `commit`: git never writes one
    /// (an id names its content), so the commit-graph files that said so are damaged.
    static func cycle(at commit: CommitID) -> HistoryError {
        HistoryError(
            "history has a cycle of parents at or behind commit \(commit.abbreviated()), which git never writes: the repository's commit-graph files are damaged",
            hint: "rewrite them with git commit-graph write --reachable"
        )
    }
}
