/// Why a header does not follow the Conventional Commits grammar, and where: what `lint`
/// reports as `column: message` with a caret under the column.
public struct HeaderSyntaxError: Error, Hashable, Sendable {
    /// What is wrong.
    public enum Reason: String, Hashable, Sendable, CaseIterable {
        /// The header is empty.
        case emptyHeader
        /// Nothing before `:`, `(` or `!` (`: add x`).
        case missingType
        /// A type starts with a letter and holds only letters, digits, `-` and `_`.
        case invalidTypeCharacter
        /// No `:` after the type, scope or `!` (`WIP`, `Merge branch 'x'`, `feat add x`).
        case missingColon
        /// `(` without a `)` before the colon (`feat(api: x`).
        case unclosedScope
        /// `()` or `(  )`: a scope must not be empty.
        case emptyScope
        /// A character a scope cannot hold (`(` inside a scope).
        case invalidScopeCharacter
        /// `:` not followed by a space (`feat:add x`).
        case missingSpaceAfterColon
        /// Nothing after `": "`.
        case emptyDescription
    }

    /// The 1-based column, counted in UTF-8 bytes from the start of the header.
    public var column: Int
    /// What is wrong.
    public var reason: Reason
    /// One lower-case line saying what is wrong, for a person.
    public var message: String

    /// Creates an error from its parts.
    public init(column: Int, reason: Reason, message: String) {
        self.column = column
        self.reason = reason
        self.message = message
    }
}
