/// What `relnotes init` learns from a repository's history, and the starter `.relnotes.toml` it
/// writes from it.
///
/// The starter file only writes out what relnotes would do anyway with no file, made explicit
/// and explained in comments: running `relnotes init` never changes the next version. What the
/// history shows (the tag prefix in use, monorepo component tags, a 0.x project, release
/// candidates) decides which keys and comments are written.
///
/// ```swift
/// let starter = try StarterConfiguration(analysing: repository)
/// print(starter.text)
/// ```
public struct StarterConfiguration: Hashable, Sendable {
    /// Where TOML editors (Taplo, Even Better TOML) find the schema of `.relnotes.toml`, written
    /// in the file's first line as a `#:schema` directive.
    public static let defaultSchemaLocation = "https://raw.githubusercontent.com/relnotes/relnotes/main/docs/schema/relnotes.schema.json"

    /// The Makefile lines `relnotes init` suggests, to paste into the project's Makefile.
    public static let makefileLines = """
        .PHONY: changelog changelog-all
        changelog:      ## update the Unreleased section of CHANGELOG.md
        \trelnotes changelog --output CHANGELOG.md
        changelog-all:  ## regenerate CHANGELOG.md from every release tag
        \trelnotes changelog --all --output CHANGELOG.md

        """

    /// How the release tags reachable from HEAD are spelled.
    public enum PrefixStyle: Hashable, Sendable {
        /// No release tag yet.
        case noTags
        /// Every release tag is `v1.2.3`.
        case v
        /// Every release tag is `1.2.3`.
        case bare
        /// Both spellings are in use: how many of each.
        case mixed(v: Int, bare: Int)
    }

    /// Tags of one monorepo component (`api@1.2.3`, `api-v1.2.3`).
    public struct Component: Hashable, Sendable {
        /// The component's name, as written before `@` or `-v`.
        public var name: String
        /// How many of its tags HEAD contains.
        public var tagCount: Int
        /// Its highest version.
        public var latest: SemanticVersion

        /// Creates a component summary.
        public init(name: String, tagCount: Int, latest: SemanticVersion) {
            self.name = name
            self.tagCount = tagCount
            self.latest = latest
        }
    }

    /// The spelling of the release tags (component tags aside).
    public var prefixStyle: PrefixStyle
    /// The number of release tags (component tags aside) HEAD contains.
    public var releaseTagCount: Int
    /// The highest release (component tags aside), or `nil` when there is none.
    public var highestVersion: SemanticVersion?
    /// Monorepo components found in tag names, by name.
    public var components: [Component]
    /// The prerelease identifiers of the release tags, e.g. `["rc"]` (sorted, without repeats).
    public var prereleaseIdentifiers: [String]
    /// The range style an existing changelog seems to use for releases after release
    /// candidates, or `nil` when it cannot be told.
    public var changelogPrereleaseStyle: Configuration.PrereleaseRanges?
    /// The `#:schema` location written in the first line.
    public var schemaLocation: String

    /// Reads the tags HEAD contains in `history`; `changelog` is the text of the project's
    /// changelog, when there is one, to tell how it lists release candidates.
    public init(analysing history: some HistoryReader, changelog: String? = nil, schemaLocation: String = Self.defaultSchemaLocation) throws {
        var vCount = 0
        var bareCount = 0
        var highest: SemanticVersion?
        var identifiers = Set<String>()
        var byComponent: [String: Component] = [:]
        let head = try history.head()
        let plain = TagNamePattern()
        let references = try history.tagReferences()
        // One walk from HEAD decides every tag (as `git tag --merged`), never a walk per tag.
        var reachable = Set<CommitID>()
        if let head {
            let targets = Set(references.map(\.target))
            let cursor = try history.ancestors(of: head)
            while reachable.count < targets.count, let id = try cursor.next() {
                if targets.contains(id) { reachable.insert(id) }
            }
        }
        for reference in references {
            guard reachable.contains(reference.target) else { continue }
            if let match = plain.match(reference.name) {
                if match.prefix == "v" { vCount += 1 } else { bareCount += 1 }
                if highest.map({ match.version > $0 }) ?? true { highest = match.version }
                if let identifier = match.version.prerelease.first { identifiers.insert(identifier.description) }
            } else if let (name, version) = Self.componentTag(reference.name) {
                var component = byComponent[name] ?? Component(name: name, tagCount: 0, latest: version)
                component.tagCount += 1
                if version > component.latest { component.latest = version }
                byComponent[name] = component
            }
        }
        switch (vCount, bareCount) {
        case (0, 0): prefixStyle = .noTags
        case (_, 0): prefixStyle = .v
        case (0, _): prefixStyle = .bare
        default: prefixStyle = .mixed(v: vCount, bare: bareCount)
        }
        releaseTagCount = vCount + bareCount
        highestVersion = highest
        components = byComponent.values.sorted { $0.name < $1.name }
        prereleaseIdentifiers = identifiers.sorted()
        changelogPrereleaseStyle = changelog.flatMap(Self.prereleaseStyle(of:))
        self.schemaLocation = schemaLocation
    }

    /// Whether the project is still on 0.x: its highest release (or, without release tags,
    /// every component's, or the initial version) has major version 0.
    public var isPreMajor: Bool {
        if let highestVersion { return highestVersion.major == 0 }
        if !components.isEmpty { return components.allSatisfy { $0.latest.major == 0 } }
        return Configuration().initialVersion.major == 0
    }

    /// The starter `.relnotes.toml`.
    public var text: String {
        var lines = [
            "#:schema \(schemaLocation)",
            "# relnotes configuration, written by `relnotes init` from this repository's history.",
            "# Every key is optional and the values below are what relnotes does without them:",
            "# change them to change its behaviour. Every key: docs/configuration.md.",
            "",
        ]
        lines += prefixLines
        lines += preMajorLines
        lines += prereleaseLines
        lines += componentLines
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }

    private var prefixLines: [String] {
        if !components.isEmpty {
            // tag_prefix replaces the component forms (NAME@1.2.3, NAME-v1.2.3) as well, so
            // writing it would hide every component's tags from --component.
            let spelled = switch prefixStyle {
            case .noTags: "There are no tags of the whole repository, only component tags (below)."
            case .v: "Tags of the whole repository are spelled v1.2.3 (\(countText(releaseTagCount)))."
            case .bare: "Tags of the whole repository are spelled 1.2.3 (\(countText(releaseTagCount)))."
            case let .mixed(v, bare): "Tags of the whole repository mix v1.2.3 (\(countText(v))) and 1.2.3 (\(countText(bare)))."
            }
            return [
                "# \(spelled)",
                "# tag_prefix is left unset: it would replace the NAME@1.2.3 and NAME-v1.2.3 forms",
                "# that --component reads. Without it, both v1.2.3 and 1.2.3 are release tags.",
                "",
            ]
        }
        switch prefixStyle {
        case .noTags:
            let initial = Configuration().initialVersion
            return [
                "# No release tag yet: the first release is initial_version, tagged v\(initial).",
                "# tag_prefix is the exact prefix of release tags (\"v\" gives v1.2.3, \"\" gives 1.2.3).",
                "tag_prefix = \"v\"",
                "initial_version = \"\(initial)\"",
                "",
            ]
        case .v:
            return [
                "# Release tags here are spelled v1.2.3 (\(countText(releaseTagCount))).",
                "tag_prefix = \"v\"",
                "",
            ]
        case .bare:
            return [
                "# Release tags here are spelled 1.2.3, without a prefix (\(countText(releaseTagCount))).",
                "tag_prefix = \"\"",
                "",
            ]
        case let .mixed(v, bare):
            return [
                "# This history mixes both spellings of release tags: \(countText(v)) like v1.2.3 and",
                "# \(countText(bare)) like 1.2.3. Without tag_prefix relnotes accepts both, and a new tag",
                "# copies the prefix of the current one. To settle on one spelling, uncomment:",
                "# tag_prefix = \"v\"",
                "",
            ]
        }
    }

    private var preMajorLines: [String] {
        guard isPreMajor else { return [] }
        let current = highestVersion.map { "The highest release is \($0)" } ?? "There is no release yet"
        return [
            "# \(current): while the major version is 0, pre_major_breaking says what a",
            "# breaking change bumps. \"major\" makes the next breaking change release 1.0.0;",
            "# \"minor\" keeps releases on 0.x (a breaking change bumps minor, and a feat then",
            "# bumps patch) until you release 1.0.0 with relnotes next-version --release-as 1.0.0.",
            "pre_major_breaking = \"major\"",
            "",
        ]
    }

    private var prereleaseLines: [String] {
        guard !prereleaseIdentifiers.isEmpty else { return [] }
        let names = prereleaseIdentifiers.map { "-\($0).N" }.joined(separator: ", ")
        var lines = [
            "# This project publishes prereleases (\(names)). \"cumulative\": a stable release lists",
            "# everything since the previous stable release, what its prereleases listed included;",
            "# \"separate\": every release lists only what is new since the previous tag of any kind.",
        ]
        let style = changelogPrereleaseStyle ?? .cumulative
        if let seen = changelogPrereleaseStyle {
            lines.append("# The existing changelog reads as \"\(seen.rawValue)\".")
        }
        lines += ["prereleases = \"\(style.rawValue)\"", ""]
        return lines
    }

    private var componentLines: [String] {
        guard !components.isEmpty else { return [] }
        var lines = ["# Monorepo component tags found (NAME@1.2.3 or NAME-v1.2.3):"]
        for component in components {
            lines.append("#   \(component.name): \(countText(component.tagCount)), latest \(component.latest)")
        }
        let example = components[0].name
        lines += [
            "# Each component has versions and a changelog of its own: pass --component, e.g.",
            "#   relnotes next-version --component \(example) --include-path 'packages/\(example)/**'",
            "# or give a package its own file (relnotes --config FILE) with:",
            "# component = \"\(example)\"",
            "# include_paths = [\"packages/\(example)/**\"]",
            "# See docs/monorepo.md.",
            "",
        ]
        return lines
    }

    private func countText(_ count: Int) -> String {
        count == 1 ? "1 tag" : "\(count) tags"
    }

    /// `api@1.2.3` or `api-v1.2.3`: the component and the version; `nil` for anything else.
    static func componentTag(_ name: String) -> (String, SemanticVersion)? {
        if let at = name.lastIndex(of: "@"), at != name.startIndex,
           let version = SemanticVersion(String(name[name.index(after: at)...])) {
            return (String(name[..<at]), version)
        }
        // The last `-v` followed by a version: `my-lib-v1.2.3` is component `my-lib`.
        var index = name.endIndex
        while index > name.startIndex {
            index = name.index(before: index)
            guard name[index...].hasPrefix("-v"), index != name.startIndex else { continue }
            if let version = SemanticVersion(String(name[name.index(index, offsetBy: 2)...])) {
                return (String(name[..<index]), version)
            }
        }
        return nil
    }

    /// Tells from a Markdown changelog whether a stable release repeats what its release
    /// candidates listed (cumulative) or not (separate); `nil` when no stable release with
    /// candidates has entries to compare.
    static func prereleaseStyle(of changelog: String) -> Configuration.PrereleaseRanges? {
        var sections: [(version: SemanticVersion, entries: Set<String>)] = []
        for line in changelog.split(separator: "\n", omittingEmptySubsequences: false) {
            let text = line.hasSuffix("\r") ? line.dropLast() : line
            if text.hasPrefix("## ") {
                guard let version = headingVersion(text.dropFirst(3)) else { continue }
                sections.append((version, []))
            } else if text.hasPrefix("- "), !sections.isEmpty {
                // Entries end in a commit link or id that differs per section: compare the text before it.
                let entry = text.dropFirst(2).split(separator: "(", maxSplits: 1).first.map(String.init) ?? ""
                sections[sections.count - 1].entries.insert(entry)
            }
        }
        var cumulative = 0
        var separate = 0
        for stable in sections where !stable.version.isPrerelease && !stable.entries.isEmpty {
            let candidates = sections.filter {
                $0.version.isPrerelease && !$0.entries.isEmpty
                    && $0.version.core == stable.version.core
            }
            guard !candidates.isEmpty else { continue }
            if candidates.contains(where: { !$0.entries.isDisjoint(with: stable.entries) }) {
                cumulative += 1
            } else {
                separate += 1
            }
        }
        if cumulative == 0 && separate == 0 { return nil }
        return cumulative >= separate ? .cumulative : .separate
    }

    /// The version in a heading such as `[1.2.0](url) - 2024-05-01` or `v1.2.0-rc.1`.
    private static func headingVersion(_ heading: Substring) -> SemanticVersion? {
        var text = heading.drop { $0 == "[" || $0 == " " }
        if text.first == "v" { text = text.dropFirst() }
        let end = text.firstIndex { $0 == "]" || $0 == " " || $0 == "(" } ?? text.endIndex
        return SemanticVersion(String(text[..<end]))
    }
}
