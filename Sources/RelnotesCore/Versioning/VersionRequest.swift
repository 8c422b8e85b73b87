/// What the person asked for on top of the rules: `--pre`, `--bump`, `--release-as`, and the
/// branch whose release channel (`[branches]`) applies.
public struct VersionRequest: Hashable, Sendable {
    /// `--pre ID`: make the next version a prerelease `<core>-ID.N`.
    public var prereleaseIdentifier: String?
    /// `--bump LEVEL`: bump the stable base by this level, whatever the commits say.
    public var bump: BumpLevel?
    /// `--release-as X.Y.Z`: this exact version (with `--pre`, its core).
    public var releaseAs: SemanticVersion?

    /// The branch the version is for (HEAD's, `--branch`, or `GITHUB_REF_NAME`): its
    /// `[branches]` channel applies; `nil` applies none.
    public var branch: String?

    /// Creates a request; with no arguments, the computed next version.
    public init(prereleaseIdentifier: String? = nil, bump: BumpLevel? = nil, releaseAs: SemanticVersion? = nil, branch: String? = nil) {
        self.branch = branch
        self.prereleaseIdentifier = prereleaseIdentifier
        self.bump = bump
        self.releaseAs = releaseAs
    }

    /// Checks the request on its own: a prerelease identifier must be a valid SemVer
    /// identifier and must not be purely numeric; `--bump` and `--release-as` exclude each other.
    public func validate() throws(UsageError) {
        if bump != nil, releaseAs != nil {
            throw UsageError("--bump and --release-as cannot be used together", hint: "pick one: --release-as wins over every rule")
        }
        if let identifier = prereleaseIdentifier {
            let valid = !identifier.isEmpty && identifier.utf8.allSatisfy { byte in
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                    || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || byte == UInt8(ascii: "-")
            }
            guard valid, !identifier.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
                throw UsageError("'\(identifier)' is not a prerelease identifier", hint: "use letters, digits and '-', e.g. --pre rc")
            }
        }
        if bump == BumpLevel.none {
            throw UsageError("--bump none would not change the version", hint: "use major, minor or patch")
        }
    }
}
