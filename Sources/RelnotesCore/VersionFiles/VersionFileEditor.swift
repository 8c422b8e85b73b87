/// Sets the version in a file's text, changing only the bytes of that one value (SPEC section
/// 7): comments, quotes, indentation, key order and line endings all stay as they were.
///
/// A dotted `key` is looked up in YAML (block mappings), TOML (tables, dotted keys) or JSON,
/// chosen by the file's extension; a `pattern` is a regular expression whose one capture group
/// is replaced. Exactly one place must match: none, or more than one, is an error and the text
/// is not changed. A quoted value keeps its quotes.
public struct VersionFileEditor: Sendable {
    /// Creates an editor.
    public init() {}

    /// The file's text with the value of `entry` set to `value`.
    public func edit(_ text: String, entry: VersionFile, value: String) throws(VersionFileError) -> String {
        let bytes = Array(text.utf8)
        let range: Range<Int>
        switch entry.locator {
        case .pattern(let pattern):
            range = try Self.patternRange(pattern, in: text, path: entry.path)
        case .key(let key):
            let path = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard !path.contains(where: \.isEmpty) else {
                throw VersionFileError(path: entry.path, problem: "the key '\(key)' has an empty part", hint: "write a dotted key such as image.tag")
            }
            let found: [Found]
            switch Self.Format(path: entry.path) {
            case .yaml: found = YAMLLocator(bytes: bytes).values(at: path)
            case .toml: found = TOMLLocator(bytes: bytes).values(at: path)
            case .json: found = JSONLocator(bytes: bytes).values(at: path)
            case nil:
                throw VersionFileError(path: entry.path, problem: "a key needs a .yaml, .yml, .toml or .json file", hint: "use pattern = \"…\" with one capture group for other files")
            }
            range = try Self.single(found, key: key, path: entry.path)
        }
        var quoted = value
        if case .key = entry.locator, range.lowerBound > 0, bytes[range.lowerBound - 1] == UInt8(ascii: "\"") {
            quoted = Self.escapedForDoubleQuotes(value)
        }
        return String(decoding: bytes[..<range.lowerBound] + Array(quoted.utf8) + bytes[range.upperBound...], as: UTF8.self)
    }

    /// The current value `entry` points at, for `--dry-run` and for checking a release commit.
    public func currentValue(in text: String, entry: VersionFile) throws(VersionFileError) -> String {
        let bytes = Array(text.utf8)
        let range: Range<Int>
        switch entry.locator {
        case .pattern(let pattern): range = try Self.patternRange(pattern, in: text, path: entry.path)
        case .key(let key):
            let path = key.split(separator: ".").map(String.init)
            let found: [Found]
            switch Self.Format(path: entry.path) {
            case .yaml: found = YAMLLocator(bytes: bytes).values(at: path)
            case .toml: found = TOMLLocator(bytes: bytes).values(at: path)
            case .json: found = JSONLocator(bytes: bytes).values(at: path)
            case nil: throw VersionFileError(path: entry.path, problem: "a key needs a .yaml, .yml, .toml or .json file")
            }
            range = try Self.single(found, key: key, path: entry.path)
        }
        return String(decoding: bytes[range], as: UTF8.self)
    }

    enum Format {
        case yaml, toml, json
        init?(path: String) {
            let lower = path.lowercased()
            if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") { self = .yaml }
            else if lower.hasSuffix(".toml") { self = .toml }
            else if lower.hasSuffix(".json") { self = .json }
            else { return nil }
        }
    }

    /// One place a key was found: the byte range of its value (inside quotes when quoted), or
    /// a problem with it (a mapping where a value was expected).
    struct Found {
        var range: Range<Int>?
        var line: Int
        var problem: String?
    }

    static func single(_ found: [Found], key: String, path: String) throws(VersionFileError) -> Range<Int> {
        guard let first = found.first else {
            throw VersionFileError(path: path, problem: "no key '\(key)'", hint: "check the key (dotted, e.g. image.tag) against the file")
        }
        guard found.count == 1 else {
            let lines = found.map { String($0.line) }.joined(separator: ", ")
            throw VersionFileError(path: path, problem: "the key '\(key)' is there \(found.count) times (lines \(lines))", hint: "name one place: a longer dotted key, or a pattern")
        }
        if let problem = first.problem {
            throw VersionFileError(path: path, problem: "'\(key)' on line \(first.line) \(problem)", hint: "point the key at a single value")
        }
        guard let range = first.range else {
            throw VersionFileError(path: path, problem: "'\(key)' on line \(first.line) has no value to replace")
        }
        return range
    }

    static func patternRange(_ pattern: String, in text: String, path: String) throws(VersionFileError) -> Range<Int> {
        let regex: Regex<AnyRegexOutput>
        do {
            regex = try Regex(pattern).anchorsMatchLineEndings()
        } catch {
            throw VersionFileError(path: path, problem: "the pattern '\(pattern)' is not a valid regular expression: \(error)")
        }
        let matches = text.matches(of: regex)
        guard let match = matches.first else {
            throw VersionFileError(path: path, problem: "the pattern '\(pattern)' matches nothing", hint: "check the pattern against the file")
        }
        guard matches.count == 1 else {
            throw VersionFileError(path: path, problem: "the pattern '\(pattern)' matches \(matches.count) times", hint: "make the pattern match one place only")
        }
        guard match.output.count == 2 else {
            throw VersionFileError(path: path, problem: "the pattern '\(pattern)' needs exactly one capture group, it has \(match.output.count - 1)", hint: "wrap the version in ( ) and use (?: ) for other groups")
        }
        guard let group = match.output[1].range else {
            throw VersionFileError(path: path, problem: "the capture group of '\(pattern)' took part in no match")
        }
        let utf8 = text.utf8
        return utf8.distance(from: utf8.startIndex, to: group.lowerBound)..<utf8.distance(from: utf8.startIndex, to: group.upperBound)
    }

    static func escapedForDoubleQuotes(_ value: String) -> String {
        var result = ""
        for character in value {
            if character == "\"" || character == "\\" { result.append("\\") }
            result.append(character)
        }
        return result
    }
}
