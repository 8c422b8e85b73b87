/// One `[[version_files]]` entry: a file whose version `relnotes release` sets (SPEC section 7).
///
/// ```toml
/// [[version_files]]
/// path = "charts/operator/Chart.yaml"
/// key = "appVersion"
/// value = "{version}"
///
/// [[version_files]]
/// path = "VERSION"
/// pattern = "^(.*)$"
/// ```
public struct VersionFile: Hashable, Sendable {
    /// How the value to replace is found.
    public enum Locator: Hashable, Sendable {
        /// A dotted key in a YAML, TOML or JSON file: `version`, `appVersion`, `image.tag`,
        /// `package.version`.
        case key(String)
        /// A regular expression with one capture group; the group is replaced.
        case pattern(String)
    }

    /// The file, relative to the repository root.
    public var path: String
    /// Where the value is.
    public var locator: Locator
    /// What is written: `{version}` (default) or `{tag}`, with any text around them
    /// (`v{version}`).
    public var value: String
    /// The monorepo component this entry belongs to; `nil` for every release.
    public var component: String?

    /// Creates an entry.
    public init(path: String, locator: Locator, value: String = "{version}", component: String? = nil) {
        self.path = path
        self.locator = locator
        self.value = value
        self.component = component
    }

    /// The text to write for a release: ``value`` with `{version}` and `{tag}` filled in.
    public func rendered(version: SemanticVersion, tag: String) -> String {
        value.replacingOccurrences(of: "{version}", with: version.description)
            .replacingOccurrences(of: "{tag}", with: tag)
    }

    /// Whether ``value`` uses only the placeholders relnotes fills in.
    public static func isValidValueTemplate(_ value: String) -> Bool {
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { return false }
            let name = after[..<close]
            guard name == "version" || name == "tag" else { return false }
            rest = after[after.index(after: close)...]
        }
        return true
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

extension Substring {
    fileprivate func range(of target: String) -> Range<Index>? {
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(target) {
                return index..<self.index(index, offsetBy: target.count)
            }
            index = self.index(after: index)
        }
        return nil
    }
}
