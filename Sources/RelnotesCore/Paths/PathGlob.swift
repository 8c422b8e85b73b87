/// A path pattern of `--include-path` / `--exclude-path`, matched against repository paths
/// (`packages/a/src/x.swift`, `/`-separated, from the repository root).
///
/// - `*` matches any characters within one path segment, `?` one character, `[abc]`, `[a-z]`
///   one of a set of (ASCII) characters and `[!abc]` or `[^abc]` one not in it;
/// - `**` as a whole segment matches any number of segments, none included
///   (`packages/**/*.md`, `**/README.md`);
/// - a pattern without wildcards names a file or a folder and everything below it
///   (`packages/a` is `packages/a` and `packages/a/**`), as a git pathspec does;
/// - a leading `/` or `./` is ignored; a trailing `/` only matches folders' contents.
public struct PathGlob: Hashable, Sendable, CustomStringConvertible {
    /// The glob as written.
    public let pattern: String
    private let segments: [Substring]
    private let isLiteral: Bool

    /// Compiles `pattern`.
    public init(_ pattern: String) {
        self.pattern = pattern
        var text = Substring(pattern)
        while text.hasPrefix("./") { text = text.dropFirst(2) }
        while text.hasPrefix("/") { text = text.dropFirst() }
        segments = text.split(separator: "/")
        isLiteral = !text.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    /// The glob as written.
    public var description: String { pattern }

    /// Checks that `pattern` is a glob this type can match: non-empty, and every `[` opens a
    /// set closed by a `]` in the same path segment, with something in it.
    ///
    /// - Throws: ``UsageError`` naming the pattern (`--include-path '['` would otherwise
    ///   silently match nothing).
    public static func validate(_ pattern: String) throws(UsageError) {
        let shown = TextSanitizer.singleLine(pattern)
        guard !pattern.isEmpty else {
            throw UsageError("the path pattern is empty", hint: "write a path or a glob such as packages/api/** or **/*.md")
        }
        for segment in pattern.split(separator: "/") {
            let bytes = segment.utf8
            var index = bytes.startIndex
            while index < bytes.endIndex {
                if bytes[index] == UInt8(ascii: "[") {
                    guard let end = setEnd(bytes[...], from: index) else {
                        throw UsageError("'\(shown)' is not a valid path pattern: the '[' has no closing ']'", hint: "close the set, as in [abc], or match any one character with ?")
                    }
                    index = end
                } else {
                    index = bytes.index(after: index)
                }
            }
        }
    }

    /// The index after the `]` closing the set that opens at `start`, or `nil` when it is not
    /// closed (a `]` right after `[` or `[!` belongs to the set).
    private static func setEnd(_ bytes: Substring.UTF8View.SubSequence, from start: Substring.UTF8View.Index) -> Substring.UTF8View.Index? {
        var index = bytes.index(after: start)
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "!") || bytes[index] == UInt8(ascii: "^") { index = bytes.index(after: index) }
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "]") { index = bytes.index(after: index) }
        while index < bytes.endIndex {
            if bytes[index] == UInt8(ascii: "]") { return bytes.index(after: index) }
            index = bytes.index(after: index)
        }
        return nil
    }

    /// Whether the set opening at `start` holds `byte`, and where the pattern goes on; `nil`
    /// for an unclosed set (then `[` is a literal character).
    private static func matchSet(_ pattern: Substring.UTF8View.SubSequence, at start: Substring.UTF8View.Index, _ byte: UInt8) -> (matched: Bool, next: Substring.UTF8View.Index)? {
        guard let end = setEnd(pattern, from: start) else { return nil }
        var index = pattern.index(after: start)
        var negated = false
        if pattern[index] == UInt8(ascii: "!") || pattern[index] == UInt8(ascii: "^") {
            negated = true
            index = pattern.index(after: index)
        }
        let close = pattern.index(before: end)
        var found = false
        while index < close {
            let low = pattern[index]
            let next = pattern.index(after: index)
            if next < close, pattern[next] == UInt8(ascii: "-"), pattern.index(after: next) < close {
                let highIndex = pattern.index(after: next)
                if low <= byte && byte <= pattern[highIndex] { found = true }
                index = pattern.index(after: highIndex)
            } else {
                if low == byte { found = true }
                index = next
            }
        }
        return (found != negated, end)
    }

    /// The folders every match lies under, with no wildcard: `packages/a` for `packages/a/**/*.ts`,
    /// the empty string for `**/*.md`. The git layer compares these folders' tree ids first and
    /// skips a commit that leaves them unchanged, without computing a diff.
    public var fixedPrefix: String {
        var fixed: [Substring] = []
        for segment in segments {
            if segment.contains(where: { $0 == "*" || $0 == "?" || $0 == "[" }) { break }
            fixed.append(segment)
        }
        return fixed.joined(separator: "/")
    }

    /// Whether `path` matches.
    public func matches(_ path: String) -> Bool {
        let parts = path.split(separator: "/")
        if isLiteral {
            return parts.count >= segments.count && zip(parts, segments).allSatisfy { $0 == $1 }
        }
        return Self.match(segments[...], parts[...])
    }

    private static func match(_ pattern: ArraySlice<Substring>, _ path: ArraySlice<Substring>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == "**" {
            let rest = pattern.dropFirst()
            if rest.isEmpty { return true }
            var remaining = path
            while true {
                if match(rest, remaining) { return true }
                guard !remaining.isEmpty else { return false }
                remaining = remaining.dropFirst()
            }
        }
        guard let segment = path.first, matchSegment(first.utf8[...], segment.utf8[...]) else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }

    /// `*`, `?` and `[set]` within one segment (bytes; `?` is one byte of ASCII, any UTF-8 sequence otherwise counts per byte).
    private static func matchSegment(_ pattern: Substring.UTF8View.SubSequence, _ text: Substring.UTF8View.SubSequence) -> Bool {
        var p = pattern.startIndex, t = text.startIndex
        var star: Substring.UTF8View.Index?, resume = text.startIndex
        while t < text.endIndex {
            if p < pattern.endIndex, pattern[p] == UInt8(ascii: "["), let set = matchSet(pattern, at: p, text[t]) {
                if set.matched {
                    p = set.next
                    t = text.index(after: t)
                    continue
                }
                guard let starAt = star else { return false }
                p = pattern.index(after: starAt)
                resume = text.index(after: resume)
                t = resume
            } else if p < pattern.endIndex, pattern[p] == UInt8(ascii: "?") || pattern[p] == text[t] {
                p = pattern.index(after: p)
                t = text.index(after: t)
            } else if p < pattern.endIndex, pattern[p] == UInt8(ascii: "*") {
                star = p
                p = pattern.index(after: p)
                resume = t
            } else if let starAt = star {
                p = pattern.index(after: starAt)
                resume = text.index(after: resume)
                t = resume
            } else {
                return false
            }
        }
        while p < pattern.endIndex, pattern[p] == UInt8(ascii: "*") { p = pattern.index(after: p) }
        return p == pattern.endIndex
    }
}

/// Which commits count when only some paths matter (a package of a monorepo).
public struct PathFilter: Hashable, Sendable {
    /// Globs of the paths that count; empty: every path.
    public var include: [PathGlob]
    /// Globs of the paths that never count.
    public var exclude: [PathGlob]

    /// Creates a filter from glob texts.
    public init(include: [String] = [], exclude: [String] = []) {
        self.include = include.map(PathGlob.init)
        self.exclude = exclude.map(PathGlob.init)
    }

    /// Whether every commit counts.
    public var isEmpty: Bool { include.isEmpty && exclude.isEmpty }

    /// Whether a commit that changed `paths` counts: one of them matches an include glob (or
    /// there is none) and no exclude glob.
    public func keeps(changedPaths paths: [String]) -> Bool {
        paths.contains { path in
            (include.isEmpty || include.contains { $0.matches(path) }) && !exclude.contains { $0.matches(path) }
        }
    }

    /// The folders a change must touch to possibly count; `[""]` (everything) without include globs.
    public var prefixes: [String] {
        guard !include.isEmpty else { return [""] }
        let all = Set(include.map(\.fixedPrefix))
        if all.contains("") { return [""] }
        // Drop folders inside other listed folders.
        return all.filter { prefix in !all.contains { $0 != prefix && prefix.hasPrefix($0 + "/") } }.sorted()
    }
}
