/// One `[branches]` entry of `.relnotes.toml`: a branch name or glob and what releasing from
/// a branch it matches means (docs/versioning.md, "Release channels").
public struct ReleaseChannel: Hashable, Sendable {
    /// What a branch of this channel releases.
    public enum Kind: Hashable, Sendable {
        /// `{ prerelease = "ID" }`: every version is `<core>-ID.N`, as with `--pre ID`.
        case prerelease(String)
        /// `{ maintenance = true }`: only versions of the line the branch name gives (`1.x`,
        /// `1.2.x`).
        case maintenance
    }

    /// The key as written: a branch name (`main`, `1.x`) or a glob (`release/*`).
    public var pattern: String
    /// What the channel releases.
    public var kind: Kind

    /// Creates a channel.
    public init(pattern: String, kind: Kind) {
        self.pattern = pattern
        self.kind = kind
    }

    /// Whether ``pattern`` has glob characters (`*`, `?`, `[`).
    public var isGlob: Bool {
        pattern.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    /// Whether the branch `name` belongs to this channel: the same name, or, for a glob, a
    /// match where `*` stays within one `/`-separated part (`release/*` matches `release/1.x`).
    public func matches(_ name: String) -> Bool {
        guard isGlob else { return name == pattern }
        return !name.isEmpty && PathGlob(pattern).matches(name)
    }
}

/// The version line of a maintenance branch: a major line (`1.x`, `1.x.x`) or a minor line
/// (`1.2.x`, `1.2`), read from the last `/`-separated part of the branch name.
public struct MaintenanceLine: Hashable, Sendable, CustomStringConvertible {
    /// The major version every release of the line has.
    public var major: UInt64
    /// The minor version every release of the line has, for a minor line.
    public var minor: UInt64?

    /// Creates a line: a major line when `minor` is `nil`.
    public init(major: UInt64, minor: UInt64? = nil) {
        self.major = major
        self.minor = minor
    }

    /// The line a branch name gives, or `nil` when its last part is none of `N.x`, `N.x.x`,
    /// `N.M.x` and `N.M`.
    public init?(branch: String) {
        let last = branch.split(separator: "/", omittingEmptySubsequences: false).last ?? Substring(branch)
        let parts = last.split(separator: ".", omittingEmptySubsequences: false)
        func number(_ text: Substring) -> UInt64? {
            guard !text.isEmpty, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
            guard text == "0" || !text.hasPrefix("0") else { return nil }
            return UInt64(text)
        }
        let isX: (Substring) -> Bool = { $0 == "x" || $0 == "X" }
        switch parts.count {
        case 2:
            guard let major = number(parts[0]) else { return nil }
            if isX(parts[1]) {
                self.init(major: major)
            } else if let minor = number(parts[1]) {
                self.init(major: major, minor: minor)
            } else {
                return nil
            }
        case 3:
            guard let major = number(parts[0]), isX(parts[2]) else { return nil }
            if isX(parts[1]) {
                self.init(major: major)
            } else if let minor = number(parts[1]) {
                self.init(major: major, minor: minor)
            } else {
                return nil
            }
        default:
            return nil
        }
    }

    /// Whether `version` belongs to the line.
    public func contains(_ version: SemanticVersion) -> Bool {
        version.major == major && (minor.map { version.minor == $0 } ?? true)
    }

    /// `1.x` or `1.2.x`.
    public var description: String {
        minor.map { "\(major).\($0).x" } ?? "\(major).x"
    }
}

/// The channel that applied to a version plan: the branch, the `[branches]` entry it matched,
/// and what it decided.
public struct ChannelDecision: Hashable, Sendable {
    /// The branch the version is computed for.
    public var branch: String
    /// The `[branches]` entry the branch matched.
    public var channel: ReleaseChannel
    /// The line of a maintenance channel.
    public var line: MaintenanceLine?
    /// Whether `--pre` replaced the channel's prerelease identifier.
    public var overriddenByPre: Bool

    /// Creates a decision.
    public init(branch: String, channel: ReleaseChannel, line: MaintenanceLine? = nil, overriddenByPre: Bool = false) {
        self.branch = branch
        self.channel = channel
        self.line = line
        self.overriddenByPre = overriddenByPre
    }

    /// `main: prerelease "next" ([branches] main)` or `1.x: maintenance line 1.x ([branches] "1.x")`.
    public var explanation: String {
        let what: String
        switch channel.kind {
        case .prerelease(let identifier):
            what = "prerelease \"\(identifier)\"" + (overriddenByPre ? ", replaced by --pre" : "")
        case .maintenance:
            what = "maintenance line \(line?.description ?? "?")"
        }
        return "\(branch): \(what) ([branches] \(Self.key(channel.pattern)))"
    }

    /// A TOML key as it would be written: bare when it can be, else quoted.
    private static func key(_ pattern: String) -> String {
        let bare = !pattern.isEmpty && pattern.unicodeScalars.allSatisfy { scalar in
            ("0"..."9").contains(scalar) || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "-" || scalar == "_"
        }
        return bare ? pattern : "\"\(pattern)\""
    }
}
