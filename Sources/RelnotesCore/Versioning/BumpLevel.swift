/// How much a change moves a version: the levels of SemVer 2.0.0, ordered so that the larger
/// bump wins (`max()` over a range's commits is the range's bump).
///
/// Encoded and decoded as its name (`"minor"`), the word users write in `.relnotes.toml` and see
/// in `--json` output, rather than as its raw integer.
public enum BumpLevel: Int, Comparable, Sendable, CaseIterable, Codable, CustomStringConvertible {
    /// No change to the version.
    case none
    /// `X.Y.Z` → `X.Y.Z+1`: bug fixes.
    case patch
    /// `X.Y.Z` → `X.Y+1.0`: new features.
    case minor
    /// `X.Y.Z` → `X+1.0.0`: breaking changes.
    case major

    /// Reads a level from its name, ignoring case: `"major"`, `"minor"`, `"patch"` or `"none"`.
    /// Returns `nil` for anything else (surrounding whitespace included).
    public init?(name: String) {
        switch name.lowercased() {
        case "none": self = .none
        case "patch": self = .patch
        case "minor": self = .minor
        case "major": self = .major
        default: return nil
        }
    }

    /// The level's name in lower case: `"none"`, `"patch"`, `"minor"` or `"major"`.
    public var description: String {
        switch self {
        case .none: "none"
        case .patch: "patch"
        case .minor: "minor"
        case .major: "major"
        }
    }

    /// Orders by size of the bump: `none < patch < minor < major`.
    public static func < (lhs: BumpLevel, rhs: BumpLevel) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// Decodes a level from its name (any case); any other value is a `DecodingError`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let level = BumpLevel(name: name) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(name)' is not a bump level: use major, minor, patch or none")
        }
        self = level
    }

    /// Encodes the level as its lower-case name.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
