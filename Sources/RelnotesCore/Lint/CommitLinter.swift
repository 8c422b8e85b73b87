/// Checks commit messages against the Conventional Commits grammar and the configured rules
/// (`[lint]` and the types of `[[groups]]`). Reports every finding; never stops at the first.
public struct CommitLinter: Sendable {
    /// The configuration whose `[lint]` and `[[groups]]` decide what is accepted.
    public var configuration: Configuration
    private let parser = ConventionalCommitParser()

    /// Where a message comes from: a commit already made, or a `commit-msg` hook.
    public enum Source: Sendable {
        /// A commit in a range: `fixup!` and `squash!` commits are findings (unless `allow_fixup`).
        case commit(CommitID)
        /// A message about to be committed: `fixup!`/`squash!` are fine, they will be squashed.
        case messageFile
    }

    /// Creates a linter for `configuration`.
    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// The types accepted: every type `[[groups]]` names, plus `[lint] types`.
    public var knownTypes: [String] {
        var seen = Set<String>()
        return (configuration.groups.flatMap(\.types) + configuration.lint.extraTypes).filter { seen.insert($0).inserted }
    }

    /// The findings for one message (empty when it passes).
    public func lint(_ message: String, source: Source) -> [LintFinding] {
        let commit: CommitID? = if case .commit(let id) = source { id } else { nil }
        let lines = message.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        let header = lines.first.map(String.init) ?? ""
        var findings: [LintFinding] = []
        func report(_ problem: String, line: Int = 1, column: Int? = nil, suggestion: String? = nil, hint: String? = nil) {
            // Findings quote commit text; they are printed, so they are printable and one line.
            findings.append(LintFinding(
                commit: commit, header: header, line: line, column: column, problem: TextSanitizer.singleLine(problem),
                suggestion: suggestion.map(TextSanitizer.singleLine), hint: hint.map(TextSanitizer.singleLine)
            ))
        }

        // A commit a maintainer dropped with a `relnotes: skip` note is not a message to fix.
        if ConventionalCommitParser.isSkipMarker(Substring(header)) { return [] }
        if message.allSatisfy(\.isWhitespace) {
            report("the message is empty", hint: "write a header such as \"fix: handle empty input\"")
            return findings
        }
        if message.contains("\u{FFFD}") {
            report("the message is not valid UTF-8", hint: "write messages in UTF-8 (git config i18n.commitEncoding)")
        }
        // Messages git writes itself.
        if header.hasPrefix("Merge ") || (header.hasPrefix("Revert \"") && header.hasSuffix("\"")) {
            return findings
        }
        if let marker = ["fixup! ", "squash! ", "amend! "].first(where: { header.hasPrefix($0) }) {
            if case .commit = source, !configuration.lint.allowFixup {
                report("a \(marker.dropLast()) commit", hint: "squash it before it lands: git rebase -i --autosquash")
            }
            return findings
        }

        switch parser.parseHeader(Substring(header)) {
        case .failure(let error):
            let suggestion = acceptable(Self.suggestion(for: header, knownTypes: knownTypes), for: header)
            var problem = error.message
            // A header that reads as prose (`Fix stuff`, `WIP`) has no type at all, whatever its
            // first word; a near miss (`feat(api) add`) gets the grammar's precise message.
            let word = Self.firstWord(of: header)
            let afterWord = header[word.endIndex...].first
            if error.reason == .missingType || error.reason == .invalidTypeCharacter
                || (error.reason == .missingColon && (afterWord == nil || afterWord == " ")) {
                problem = "no type"
            }
            report(problem, column: error.column, suggestion: suggestion, hint: "write type(scope): description, e.g. \"feat(cli): add --json\"")
        case .success(let parsed):
            if !knownTypes.contains(parsed.type) {
                let close = Self.closestType(to: parsed.type, in: knownTypes)
                var corrected: String?
                if let close {
                    corrected = acceptable(close + header.drop { $0 != "(" && $0 != "!" && $0 != ":" }, for: header)
                }
                report("unknown type '\(parsed.type)'", column: 1, suggestion: corrected, hint: "known types: \(knownTypes.joined(separator: ", ")); add more with [lint] types in .relnotes.toml")
            }
            // `feat(api,cli)` names two scopes; each must be allowed (compared in lower case).
            for scope in disallowedScopes(parsed.scope) {
                report("scope '\(scope)' is not allowed", column: (header.utf8.firstIndex(of: UInt8(ascii: "(")).map { header.utf8.distance(from: header.utf8.startIndex, to: $0) + 2 }), hint: "allowed scopes: \(configuration.lint.scopes.joined(separator: ", "))")
            }
        }
        let limit = configuration.lint.headerMaxLength
        if header.count > limit {
            report("the header is \(header.count) characters, more than \(limit)", column: limit + 1, hint: "say more in the body, after a blank line")
        }
        if lines.count > 1, !lines[1].allSatisfy(\.isWhitespace) {
            report("the second line is not blank", line: 2, column: 1, hint: "separate the header from the body with a blank line")
        }
        // A BREAKING CHANGE line in the body still makes the commit breaking (so that none is
        // ever missed), but tools that read only the footer block would miss it.
        if let misplaced = misplacedBreakingChangeLine(message) {
            report("BREAKING CHANGE: stands in the body, not in the footer block", line: misplaced, column: 1, hint: "move it to the last paragraph, after a blank line, with the other footers")
        }
        for (offset, line) in lines.enumerated().dropFirst() {
            let text = line.drop { $0 == " " }
            guard let colon = text.firstIndex(of: ":") else { continue }
            let token = text[..<colon]
            let value = text[text.index(after: colon)...].drop { $0 == " " }
            let upper = token.uppercased()
            let normalized = upper.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
            if normalized == "BREAKING CHANGE" || normalized == "BREAKING CHANGES" {
                if !(token == "BREAKING CHANGE" || token == "BREAKING-CHANGE") {
                    report("'\(token):' is not recognised as a breaking change", line: offset + 1, column: 1, hint: "write it exactly \"BREAKING CHANGE:\" (upper case) or \"BREAKING-CHANGE:\"")
                } else if value.allSatisfy(\.isWhitespace) {
                    report("BREAKING CHANGE has no description", line: offset + 1, column: colon.utf16Offset(in: text) + 2, hint: "say what breaks and what to do instead")
                }
            } else if upper == "RELEASE-AS" {
                let version = value.hasPrefix("v") ? value.dropFirst() : value
                if SemanticVersion(String(MessageText.trimming(Substring(version)))) == nil {
                    report("Release-As: '\(value)' is not a semantic version", line: offset + 1, hint: "write Release-As: 2.0.0")
                }
            }
        }
        return findings
    }

    // MARK: Suggestions

    /// The scopes of a header that `[lint] scopes` does not allow.
    private func disallowedScopes(_ scope: String?) -> [String] {
        guard let scope, !configuration.lint.scopes.isEmpty else { return [] }
        let allowed = Set(configuration.lint.scopes.map { $0.lowercased() })
        let parts = scope.split(whereSeparator: { $0 == "," || $0 == ";" }).map { String(MessageText.trimming($0)) }.filter { !$0.isEmpty }
        return parts.filter { !allowed.contains($0.lowercased()) }
    }

    /// The 1-based line of a `BREAKING CHANGE:` line the parser found outside the footer block.
    private func misplacedBreakingChangeLine(_ message: String) -> Int? {
        guard message.contains("BREAKING CHANGE:") || message.contains("BREAKING-CHANGE:"),
              let zero = CommitID(hex: String(repeating: "0", count: 40)) else { return nil }
        let person = Signature(name: "", email: "", time: Timestamp(seconds: 0))
        let commit = parser.parse(RawCommit(id: zero, parents: [], author: person, committer: person, message: message))
        guard commit.hasMisplacedBreakingChange else { return nil }
        let footerValues = Set(commit.footers.filter(\.isBreakingChange).map(\.value))
        for (index, line) in MessageText.lines(of: message).enumerated() where index > 0 {
            var text = MessageText.trimmingLeading(line)
            if text.hasPrefix("* ") || text.hasPrefix("- ") { text = MessageText.trimmingLeading(text.dropFirst(2)) }
            guard text.hasPrefix("BREAKING CHANGE:") || text.hasPrefix("BREAKING-CHANGE:") else { continue }
            let value = String(MessageText.trimming(text.dropFirst(16)))
            if line == text, footerValues.contains(value) { continue }
            return index + 1
        }
        return nil
    }

    /// `suggestion` when the linter itself would accept it; else the same type and description
    /// without the scope that made it fail (`foo(): bar` → `fix: bar`, `feat(ng:list): x` →
    /// `feat: x`); else nothing. A suggestion is never one the linter would reject.
    private func acceptable(_ suggestion: String?, for header: String) -> String? {
        guard let suggestion else { return nil }
        if suggestion != header, passes(suggestion) { return suggestion }
        let type = Self.firstWord(of: suggestion)
        // The description follows the first ": " (a colon inside a scope has no space after it).
        guard let colon = header.firstRange(of: ": ")?.lowerBound ?? header.firstIndex(of: ":") else { return nil }
        let description = header[header.index(after: colon)...].drop { $0 == " " || $0 == ":" }
        guard !description.isEmpty else { return nil }
        let bang = header[..<colon].hasSuffix("!") ? "!" : ""
        let fallback = "\(type)\(bang): \(description)"
        return fallback != header && passes(fallback) ? fallback : nil
    }

    /// Whether a header passes every header rule: the grammar (a non-empty scope), a known type,
    /// allowed scopes, the length limit.
    private func passes(_ header: String) -> Bool {
        guard case .success(let parsed) = parser.parseHeader(Substring(header)) else { return false }
        return knownTypes.contains(parsed.type) && disallowedScopes(parsed.scope).isEmpty
            && header.count <= configuration.lint.headerMaxLength
    }

    /// Common words people start headers with, and the type they mean.
    static let synonyms: [String: String] = [
        "fix": "fix", "fixed": "fix", "fixes": "fix", "fixing": "fix", "bugfix": "fix", "hotfix": "fix", "bug": "fix",
        "feat": "feat", "feature": "feat", "features": "feat", "add": "feat", "added": "feat", "adds": "feat", "new": "feat", "implement": "feat",
        "doc": "docs", "docs": "docs", "documentation": "docs", "readme": "docs",
        "refactor": "refactor", "refactored": "refactor", "refactoring": "refactor", "cleanup": "refactor",
        "test": "test", "tests": "test", "testing": "test",
        "perf": "perf", "performance": "perf", "optimize": "perf", "speed": "perf",
        "chore": "chore", "chores": "chore", "bump": "chore", "update": "chore", "updated": "chore",
        "build": "build", "ci": "ci", "style": "style", "revert": "revert", "reverted": "revert",
    ]

    static func firstWord(of header: String) -> Substring {
        header.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
    }

    /// `Fix stuff` → `fix: stuff`; `feat(api) add x` → `feat(api): add x`; `feat:add` → `feat: add`.
    static func suggestion(for header: String, knownTypes: [String]) -> String? {
        let word = firstWord(of: header)
        guard !word.isEmpty else { return nil }
        let lowered = word.lowercased()
        let type: String? = knownTypes.contains(lowered) ? lowered : (synonyms[lowered].flatMap { knownTypes.contains($0) ? $0 : nil } ?? closestType(to: lowered, in: knownTypes))
        guard let type else { return nil }
        var rest = header[word.endIndex...]
        var scope = ""
        if rest.first == "(", let close = rest.firstIndex(of: ")") {
            scope = String(rest[...close])
            rest = rest[rest.index(after: close)...]
        }
        var bang = ""
        if rest.first == "!" {
            bang = "!"
            rest = rest.dropFirst()
        }
        if rest.first == ":" { rest = rest.dropFirst() }
        let description = rest.drop { $0 == " " || $0 == ":" || $0 == "-" }
        guard !description.isEmpty else { return nil }
        return "\(type)\(scope)\(bang): \(description)"
    }

    /// A known type within two edits of `word` (`feet` → `feat`), for words of three letters or more.
    static func closestType(to word: String, in knownTypes: [String]) -> String? {
        if let synonym = synonyms[word], knownTypes.contains(synonym) { return synonym }
        guard word.count >= 3 else { return nil }
        let candidates = knownTypes.map { ($0, editDistance(word, $0)) }.filter { $0.1 <= 2 }
        return candidates.min { $0.1 < $1.1 }?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(1, b.count) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : (b.isEmpty ? a.count : previous[b.count])
    }
}
