/// What `@name` in commit text becomes in Markdown (`mentions` in the configuration).
public enum MentionPolicy: String, Hashable, Sendable, CaseIterable {
    /// `@name` is wrapped in backticks (a code span): GitHub does not notify anyone for text
    /// inside `code` (its mention filter skips `code`, `pre` and `a` elements), and the name
    /// stays visible and searchable in the raw file.
    case escape
    /// `@name` is left as written, so GitHub notifies the people named.
    case keep
}

/// Markdown from commit text: the same text, with nothing in it that Markdown or HTML would
/// act on (docs/security.md: "commit text is data, never markup or control").
///
/// Inline rules (``markdownInline(_:mentions:)``), applied outside code spans:
/// - control characters become U+FFFD and the text is one line (``singleLine(_:)``);
/// - `<` becomes `&lt;`, so `<!--`, `<script>`, HTML tags and `<scheme:…>` autolinks are text;
/// - `&` becomes `&amp;` where it would start an entity (`&lt;`, `&#64;`);
/// - `[`, `]` and `\` are backslash-escaped, so `[x](javascript:…)`, `![img](…)`, reference
///   links and footnotes are text;
/// - `@name` is wrapped in backticks unless mentions are kept (``MentionPolicy``);
/// - a code span (`` `code` ``, a backtick run closed by a run of the same length on the same
///   line) is kept exactly, as people expect; a backtick without a partner is escaped, so one
///   piece of text can never open a code span that runs into what follows it.
///
/// Emphasis (`*`, `_`, `~~`) is kept: it changes how text looks, never what it does.
extension TextSanitizer {
    /// One line of commit text (a description, a scope, a name) for use inside a Markdown line.
    public static func markdownInline(_ text: some StringProtocol, mentions: MentionPolicy = .escape) -> String {
        let line = singleLine(text)
        // Most descriptions hold none of the characters that need a rule: no copy then.
        if !containsByte(line, where: { $0 == 0x60 || $0 == 0x5C || $0 == 0x3C || $0 == 0x5B || $0 == 0x5D || $0 == 0x26 || ($0 == 0x40 && mentions == .escape) }) {
            return line
        }
        let scalars = Array(line.unicodeScalars)
        var output = String.UnicodeScalarView()
        output.reserveCapacity(scalars.count + 16)
        let spans = CodeSpans(scalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case "`":
                let run = spans.run(at: index)
                if let end = spans.closing(of: index, length: run) {
                    output.append(contentsOf: scalars[index..<end])
                    index = end
                } else {
                    for _ in 0..<run { output.append(contentsOf: "\\`".unicodeScalars) }
                    index += run
                }
                continue
            case "\\": output.append(contentsOf: "\\\\".unicodeScalars)
            case "<": output.append(contentsOf: "&lt;".unicodeScalars)
            case "[": output.append(contentsOf: "\\[".unicodeScalars)
            case "]": output.append(contentsOf: "\\]".unicodeScalars)
            case "&":
                output.append(contentsOf: (startsEntity(scalars, after: index) ? "&amp;" : "&").unicodeScalars)
            case "@" where mentions == .escape:
                if let end = mentionEnd(scalars, at: index) {
                    let touchesCode = output.last == "`" || (end < scalars.count && scalars[end] == "`")
                    if touchesCode {
                        // A code span right beside another would merge their backticks into one
                        // run; a zero-width space after `@` stops the mention just as well.
                        output.append("@")
                        output.append("\u{200B}")
                        output.append(contentsOf: scalars[(index + 1)..<end])
                    } else {
                        output.append("`")
                        output.append(contentsOf: scalars[index..<end])
                        output.append("`")
                    }
                    index = end
                    continue
                }
                output.append(scalar)
            default: output.append(scalar)
            }
            index += 1
        }
        return String(output)
    }

    /// One line of a multi-line text shown as Markdown (a breaking-change note), after
    /// ``markdownInline(_:mentions:)``: it keeps its indentation and list markers (`- `, `1. `),
    /// but cannot begin a heading (`#`), a block quote (`>`), a fence (three backticks, `~~~`), a
    /// thematic break (`---`, `***`, `___`) or a setext underline (`===`, `--`): the character
    /// that would begin one is backslash-escaped. HTML blocks cannot begin either, since `<`
    /// is always escaped.
    public static func markdownBlockLine(_ line: some StringProtocol, mentions: MentionPolicy = .escape) -> String {
        let text = String(line)
        let leading = text.prefix { $0 == " " || $0 == "\t" }
        var rest = Substring(markdownInline(text.dropFirst(leading.count), mentions: mentions))
        var kept = ""
        while true {
            if isRuleOrUnderline(rest) { break }
            if let marker = listMarker(rest) {
                kept += rest[..<marker]
                rest = rest[marker...]
                continue
            }
            break
        }
        guard let first = rest.first else { return String(leading) + kept }
        let opensBlock = switch first {
        case "#", ">", "=": true
        case "-", "*", "_": isRuleOrUnderline(rest)
        case "~": rest.hasPrefix("~~~")
        default: false
        }
        return String(leading) + kept + (opensBlock ? "\\" : "") + rest
    }

    /// `text` as a code span whose backtick fence is longer than any backtick run inside it,
    /// with control characters replaced and on one line. `|` is escaped when `inTable`.
    public static func markdownCodeSpan(_ text: some StringProtocol, inTable: Bool = false) -> String {
        var content = singleLine(text)
        if inTable { content = content.replacingOccurrences(of: "|", with: "\\|") }
        var longest = 0
        var current = 0
        for scalar in content.unicodeScalars {
            current = scalar == "`" ? current + 1 : 0
            longest = max(longest, current)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let padded = content.hasPrefix("`") || content.hasSuffix("`") ? " \(content) " : content
        return fence + padded + fence
    }

    // MARK: Pieces

    /// Whether `&` at `index` is followed by `name;`, `#digits;` or `#xhex;`.
    private static func startsEntity(_ scalars: [Unicode.Scalar], after index: Int) -> Bool {
        var position = index + 1
        if position < scalars.count, scalars[position] == "#" { position += 1 }
        let start = position
        while position < scalars.count, scalars[position].isASCIIAlphanumeric, position - start < 32 { position += 1 }
        return position > start && position < scalars.count && scalars[position] == ";"
    }

    /// The end of a GitHub mention starting at `index` (`@name`, `@org/team`), or `nil` when the
    /// `@` follows a word character (as in an e-mail address) or is not followed by a name.
    private static func mentionEnd(_ scalars: [Unicode.Scalar], at index: Int) -> Int? {
        if index > 0, scalars[index - 1].isASCIIAlphanumeric || scalars[index - 1] == "_" { return nil }
        func name(from start: Int) -> Int? {
            guard start < scalars.count, scalars[start].isASCIIAlphanumeric else { return nil }
            var end = start + 1
            while end < scalars.count, scalars[end].isASCIIAlphanumeric || scalars[end] == "-" || scalars[end] == "_" { end += 1 }
            return end
        }
        guard var end = name(from: index + 1) else { return nil }
        if end < scalars.count, scalars[end] == "/", let team = name(from: end + 1) { end = team }
        return end
    }

    /// The length of a list marker (`- `, `* `, `+ `, `12. `, `3) ` and the spaces after it)
    /// at the start of `text`, as an index, or `nil`.
    private static func listMarker(_ text: Substring) -> Substring.Index? {
        var index = text.startIndex
        if let first = text.first, first == "-" || first == "*" || first == "+" {
            index = text.index(after: index)
        } else {
            var digits = 0
            while index < text.endIndex, text[index].isASCII, text[index].isNumber, digits < 9 {
                index = text.index(after: index)
                digits += 1
            }
            guard digits > 0, index < text.endIndex, text[index] == "." || text[index] == ")" else { return nil }
            index = text.index(after: index)
        }
        guard index < text.endIndex, text[index] == " " || text[index] == "\t" else { return nil }
        while index < text.endIndex, text[index] == " " || text[index] == "\t" { index = text.index(after: index) }
        return index
    }

    /// Whether the line is a thematic break (three or more of one of `-*_`, spaces allowed
    /// between) or a setext underline (only `=` or only `-`).
    private static func isRuleOrUnderline(_ text: Substring) -> Bool {
        let marks = text.filter { $0 != " " && $0 != "\t" }
        guard let mark = marks.first, marks.allSatisfy({ $0 == mark }) else { return false }
        switch mark {
        case "=": return true
        case "-": return true
        case "*", "_": return marks.count >= 3
        default: return false
        }
    }
}

/// The backtick runs of a line, and which run closes which (CommonMark: a run of length n is
/// closed by the next run of exactly length n). Built once per line, so finding every code
/// span is linear in the line's length.
private struct CodeSpans {
    /// For each scalar index that starts a run: its length.
    private var runs: [Int: Int] = [:]
    /// For each run length: the start indices of runs of that length, in order.
    private var starts: [Int: [Int]] = [:]

    init(_ scalars: [Unicode.Scalar]) {
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "`" else {
                index += 1
                continue
            }
            var end = index
            while end < scalars.count, scalars[end] == "`" { end += 1 }
            runs[index] = end - index
            starts[end - index, default: []].append(index)
            index = end
        }
    }

    func run(at index: Int) -> Int { runs[index] ?? 1 }

    /// The index just past the run closing the run of `length` at `index`, or `nil`.
    func closing(of index: Int, length: Int) -> Int? {
        guard let list = starts[length] else { return nil }
        // Binary search for the first run of this length after `index`.
        var low = 0, high = list.count
        while low < high {
            let middle = (low + high) / 2
            if list[middle] <= index { low = middle + 1 } else { high = middle }
        }
        return low < list.count ? list[low] + length : nil
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIIAlphanumeric: Bool {
        (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
    }
}
