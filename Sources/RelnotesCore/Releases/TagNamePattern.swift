/// Which tag names are release tags, and how a new release tag is spelled.
///
/// - With `tag_prefix` configured, a release tag is exactly that prefix followed by a
///   semantic version.
/// - Without it, both `v1.2.3` and `1.2.3` are release tags.
/// - With a component (`--component api`), the forms are `api@1.2.3` and `api-v1.2.3`
///   (or `tag_prefix` when configured); tags of other components never count.
///
/// Everything else (`nightly`, `build-1a2b3c4`, `v1.2`, `V1.2.3`) is ignored, silently.
public struct TagNamePattern: Hashable, Sendable {
    /// The configured prefix, or `nil` to accept the default forms.
    public var configuredPrefix: String?
    /// The monorepo component whose tags count, or `nil` for a single-package repository.
    public var component: String?

    /// Creates a pattern; with no arguments, `v1.2.3` and `1.2.3` are release tags.
    public init(configuredPrefix: String? = nil, component: String? = nil) {
        self.configuredPrefix = configuredPrefix
        self.component = component
    }

    /// The prefixes a release tag may start with, most specific first.
    public var acceptedPrefixes: [String] {
        if let configuredPrefix { return [configuredPrefix] }
        if let component { return ["\(component)@", "\(component)-v"] }
        return ["v", ""]
    }

    /// The prefix of a new tag when there is no earlier release tag to copy it from.
    public var defaultPrefix: String { acceptedPrefixes[0] }

    /// Splits a tag name into its prefix and version, or returns `nil` when the name is not a
    /// release tag under this pattern. The prefix is compared byte for byte: a canonically
    /// equivalent spelling (`e` + U+0301 for `é`) is another tag name.
    public func match(_ name: String) -> (prefix: String, version: SemanticVersion)? {
        for prefix in acceptedPrefixes where name.utf8.starts(with: prefix.utf8) {
            let rest = name.utf8.dropFirst(prefix.utf8.count)
            if let version = SemanticVersion(String(Substring(rest))) {
                return (prefix, version)
            }
        }
        return nil
    }

    /// Whether `name` would be a release tag but for a number beyond 64 bits
    /// (`v18446744073709551616.0.0`). Such a tag is not a release tag; callers warn once.
    public func hasOversizedNumber(_ name: String) -> Bool {
        for prefix in acceptedPrefixes where name.hasPrefix(prefix) {
            let rest = String(Substring(name.utf8.dropFirst(prefix.utf8.count)))
            switch SemanticVersion.scan(rest) {
            case .failure(.tooLarge), .failure(.prereleaseTooLarge):
                // The same name with every number cut to `1`: a version then?
                var shrunk = "", digits = 0
                for character in rest {
                    if character.isASCII, character.isNumber {
                        digits += 1
                        if digits == 1 { shrunk.append("1") }
                    } else {
                        digits = 0
                        shrunk.append(character)
                    }
                }
                if SemanticVersion(shrunk) != nil { return true }
            default:
                continue
            }
        }
        return false
    }

    /// The release tags among `references`, in ascending precedence (ties by name).
    public func releaseTags(in references: [TagReference]) -> [ReleaseTag] {
        references.compactMap { reference in
            match(reference.name).map {
                ReleaseTag(name: reference.name, prefix: $0.prefix, version: $0.version, target: reference.target, annotation: reference.annotation)
            }
        }
        .sorted(by: ReleaseTag.precedes)
    }

    /// The name a new tag for `version` gets: the prefix of `latest` (the current release tag)
    /// when there is one, else ``defaultPrefix``.
    public func tagName(for version: SemanticVersion, following latest: ReleaseTag?) -> String {
        (latest?.prefix ?? defaultPrefix) + version.description
    }
}
