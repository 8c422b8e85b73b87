/// Reads `.relnotes.toml` text into a ``Configuration``.
///
/// Every key is optional. A key relnotes does not know, or a value of the wrong kind, is a
/// ``ConfigurationError`` naming the file, the line and the key: a typo must not silently fall
/// back to a default.
public struct ConfigurationParser: Sendable {
    /// Creates a parser.
    public init() {}

    /// Parses `text`; `file` is only used to name the file in errors.
    public func parse(_ text: String, file: String) throws(ConfigurationError) -> Configuration {
        try parse(utf8: Array(text.utf8), file: file)
    }

    /// Parses the bytes of a configuration file; text that is not UTF-8 is an error naming its
    /// line. `file` is only used to name the file in errors.
    public func parse(utf8 bytes: [UInt8], file: String) throws(ConfigurationError) -> Configuration {
        let root: TOMLTable
        do throws(TOMLError) {
            root = try TOMLReader().read(utf8: bytes)
        } catch {
            throw ConfigurationError(file: file, line: error.line, column: error.column, key: nil, problem: error.problem, hint: error.hint)
        }
        var reader = TableReader(table: root, path: [], file: file)
        return try reader.configuration()
    }
}

extension ConfigurationParser {
    /// Every key the parser reads, by table: `""` for the top level, `"lint"` for `[lint]`,
    /// `"groups"` for each `[[groups]]` entry. The JSON Schema of the file
    /// (`docs/schema/relnotes.schema.json`) is checked against this list by a test, and the
    /// parser asserts (in debug builds) that every key it reads is listed here.
    package static let knownKeys: [String: Set<String>] = [
        "": [
            "tag_prefix", "initial_version", "pre_major_breaking", "prereleases", "release_date",
            "include_merges", "repository_url", "header", "include_paths", "exclude_paths",
            "component", "lint", "groups", "mentions", "pre_major_features", "fold_prereleases",
            "split_squash", "changelog_file", "verify",
            "version_files", "release", "branches",
        ],
        "branches": ["prerelease", "maintenance"],
        "version_files": ["path", "key", "pattern", "value", "component"],
        "release": ["commit_message"],
        "verify": ["certificate_identity", "certificate_identity_regexp", "certificate_oidc_issuer"],
        "lint": ["types", "scopes", "header_max_length", "allow_fixup"],
        "groups": ["types", "type", "title", "order", "hidden", "bump", "in_notes"],
    ]
}

/// Reads one table, remembering which keys it consumed, so that the rest can be reported.
private struct TableReader {
    let table: TOMLTable
    let path: [String]
    let file: String
    var consumed = Set<String>()

    init(table: TOMLTable, path: [String], file: String) {
        self.table = table
        self.path = path
        self.file = file
    }

    mutating func configuration() throws(ConfigurationError) -> Configuration {
        var configuration = Configuration()
        if let prefix = try string("tag_prefix") {
            if let problem = Self.refNameProblem(prefix) {
                throw error("tag_prefix", "'\(TextSanitizer.singleLine(prefix))' cannot start a git tag name: it \(problem)", hint: "use letters, digits, '-', '_', '.', '/' or '@', e.g. tag_prefix = \"v\"")
            }
            configuration.tagPrefix = prefix
        }
        if let text = try string("initial_version") {
            guard let version = SemanticVersion(text.hasPrefix("v") ? String(text.dropFirst()) : text) else {
                throw error("initial_version", "'\(text)' is not a semantic version", hint: "write MAJOR.MINOR.PATCH, e.g. initial_version = \"0.1.0\"")
            }
            configuration.initialVersion = version
        }
        if let text = try string("pre_major_breaking") {
            switch text.lowercased() {
            case "major": configuration.preMajorBreaking = .major
            case "minor": configuration.preMajorBreaking = .minor
            default: throw error("pre_major_breaking", "'\(text)' is neither \"major\" nor \"minor\"", hint: "write pre_major_breaking = \"minor\" to keep 0.x releases on 0.x")
            }
        }
        if let text = try string("prereleases") {
            guard let mode = Configuration.PrereleaseRanges(rawValue: text.lowercased()) else {
                throw error("prereleases", "'\(text)' is neither \"cumulative\" nor \"separate\"")
            }
            configuration.prereleases = mode
        }
        if let text = try string("release_date") {
            guard let source = Configuration.ReleaseDateSource(rawValue: text.lowercased()) else {
                throw error("release_date", "'\(text)' is neither \"commit\" nor \"tagger\"")
            }
            configuration.releaseDate = source
        }
        if let text = try string("mentions") {
            guard let policy = MentionPolicy(rawValue: text.lowercased()) else {
                throw error("mentions", "'\(text)' is neither \"escape\" nor \"keep\"", hint: "write mentions = \"keep\" to let @name in commit messages notify people")
            }
            configuration.mentions = policy
        }
        if let flag = try bool("include_merges") { configuration.includeMerges = flag }
        if let text = try string("pre_major_features") {
            switch text {
            case "minor": configuration.preMajorFeatures = .minor
            case "patch": configuration.preMajorFeatures = .patch
            default: throw error("pre_major_features", "'\(text)' is neither \"minor\" nor \"patch\"", hint: "write pre_major_features = \"patch\" to make features patch releases on 0.x")
            }
        }
        if let flag = try bool("fold_prereleases") { configuration.foldPrereleases = flag }
        if let flag = try bool("split_squash") { configuration.splitSquash = flag }
        if let path = try string("changelog_file") {
            guard !path.isEmpty, !path.hasPrefix("/") else {
                throw error("changelog_file", "must be a path relative to the repository root", hint: "e.g. changelog_file = \"docs/CHANGELOG.md\"")
            }
            configuration.changelogFile = path
        }
        if let url = try string("repository_url") { configuration.repositoryURL = url }
        if let header = try string("header") { configuration.header = header }
        if let globs = try strings("include_paths") { configuration.includePaths = globs }
        if let globs = try strings("exclude_paths") { configuration.excludePaths = globs }
        if let component = try string("component") {
            guard !component.isEmpty else { throw error("component", "must not be empty") }
            configuration.component = component
        }
        if let lint = try table("lint") {
            var reader = TableReader(table: lint, path: ["lint"], file: file)
            try reader.applyLint(to: &configuration.lint)
            try reader.rejectUnknownKeys()
        }
        if let verify = try table("verify") {
            var reader = TableReader(table: verify, path: ["verify"], file: file)
            try reader.applyVerify(to: &configuration.verify)
            try reader.rejectUnknownKeys()
        }
        if let entries = try tables("version_files") {
            for (index, entry) in entries.enumerated() {
                var reader = TableReader(table: entry, path: ["version_files[\(index)]"], file: file)
                configuration.versionFiles.append(try reader.versionFile())
                try reader.rejectUnknownKeys()
            }
        }
        if let release = try table("release") {
            var reader = TableReader(table: release, path: ["release"], file: file)
            try reader.applyRelease(to: &configuration)
            try reader.rejectUnknownKeys()
        }
        if let branches = try table("branches") {
            for key in branches.keys.sorted(by: { (branches.lines[$0] ?? 0, $0) < (branches.lines[$1] ?? 0, $1) }) {
                guard let entry = branches[key]?.table else {
                    let found = branches[key].map(Self.kind(of:)) ?? "nothing"
                    throw ConfigurationError(file: file, line: branches.lines[key] ?? branches.line, key: "branches.\(key)", problem: "expected an inline table, found \(found)", hint: "e.g. main = { prerelease = \"next\" } or \"1.x\" = { maintenance = true }")
                }
                var reader = TableReader(table: entry, path: ["branches", key], file: file)
                configuration.branches.append(try reader.releaseChannel(pattern: key))
                try reader.rejectUnknownKeys()
            }
        }
        if let entries = try tables("groups") {
            for (index, entry) in entries.enumerated() {
                var reader = TableReader(table: entry, path: ["groups[\(index)]"], file: file)
                try reader.applyGroup(to: &configuration.groups, index: index)
                try reader.rejectUnknownKeys()
            }
        }
        try rejectUnknownKeys()
        return configuration
    }

    /// Applies one `[[groups]]` entry: an entry whose types (or, without types, whose title)
    /// match a standard group changes that group; any other entry adds a group, taking its
    /// types away from the groups that had them.
    mutating func applyGroup(to groups: inout [CommitGroup], index: Int) throws(ConfigurationError) {
        var types = try strings("types") ?? []
        if let single = try string("type") { types.append(single) }
        types = types.map { $0.lowercased() }
        let title = try string("title")
        let order = try int("order")
        let hidden = try bool("hidden")
        let inNotes = try bool("in_notes")
        var bump: BumpLevel?
        if let text = try string("bump") {
            guard let level = BumpLevel(name: text) else {
                throw error("bump", "'\(text)' is not one of major, minor, patch, none")
            }
            bump = level
        }
        let existing: Int? = if !types.isEmpty {
            groups.firstIndex { Set($0.types) == Set(types) }
        } else if let title {
            groups.firstIndex { $0.title.lowercased() == title.lowercased() }
        } else {
            nil
        }
        if let existing {
            if let title { groups[existing].title = title }
            if let order { groups[existing].order = order }
            if let hidden { groups[existing].hidden = hidden }
            if let bump { groups[existing].bump = bump }
            if let inNotes { groups[existing].inNotes = inNotes }
            return
        }
        guard !types.isEmpty else {
            throw error(nil, "needs `type` (or `types`), or the title of a standard group", hint: "e.g. [[groups]] type = \"docs\" hidden = true")
        }
        guard let title else {
            throw error("title", "a new group needs a title", hint: "e.g. title = \"Security\"")
        }
        for position in groups.indices {
            groups[position].types.removeAll { types.contains($0) }
        }
        groups.removeAll { $0.types.isEmpty && !$0.isCatchAll }
        groups.append(CommitGroup(types: types, title: title, order: order ?? 500 + index, hidden: hidden ?? false, bump: bump, inNotes: inNotes ?? true))
    }

    /// Why `prefix` cannot begin a tag name git accepts (`git check-ref-format`), if it cannot.
    static func refNameProblem(_ prefix: String) -> String? {
        for scalar in prefix.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) {
                return scalar == "\n" || scalar == "\r" ? "contains a line break" : "contains a control character (U+\(String(scalar.value, radix: 16, uppercase: true)))"
            }
            if " ~^:?*[\\".unicodeScalars.contains(scalar) {
                return scalar == " " ? "contains a space" : "contains '\(scalar)'"
            }
        }
        for sequence in ["..", "@{", "//", "/."] where prefix.contains(sequence) {
            return "contains '\(sequence)'"
        }
        if prefix.hasPrefix("/") || prefix.hasPrefix(".") { return "starts with '\(prefix.prefix(1))'" }
        return nil
    }

    mutating func rejectUnknownKeys() throws(ConfigurationError) {
        for key in table.keys.sorted() where !consumed.contains(key) {
            throw error(key, "unknown key", hint: "see docs/configuration.md for the keys relnotes reads")
        }
    }

    // MARK: Typed access

    mutating func string(_ key: String) throws(ConfigurationError) -> String? {
        guard let value = lookUp(key) else { return nil }
        guard let string = value.string else { throw wrongType(key, expected: "a string", found: value) }
        return string
    }

    mutating func bool(_ key: String) throws(ConfigurationError) -> Bool? {
        guard let value = lookUp(key) else { return nil }
        guard let bool = value.bool else { throw wrongType(key, expected: "true or false", found: value) }
        return bool
    }

    mutating func int(_ key: String) throws(ConfigurationError) -> Int? {
        guard let value = lookUp(key) else { return nil }
        guard let int = value.int else { throw wrongType(key, expected: "a whole number", found: value) }
        return int
    }

    mutating func strings(_ key: String) throws(ConfigurationError) -> [String]? {
        guard let value = lookUp(key) else { return nil }
        guard let array = value.array else { throw wrongType(key, expected: "an array of strings", found: value) }
        var result = [String]()
        for element in array {
            guard let string = element.string else { throw wrongType(key, expected: "an array of strings", found: element) }
            result.append(string)
        }
        return result
    }

    /// Reads the `[lint]` table: extra types, allowed scopes, the header length limit.
    mutating func applyLint(to lint: inout Configuration.Lint) throws(ConfigurationError) {
        if let types = try strings("types") { lint.extraTypes = types.map { $0.lowercased() } }
        if let scopes = try strings("scopes") { lint.scopes = scopes.map { $0.lowercased() } }
        if let limit = try int("header_max_length") {
            guard limit > 0 else { throw error("header_max_length", "must be a positive number of characters") }
            lint.headerMaxLength = limit
        }
        if let flag = try bool("allow_fixup") { lint.allowFixup = flag }
    }

    /// Reads one `[[version_files]]` entry: a relative `path`, exactly one of `key` and
    /// `pattern`, a `value` template using only `{version}` and `{tag}`, an optional `component`.
    mutating func versionFile() throws(ConfigurationError) -> VersionFile {
        guard let path = try string("path") else {
            throw error(nil, "needs path, the file to edit", hint: "e.g. [[version_files]] path = \"charts/app/Chart.yaml\" key = \"version\"")
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.isEmpty, !path.hasPrefix("/"), !parts.contains(where: { $0 == ".." || $0.isEmpty }),
              !path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        else {
            throw error("path", "'\(TextSanitizer.singleLine(path))' is not a path inside the repository", hint: "write a path relative to the repository root, without '..', e.g. path = \"charts/app/Chart.yaml\"")
        }
        let key = try string("key")
        let pattern = try string("pattern")
        let locator: VersionFile.Locator
        switch (key, pattern) {
        case (let key?, nil):
            guard !key.isEmpty, !key.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) else {
                throw error("key", "'\(TextSanitizer.singleLine(key))' is not a dotted key", hint: "e.g. key = \"image.tag\"")
            }
            locator = .key(key)
        case (nil, let pattern?):
            guard (try? Regex(pattern)) != nil else {
                throw error("pattern", "'\(TextSanitizer.singleLine(pattern))' is not a valid regular expression", hint: "write a regular expression with one capture group, e.g. pattern = '^version: (.*)$'")
            }
            // Compiling with a typed output checks the capture structure without matching.
            guard (try? Regex(pattern, as: (Substring, Substring).self)) != nil else {
                throw error("pattern", "needs exactly one capture group that always takes part in a match", hint: "wrap the version in ( ) and use (?: ) for other groups")
            }
            locator = .pattern(pattern)
        case (nil, nil):
            throw error(nil, "needs key or pattern: where the version is in \(TextSanitizer.singleLine(path))", hint: "e.g. key = \"version\", or pattern = '^(.*)$' for a file holding only the version")
        case (_?, _?):
            throw error("pattern", "cannot be set together with key", hint: "keep one: a dotted key for YAML, TOML or JSON files, a pattern for others")
        }
        let value = try string("value") ?? "{version}"
        guard !value.isEmpty, VersionFile.isValidValueTemplate(value) else {
            throw error("value", "'\(TextSanitizer.singleLine(value))' may use only {version} and {tag}", hint: "e.g. value = \"{version}\" or value = \"v{version}\"")
        }
        let component = try string("component")
        if let component, component.isEmpty { throw error("component", "must not be empty") }
        return VersionFile(path: path, locator: locator, value: value, component: component)
    }

    /// Reads one `[branches]` entry: exactly one of `prerelease = "ID"` and
    /// `maintenance = true`, under a branch name or glob git accepts; a maintenance branch
    /// named without a glob must name its line (`1.x`, `1.2.x`).
    mutating func releaseChannel(pattern: String) throws(ConfigurationError) -> ReleaseChannel {
        let shown = TextSanitizer.singleLine(pattern)
        if pattern.isEmpty || Self.branchPatternProblem(pattern) {
            throw error(nil, "'\(shown)' is not a branch name or glob", hint: "write a branch name such as main or \"1.x\", or a glob such as \"release/*\"")
        }
        do throws(UsageError) {
            try PathGlob.validate(pattern)
        } catch {
            throw self.error(nil, error.message, hint: error.hint)
        }
        let identifier = try string("prerelease")
        let maintenance = try bool("maintenance")
        // A misspelt key says so, rather than that the entry needs one of the two.
        try rejectUnknownKeys()
        switch (identifier, maintenance) {
        case (let identifier?, nil), (let identifier?, false?):
            do throws(UsageError) {
                try VersionRequest(prereleaseIdentifier: identifier).validate()
            } catch {
                throw self.error("prerelease", "'\(TextSanitizer.singleLine(identifier))' is not a prerelease identifier", hint: "use letters, digits and '-', e.g. prerelease = \"next\"")
            }
            return ReleaseChannel(pattern: pattern, kind: .prerelease(identifier))
        case (nil, true?):
            let channel = ReleaseChannel(pattern: pattern, kind: .maintenance)
            if !channel.isGlob, MaintenanceLine(branch: pattern) == nil {
                throw error("maintenance", "'\(shown)' names no version line", hint: "name a maintenance branch after its line: N.x or N.x.x for a major line, N.M.x or N.M for a minor line, e.g. \"1.x\"")
            }
            return channel
        case (_?, true?):
            throw error("maintenance", "cannot be set together with prerelease", hint: "a branch is either a prerelease channel or a maintenance line: keep one")
        case (nil, false?), (nil, nil):
            throw error(nil, "needs prerelease = \"ID\" or maintenance = true", hint: "e.g. main = { prerelease = \"next\" } or \"1.x\" = { maintenance = true }")
        }
    }

    /// Whether a `[branches]` key holds what no branch name can: a control character, a
    /// space, `~^:\\`, `..` or `@{`.
    private static func branchPatternProblem(_ pattern: String) -> Bool {
        pattern.unicodeScalars.contains { TextSanitizer.isControl($0) || $0.value < 0x20 || " ~^:\\".unicodeScalars.contains($0) }
            || pattern.contains("..") || pattern.contains("@{")
    }

    /// Reads the `[release]` table: the release commit's message template.
    mutating func applyRelease(to configuration: inout Configuration) throws(ConfigurationError) {
        guard let message = try string("commit_message") else { return }
        guard message.contains(where: { !$0.isWhitespace }), VersionFile.isValidValueTemplate(message) else {
            throw error("commit_message", "'\(TextSanitizer.singleLine(message))' must be a non-empty message using only the placeholders {tag} and {version}", hint: "e.g. commit_message = \"chore(release): {tag}\"")
        }
        guard !message.unicodeScalars.contains(where: { TextSanitizer.isControl($0) }) else {
            throw error("commit_message", "must not contain control characters")
        }
        configuration.releaseCommitMessage = message
    }

    /// Reads the `[verify]` table: the signing identity, exact or by pattern, and its issuer.
    mutating func applyVerify(to verify: inout Configuration.Verify) throws(ConfigurationError) {
        for key in ["certificate_identity", "certificate_identity_regexp", "certificate_oidc_issuer"] {
            guard let value = try string(key) else { continue }
            guard !value.isEmpty, !value.unicodeScalars.contains(where: { TextSanitizer.isControl($0) || $0 == "\n" || $0 == "\t" }) else {
                throw error(key, "must be one non-empty line without control characters")
            }
            switch key {
            case "certificate_identity": verify.certificateIdentity = value
            case "certificate_identity_regexp": verify.certificateIdentityRegexp = value
            default: verify.certificateOIDCIssuer = value
            }
        }
        if verify.certificateIdentity != nil, verify.certificateIdentityRegexp != nil {
            throw error("certificate_identity_regexp", "cannot be set together with certificate_identity", hint: "keep one: the exact identity, or a pattern")
        }
    }

    mutating func table(_ key: String) throws(ConfigurationError) -> TOMLTable? {
        guard let value = lookUp(key) else { return nil }
        guard let table = value.table else { throw wrongType(key, expected: "a table ([\(key)])", found: value) }
        return table
    }

    mutating func tables(_ key: String) throws(ConfigurationError) -> [TOMLTable]? {
        guard let value = lookUp(key) else { return nil }
        guard let array = value.array else { throw wrongType(key, expected: "an array of tables ([[\(key)]])", found: value) }
        var result = [TOMLTable]()
        for element in array {
            guard let table = element.table else { throw wrongType(key, expected: "an array of tables ([[\(key)]])", found: element) }
            result.append(table)
        }
        return result
    }

    private mutating func lookUp(_ key: String) -> TOMLValue? {
        assert(
            ConfigurationParser.knownKeys[path.first.map { String($0.prefix { $0 != "[" }) } ?? "", default: []].contains(key),
            "ConfigurationParser.knownKeys does not list \(path + [key])"
        )
        guard let value = table[key] else { return nil }
        consumed.insert(key)
        return value
    }

    private func wrongType(_ key: String, expected: String, found value: TOMLValue) -> ConfigurationError {
        error(key, "expected \(expected), found \(Self.kind(of: value))")
    }

    private func error(_ key: String?, _ problem: String, hint: String? = nil) -> ConfigurationError {
        let dotted = (path + (key.map { [$0] } ?? [])).joined(separator: ".")
        return ConfigurationError(
            file: file,
            line: key.flatMap { table.lines[$0] } ?? table.line,
            key: dotted.isEmpty ? nil : dotted,
            problem: problem,
            hint: hint
        )
    }

    fileprivate static func kind(of value: TOMLValue) -> String {
        switch value {
        case .string: "a string"
        case .integer: "a whole number"
        case .boolean: "a boolean"
        case .array: "an array"
        case .table: "a table"
        }
    }
}
