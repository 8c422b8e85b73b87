/// Checks every name a Mustache template uses against the data it is rendered over (the JSON
/// of `--format json`), so that a misspelt `{{sumary}}` is an error with its line and column
/// instead of an empty string in the output. Mustache itself has no strict mode.
///
/// Names are resolved as Mustache does: up the stack of open sections (`{{#commits}}` opens one
/// commit), dotted names (`author.name`), `.` for the current value, and swift-mustache's
/// transforms (`empty(groups)`, `count(commits)`, `first(releases)`, `uppercased(title)`, and
/// `first()`/`last()`/`index()`/`even()`/`odd()` inside a list).
package struct TemplateVariableChecker {
    /// The kind of a value in the data.
    package indirect enum Shape: Equatable, Sendable {
        case string, number, boolean
        case object([String: Shape])
        case array(Shape)
    }

    /// A name the data does not have, or a transform its value does not take.
    package struct Problem: Equatable {
        package var line: Int
        package var column: Int
        package var message: String
    }

    /// The data of a changelog document, as ``ChangelogDocument/json`` builds it.
    package static let changelogData: Shape = {
        let footer = Shape.object(["token": .string, "separator": .string, "value": .string])
        let commit = Shape.object([
            "id": .string, "short_id": .string, "type": .string, "scope": .string,
            "description": .string, "summary": .string, "header": .string, "body": .string,
            "breaking": .boolean, "breaking_note": .string, "footers": .array(footer),
            "author": .object(["name": .string, "email": .string]), "date": .string,
            "conventional": .boolean, "pull_request": .number, "url": .string,
            "pull_request_url": .string,
            "references": .array(.object(["kind": .string, "number": .number, "repository": .string, "url": .string])),
        ])
        let innerGroup = Shape.object([
            "title": .string, "scope": .string, "commits": .array(commit), "groups": .array(.object([:])), "in_notes": .boolean,
        ])
        let group = Shape.object([
            "title": .string, "scope": .string, "commits": .array(commit), "groups": .array(innerGroup), "in_notes": .boolean,
        ])
        let release = Shape.object([
            "title": .string, "tag": .string, "version": .string, "date": .string,
            "previous_tag": .string, "compare_url": .string, "aliases": .array(.string),
            "unreleased": .boolean, "prerelease": .boolean, "empty": .boolean,
            "commits": .array(commit), "breaking_changes": .array(commit), "groups": .array(group),
        ])
        return .object([
            "schema": .number,
            "repository": .object(["url": .string]),
            "releases": .array(release),
        ])
    }()

    let root: Shape

    package init(root: Shape = Self.changelogData) {
        self.root = root
    }

    /// The first problem in `text`, or `nil`. Expects a template that already parsed.
    package func firstProblem(in text: String) -> Problem? {
        var scanner = Scanner(text: text)
        var stack: [Frame] = [Frame(shape: root, inSequence: false)]
        while let tag = scanner.nextTag() {
            switch tag.sigil {
            case "!", "%", ">", "=":
                continue
            case "/":
                if stack.count > 1 { stack.removeLast() }
            case "$", "<":
                stack.append(stack[stack.count - 1])
            case "#", "^":
                switch resolve(tag.content, in: stack) {
                case .failure(let message):
                    return Problem(line: tag.line, column: tag.column, message: message)
                case .success(let shape):
                    if tag.sigil == "^" {
                        stack.append(stack[stack.count - 1])
                    } else if case .array(let element) = shape {
                        stack.append(Frame(shape: element, inSequence: true))
                    } else {
                        stack.append(Frame(shape: shape, inSequence: stack[stack.count - 1].inSequence))
                    }
                }
            default:
                if case .failure(let message) = resolve(tag.content, in: stack) {
                    return Problem(line: tag.line, column: tag.column, message: message)
                }
            }
        }
        return nil
    }

    private struct Frame {
        var shape: Shape
        var inSequence: Bool
    }

    private enum Resolution {
        case success(Shape)
        case failure(String)
    }

    /// The shape of `expression` (`name`, `a.b`, `.`, `fn(name)`, `fn()`) from the top of `stack`.
    private func resolve(_ expression: String, in stack: [Frame]) -> Resolution {
        var name = Substring(expression)
        var transforms: [String] = []
        while name.hasSuffix(")"), let open = name.firstIndex(of: "(") {
            transforms.append(String(name[..<open]))
            name = name[name.index(after: open)..<name.index(before: name.endIndex)]
        }
        var shape: Shape
        if name.isEmpty, !transforms.isEmpty {
            guard stack[stack.count - 1].inSequence, transforms.count == 1,
                  ["first", "last", "index", "even", "odd"].contains(transforms[0])
            else {
                return .failure("'\(expression)': \(transforms.last ?? "")() works only inside a list section, as first(), last(), index(), even() or odd()")
            }
            return .success(transforms[0] == "index" ? .number : .boolean)
        } else if name == "." {
            shape = stack[stack.count - 1].shape
        } else {
            let parts = name.split(separator: ".", omittingEmptySubsequences: true).map(String.init)
            guard let first = parts.first else { return .failure("'\(expression)' names nothing") }
            let start: Shape?
            if name.hasPrefix(".") {
                start = Self.child(first, of: stack[stack.count - 1].shape)
            } else {
                start = stack.reversed().lazy.compactMap { Self.child(first, of: $0.shape) }.first
            }
            guard var found = start else {
                return .failure("unknown variable '\(first)'\(Self.suggestion(for: first, in: stack.map(\.shape)))")
            }
            for part in parts.dropFirst() {
                guard let next = Self.child(part, of: found) else {
                    return .failure("unknown variable '\(part)' in '\(name)'\(Self.suggestion(for: part, in: [found]))")
                }
                found = next
            }
            shape = found
        }
        for transform in transforms.reversed() {
            guard let next = Self.apply(transform, to: shape) else {
                return .failure("'\(expression)': \(transform) does not apply to \(Self.describe(shape))")
            }
            shape = next
        }
        return .success(shape)
    }

    private static func child(_ name: String, of shape: Shape) -> Shape? {
        guard case .object(let fields) = shape else { return nil }
        return fields[name]
    }

    /// The shape after one of swift-mustache's transforms, or `nil` when the value lacks it.
    private static func apply(_ transform: String, to shape: Shape) -> Shape? {
        switch (shape, transform) {
        case (.string, "empty"): .boolean
        case (.string, "capitalized"), (.string, "lowercased"), (.string, "uppercased"), (.string, "reversed"): .string
        case (.array(let element), "first"), (.array(let element), "last"): element
        case (.array, "reversed"): shape
        case (.array(.string), "sorted"), (.array(.number), "sorted"): shape
        case (.array, "count"): .number
        case (.array, "empty"): .boolean
        case (.object, "count"): .number
        case (.object, "empty"): .boolean
        case (.number, "equalzero"), (.number, "even"), (.number, "odd"): .boolean
        case (.number, "plusone"), (.number, "minusone"): .number
        default: nil
        }
    }

    private static func describe(_ shape: Shape) -> String {
        switch shape {
        case .string: "a string"
        case .number: "a number"
        case .boolean: "true or false"
        case .object: "an object"
        case .array: "a list"
        }
    }

    /// ` (did you mean 'summary'?)` for a name one or two edits away from a known one.
    private static func suggestion(for name: String, in shapes: [Shape]) -> String {
        var known = Set<String>()
        for case .object(let fields) in shapes { known.formUnion(fields.keys) }
        let close = known.map { ($0, editDistance(name, $0)) }.filter { $0.1 <= 2 }.min { ($0.1, $0.0) < ($1.1, $1.0) }
        return close.map { " (did you mean '\($0.0)'?)" } ?? " (not in the data of --format json)"
    }

    /// Levenshtein distance.
    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for (i, left) in a.enumerated() {
            var current = [i + 1]
            for (j, right) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (left == right ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}

/// Finds Mustache tags with their line and column, following `{{=<% %>=}}` delimiter changes.
private struct Scanner {
    struct Tag {
        var sigil: Character?
        var content: String
        var line: Int
        var column: Int
    }

    private let characters: [Character]
    private var position = 0
    private var line = 1
    private var column = 1
    private var open: [Character] = ["{", "{"]
    private var close: [Character] = ["}", "}"]

    init(text: String) {
        characters = Array(text)
    }

    mutating func nextTag() -> Tag? {
        while position < characters.count {
            if matches(open) {
                let tagLine = line, tagColumn = column
                advance(open.count)
                var closing = close
                var triple = false
                if open == ["{", "{"], position < characters.count, characters[position] == "{" {
                    triple = true
                    advance(1)
                    closing = ["}"] + close
                }
                var body: [Character] = []
                while position < characters.count, !matches(closing) {
                    body.append(characters[position])
                    advance(1)
                }
                advance(closing.count)
                var content = String(body).trimmedTagWhitespace()
                var sigil: Character?
                if triple {
                    sigil = "&"
                } else if let first = content.first, "#^/!>=&%$<".contains(first) {
                    sigil = first
                    content = String(content.dropFirst()).trimmedTagWhitespace()
                }
                if sigil == "=" {
                    changeDelimiters(content)
                }
                return Tag(sigil: sigil == "&" ? nil : sigil, content: content, line: tagLine, column: tagColumn)
            }
            advance(1)
        }
        return nil
    }

    private mutating func changeDelimiters(_ content: String) {
        var text = content
        if text.hasSuffix("=") { text.removeLast() }
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard parts.count == 2 else { return }
        open = Array(parts[0])
        close = Array(parts[1])
    }

    private func matches(_ delimiter: [Character]) -> Bool {
        guard position + delimiter.count <= characters.count else { return false }
        return Array(characters[position..<position + delimiter.count]) == delimiter
    }

    private mutating func advance(_ count: Int) {
        for _ in 0..<count where position < characters.count {
            if characters[position] == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            position += 1
        }
    }
}

extension String {
    fileprivate func trimmedTagWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}
