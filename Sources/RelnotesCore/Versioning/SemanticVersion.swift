/// One dot-separated identifier of a SemVer 2.0.0 prerelease (`rc`, `1`, `x-7`).
///
/// Precedence follows the specification (section 11.4): numeric identifiers compare by value
/// and rank below alphanumeric ones; alphanumeric identifiers compare lexically in ASCII order
/// (`B` < `a`). ``SemanticVersion`` only ever produces `.alphanumeric` for an identifier with
/// at least one non-digit, so that printing and parsing round-trip.
public enum PrereleaseIdentifier: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// An identifier of digits only, without leading zeros (`0`, `11`).
    case numeric(UInt64)
    /// An identifier of ASCII letters, digits and `-` with at least one non-digit (`rc`, `0a`).
    case alphanumeric(String)

    /// The identifier as written in a version.
    public var description: String {
        switch self {
        case .numeric(let value): String(value)
        case .alphanumeric(let text): text
        }
    }

    /// SemVer precedence: numeric below alphanumeric, numbers by value, text in ASCII order.
    ///
    /// Text is compared with `String`'s own ordering, which for the ASCII identifiers SemVer
    /// allows is exactly byte order, and which always agrees with `String`'s `==`.
    public static func < (lhs: PrereleaseIdentifier, rhs: PrereleaseIdentifier) -> Bool {
        switch (lhs, rhs) {
        case let (.numeric(left), .numeric(right)): left < right
        case (.numeric, .alphanumeric): true
        case (.alphanumeric, .numeric): false
        case let (.alphanumeric(left), .alphanumeric(right)): left < right
        }
    }
}

/// A version as Semantic Versioning 2.0.0 defines it: `MAJOR.MINOR.PATCH`, an optional
/// prerelease (`-rc.1`) and optional build metadata (`+build.5`).
///
/// - Parsing is strict (no `v` prefix, no leading zeros, no empty identifiers, numbers must fit
///   in `UInt64`); a tag prefix such as `v` is the job of ``TagNamePattern``.
/// - `==` is structural: build metadata counts.
/// - `<` is SemVer precedence; only between versions of equal precedence does it look at build
///   metadata (identifier lists compared lexically in ASCII order, a shorter list first), so
///   that `<` is a strict total order that agrees with `==`: for any two versions exactly one
///   of `a < b`, `a == b`, `b < a` holds. Use ``hasSamePrecedence(as:)`` to ask the
///   specification's question "do these two have the same precedence?".
/// - Encoded and decoded as its string form.
public struct SemanticVersion: Hashable, Comparable, Sendable, LosslessStringConvertible, Codable {
    /// The major version: incompatible changes.
    public var major: UInt64
    /// The minor version: backwards-compatible features.
    public var minor: UInt64
    /// The patch version: backwards-compatible fixes.
    public var patch: UInt64
    /// The prerelease identifiers (`[.alphanumeric("rc"), .numeric(1)]` for `-rc.1`); empty for
    /// a stable version.
    public var prerelease: [PrereleaseIdentifier]
    /// The build metadata identifiers (`["build", "5"]` for `+build.5`); ignored by precedence.
    public var buildMetadata: [String]

    /// Creates a version from its parts. The caller is responsible for the identifiers being
    /// valid SemVer identifiers; ``init(_:)`` and ``parse(_:)`` check them.
    public init(major: UInt64, minor: UInt64, patch: UInt64, prerelease: [PrereleaseIdentifier] = [], buildMetadata: [String] = []) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = prerelease
        self.buildMetadata = buildMetadata
    }

    /// Parses a version with the strict grammar of SemVer 2.0.0, or returns `nil`.
    ///
    /// `1.2.3`, `1.0.0-rc.1+build.5` and `1.2.3-0a` parse; `v1.2.3`, `1.2`, `1.2.3.4`,
    /// `01.1.1`, `1.2.3-`, `1.2.3+`, `1.2.3-0123` and numbers above `UInt64.max` do not.
    public init?(_ description: String) {
        guard case .success(let version) = Self.scan(description) else { return nil }
        self = version
    }

    /// Parses a version like ``init(_:)``, throwing a ``UsageError`` that names what is wrong.
    ///
    /// For example `'1.2' is not a semantic version: the patch version is missing`.
    public static func parse(_ text: some StringProtocol) throws(UsageError) -> SemanticVersion {
        switch scan(text) {
        case .success(let version):
            return version
        case .failure(let problem):
            let written = String(text)
            throw UsageError("'\(written)' is not a semantic version: \(problem.message(in: written))", hint: "write MAJOR.MINOR.PATCH, e.g. 1.2.0")
        }
    }

    /// The canonical form, `MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]`; parsing it gives back an
    /// equal version.
    public var description: String {
        var text = String(major)
        text += "."
        text += String(minor)
        text += "."
        text += String(patch)
        if !prerelease.isEmpty {
            text += "-"
            text += prerelease.lazy.map(\.description).joined(separator: ".")
        }
        if !buildMetadata.isEmpty {
            text += "+"
            text += buildMetadata.joined(separator: ".")
        }
        return text
    }

    /// Whether the version has prerelease identifiers (`1.0.0-rc.1`).
    public var isPrerelease: Bool { !prerelease.isEmpty }

    /// `MAJOR.MINOR.PATCH` alone, without prerelease or build metadata.
    public var core: SemanticVersion {
        SemanticVersion(major: major, minor: minor, patch: patch)
    }

    /// The version one `level` up from ``core``: `major` gives `X+1.0.0`, `minor` `X.Y+1.0`,
    /// `patch` `X.Y.Z+1`, and `none` the core itself. Prerelease and build metadata are dropped.
    ///
    /// `nil` when the part to bump is already `UInt64.max`: there is no next version, and
    /// answering with the same one would be a wrong answer.
    public func bumped(_ level: BumpLevel) -> SemanticVersion? {
        func next(_ value: UInt64) -> UInt64? { value == .max ? nil : value + 1 }
        switch level {
        case .none: return core
        case .patch: return next(patch).map { SemanticVersion(major: major, minor: minor, patch: $0) }
        case .minor: return next(minor).map { SemanticVersion(major: major, minor: $0, patch: 0) }
        case .major: return next(major).map { SemanticVersion(major: $0, minor: 0, patch: 0) }
        }
    }

    /// Whether the two versions have the same SemVer precedence: equal apart from build
    /// metadata.
    public func hasSamePrecedence(as other: SemanticVersion) -> Bool {
        major == other.major && minor == other.minor && patch == other.patch && prerelease == other.prerelease
    }

    /// SemVer precedence; between versions of equal precedence, build metadata decides (see the
    /// type's documentation), so that `<` is a strict total order consistent with `==`.
    public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        switch comparePrecedence(lhs, rhs) {
        case .ascending: true
        case .descending: false
        case .same: lhs.buildMetadata.lexicographicallyPrecedes(rhs.buildMetadata)
        }
    }

    /// Decodes a version from its string form; a string that does not parse is a
    /// `DecodingError` naming what is wrong.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        switch Self.scan(text) {
        case .success(let version):
            self = version
        case .failure(let problem):
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a semantic version: \(problem.message(in: text))")
        }
    }

    /// Encodes the version as its canonical string form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

// MARK: - Precedence

extension SemanticVersion {
    enum Ordering {
        case ascending, same, descending
    }

    /// SemVer 2.0.0 section 11: core parts numerically, then a release above its prereleases,
    /// then prerelease identifiers left to right, a shorter list below a longer one it prefixes.
    static func comparePrecedence(_ lhs: SemanticVersion, _ rhs: SemanticVersion) -> Ordering {
        if lhs.major != rhs.major { return lhs.major < rhs.major ? .ascending : .descending }
        if lhs.minor != rhs.minor { return lhs.minor < rhs.minor ? .ascending : .descending }
        if lhs.patch != rhs.patch { return lhs.patch < rhs.patch ? .ascending : .descending }
        switch (lhs.prerelease.isEmpty, rhs.prerelease.isEmpty) {
        case (true, true): return .same
        case (true, false): return .descending
        case (false, true): return .ascending
        case (false, false): break
        }
        for (left, right) in zip(lhs.prerelease, rhs.prerelease) where left != right {
            return left < right ? .ascending : .descending
        }
        if lhs.prerelease.count == rhs.prerelease.count { return .same }
        return lhs.prerelease.count < rhs.prerelease.count ? .ascending : .descending
    }
}

// MARK: - Parsing

extension SemanticVersion {
    /// What is wrong with a string that is not a semantic version. Offsets are UTF-8 offsets
    /// into the text, resolved into words only when a message is asked for, so that the
    /// failure path of ``SemanticVersion/init(_:)`` (every non-release tag name) stays cheap.
    enum SyntaxProblem: Error, Hashable, Sendable {
        enum Part: String, Sendable { case major, minor, patch }
        enum Section: String, Sendable {
            case prerelease
            case buildMetadata = "build metadata"
        }

        case empty
        case leadingV
        case missingNumber(Part, found: Int?)
        case leadingZero(Part, Range<Int>)
        case tooLarge(Part, Range<Int>)
        case missingDot(after: Part, found: Int?)
        case extraNumericPart
        case unexpectedAfterPatch(found: Int)
        case emptyIdentifier(Section)
        case invalidCharacter(Section, at: Int)
        case prereleaseLeadingZero(Range<Int>)
        case prereleaseTooLarge(Range<Int>)

        /// One lower-case phrase naming the problem, quoting from `text`.
        func message(in text: String) -> String {
            let bytes = Array(text.utf8)
            func slice(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
            func character(at offset: Int) -> String {
                let scalar = String(decoding: bytes[offset...], as: UTF8.self).unicodeScalars.first ?? " "
                return "'" + scalar.escaped(asASCII: false) + "'"
            }
            switch self {
            case .empty:
                return "it is empty"
            case .leadingV:
                return "the leading 'v' belongs to a tag name, not to the version"
            case .missingNumber(let part, nil):
                return "the \(part.rawValue) version is missing"
            case .missingNumber(let part, .some(let offset)):
                return "expected the \(part.rawValue) version, found \(character(at: offset))"
            case .leadingZero(let part, let range):
                return "the \(part.rawValue) version '\(slice(range))' has a leading zero"
            case .tooLarge(let part, let range):
                return "the \(part.rawValue) version \(slice(range)) is larger than \(UInt64.max)"
            case .missingDot(let part, nil):
                return "the \(part == .major ? "minor" : "patch") version is missing"
            case .missingDot(let part, .some(let offset)):
                return "expected '.' after the \(part.rawValue) version, found \(character(at: offset))"
            case .extraNumericPart:
                return "it has more than three numeric parts"
            case .unexpectedAfterPatch(let offset):
                return "expected '-', '+' or the end after the patch version, found \(character(at: offset))"
            case .emptyIdentifier(let section):
                return "the \(section.rawValue) has an empty identifier"
            case .invalidCharacter(let section, let offset):
                return "\(character(at: offset)) is not allowed in the \(section.rawValue): use ASCII letters, digits, '-' and '.'"
            case .prereleaseLeadingZero(let range):
                return "the numeric prerelease identifier '\(slice(range))' has a leading zero"
            case .prereleaseTooLarge(let range):
                return "the numeric prerelease identifier \(slice(range)) is larger than \(UInt64.max)"
            }
        }
    }

    static func scan(_ text: some StringProtocol) -> Result<SemanticVersion, SyntaxProblem> {
        if let result = text.utf8.withContiguousStorageIfAvailable({ scan(bytes: $0) }) {
            return result
        }
        return Array(text.utf8).withUnsafeBufferPointer { scan(bytes: $0) }
    }

    /// The grammar of semver.org, on bytes: small steps that each consume a prefix.
    private static func scan(bytes: UnsafeBufferPointer<UInt8>) -> Result<SemanticVersion, SyntaxProblem> {
        var scanner = ByteScanner(bytes: bytes)
        if bytes.isEmpty { return .failure(.empty) }
        if bytes.count > 1, bytes[0] | 0x20 == UInt8(ascii: "v"), ByteScanner.isDigit(bytes[1]) {
            return .failure(.leadingV)
        }
        do throws(SyntaxProblem) {
            let major = try scanner.number(.major)
            try scanner.dot(after: .major)
            let minor = try scanner.number(.minor)
            try scanner.dot(after: .minor)
            let patch = try scanner.number(.patch)
            var prerelease: [PrereleaseIdentifier] = []
            var buildMetadata: [String] = []
            switch scanner.peek {
            case nil, UInt8(ascii: "-"), UInt8(ascii: "+"): break
            case UInt8(ascii: "."): throw SyntaxProblem.extraNumericPart
            default: throw SyntaxProblem.unexpectedAfterPatch(found: scanner.offset)
            }
            if scanner.consume(UInt8(ascii: "-")) {
                prerelease = try scanner.prereleaseIdentifiers()
            }
            if scanner.consume(UInt8(ascii: "+")) {
                buildMetadata = try scanner.buildIdentifiers()
            }
            return .success(SemanticVersion(major: major, minor: minor, patch: patch, prerelease: prerelease, buildMetadata: buildMetadata))
        } catch {
            return .failure(error)
        }
    }

    private struct ByteScanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var offset = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        var peek: UInt8? { offset < bytes.count ? bytes[offset] : nil }
        var foundOffset: Int? { offset < bytes.count ? offset : nil }

        static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

        static func isIdentifierByte(_ byte: UInt8) -> Bool {
            isDigit(byte) || (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte == UInt8(ascii: "-")
        }

        mutating func consume(_ byte: UInt8) -> Bool {
            guard peek == byte else { return false }
            offset += 1
            return true
        }

        mutating func digits() -> Range<Int> {
            let start = offset
            while let byte = peek, Self.isDigit(byte) { offset += 1 }
            return start..<offset
        }

        func value(of range: Range<Int>) -> UInt64? {
            var value: UInt64 = 0
            for index in range {
                let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflowSum) = times.addingReportingOverflow(UInt64(bytes[index] &- UInt8(ascii: "0")))
                if overflowTimes || overflowSum { return nil }
                value = sum
            }
            return value
        }

        mutating func number(_ part: SyntaxProblem.Part) throws(SyntaxProblem) -> UInt64 {
            let range = digits()
            if range.isEmpty { throw .missingNumber(part, found: foundOffset) }
            if range.count > 1, bytes[range.lowerBound] == UInt8(ascii: "0") { throw .leadingZero(part, range) }
            guard let value = value(of: range) else { throw .tooLarge(part, range) }
            return value
        }

        mutating func dot(after part: SyntaxProblem.Part) throws(SyntaxProblem) {
            guard consume(UInt8(ascii: ".")) else { throw .missingDot(after: part, found: foundOffset) }
        }

        /// Consumes one identifier's bytes and what ends it; returns its range.
        mutating func identifier(_ section: SyntaxProblem.Section) throws(SyntaxProblem) -> Range<Int> {
            let start = offset
            while let byte = peek, Self.isIdentifierByte(byte) { offset += 1 }
            if let byte = peek, byte != UInt8(ascii: "."), !(section == .prerelease && byte == UInt8(ascii: "+")) {
                throw .invalidCharacter(section, at: offset)
            }
            if offset == start { throw .emptyIdentifier(section) }
            return start..<offset
        }

        mutating func prereleaseIdentifiers() throws(SyntaxProblem) -> [PrereleaseIdentifier] {
            var identifiers: [PrereleaseIdentifier] = []
            repeat {
                let range = try identifier(.prerelease)
                if range.allSatisfy({ Self.isDigit(bytes[$0]) }) {
                    if range.count > 1, bytes[range.lowerBound] == UInt8(ascii: "0") { throw .prereleaseLeadingZero(range) }
                    guard let value = value(of: range) else { throw .prereleaseTooLarge(range) }
                    identifiers.append(.numeric(value))
                } else {
                    identifiers.append(.alphanumeric(String(decoding: bytes[range], as: UTF8.self)))
                }
            } while consume(UInt8(ascii: "."))
            return identifiers
        }

        mutating func buildIdentifiers() throws(SyntaxProblem) -> [String] {
            var identifiers: [String] = []
            repeat {
                let range = try identifier(.buildMetadata)
                identifiers.append(String(decoding: bytes[range], as: UTF8.self))
            } while consume(UInt8(ascii: "."))
            return identifiers
        }
    }
}
