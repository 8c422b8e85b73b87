internal import CGit2
import RelnotesCore

/// A failure reported by libgit2, or found by the git layer itself (a shallow history).
///
/// The message is libgit2's own, read right after the failing call (`git_error_last()` is per
/// thread and may be stale later), prefixed with the operation that failed.
public struct GitError: RelnotesError, Equatable {
    /// libgit2's error code (`GIT_ENOTFOUND`, …), or one of relnotes' own codes below.
    public struct Code: RawRepresentable, Hashable, Sendable {
        /// The numeric code: libgit2's negative `git_error_code`, or below -1000 for relnotes' own.
        public var rawValue: Int32
        /// Wraps a numeric code.
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// `GIT_ERROR`: a generic failure.
        public static let generic = Code(rawValue: -1)
        /// `GIT_ENOTFOUND`: a requested object, reference or repository is missing.
        public static let notFound = Code(rawValue: -3)
        /// `GIT_EEXISTS`: an object (a tag, say) already exists.
        public static let exists = Code(rawValue: -4)
        /// `GIT_EUNBORNBRANCH`: HEAD names a branch with no commits yet.
        public static let unbornBranch = Code(rawValue: -9)
        /// `GIT_EOWNER`: the repository is owned by another user and `safe.directory` does not
        /// allow it.
        public static let unsafeOwnership = Code(rawValue: -36)
        /// relnotes' own: the walk reached the boundary of a shallow clone.
        public static let shallowHistory = Code(rawValue: -1001)
        /// relnotes' own: the path is not inside any repository.
        public static let notARepository = Code(rawValue: -1002)

        /// Matches a code in a `switch` or `catch` pattern.
        public static func ~= (pattern: Code, value: Code) -> Bool { pattern == value }
    }

    /// What failed: a libgit2 code or one of relnotes' own.
    public var code: Code
    /// What relnotes was doing, e.g. `"open repository at /tmp/x"`.
    public var operation: String
    /// libgit2's message (or relnotes' own for its own codes).
    public var detail: String
    /// One line saying what to do about it, or `nil` when there is nothing to add.
    public var hint: String?

    /// Creates the error; ``message`` is built from `operation` and `detail`.
    public init(code: Code, operation: String, detail: String, hint: String? = nil) {
        self.code = code
        self.operation = operation
        self.detail = detail
        self.hint = hint
    }

    /// Always `ErrorCategory.repository` (exit 2).
    public var category: ErrorCategory { .repository }

    /// `cannot <operation>: <detail>` (without the colon part when there is no detail).
    public var message: String {
        detail.isEmpty ? "cannot \(operation)" : "cannot \(operation): \(detail)"
    }

    /// The error of a walk that reached the boundary of a shallow clone.
    static func shallow(operation: String) -> GitError {
        GitError(
            code: .shallowHistory,
            operation: operation,
            detail: "history is shallow: fetch tags and full history, e.g. `git fetch --unshallow --tags`",
            hint: nil
        )
    }

    /// Reads libgit2's last error for the failing call that returned `result`.
    static func last(_ result: Int32, _ operation: @autoclosure () -> String) -> GitError {
        let detail: String
        if let error = git_error_last(), let text = error.pointee.message {
            detail = String(cString: text).trimmingTrailingNewlines()
        } else {
            detail = "libgit2 error \(result)"
        }
        return GitError(code: Code(rawValue: result), operation: operation(), detail: detail)
    }
}

/// Calls a libgit2 function and throws its error when the return code is negative.
@discardableResult
func check(_ result: Int32, _ operation: @autoclosure () -> String) throws(GitError) -> Int32 {
    guard result >= 0 else { throw GitError.last(result, operation()) }
    return result
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var text = Substring(self)
        while let last = text.last, last == "\n" || last == "\r" { text = text.dropLast() }
        return String(text)
    }
}
