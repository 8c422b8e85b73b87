import Foundation
import RelnotesCore
import RelnotesFixtures
import Testing

@Suite("semantic versions")
struct SemanticVersionTests {
    // MARK: Parsing and printing

    @Test("valid versions from semver.org parse and print back unchanged", arguments: [
        "0.0.4", "1.2.3", "10.20.30", "1.1.2-prerelease+meta", "1.1.2+meta", "1.1.2+meta-valid",
        "1.0.0-alpha", "1.0.0-beta", "1.0.0-alpha.beta", "1.0.0-alpha.beta.1", "1.0.0-alpha.1",
        "1.0.0-alpha0.valid", "1.0.0-alpha.0valid", "1.0.0-alpha-a.b-c-somethinglong+build.1-aef.1-its-okay",
        "1.0.0-rc.1+build.1", "2.0.0-rc.1+build.123", "1.2.3-beta", "10.2.3-DEV-SNAPSHOT",
        "1.2.3-SNAPSHOT-123", "1.0.0", "2.0.0", "1.1.7", "2.0.0+build.1848", "2.0.1-alpha.1227",
        "1.0.0-alpha+beta", "1.2.3----RC-SNAPSHOT.12.9.1--.12+788", "1.2.3----R-S.12.9.1--.12+meta",
        "1.2.3----RC-SNAPSHOT.12.9.1--.12", "1.0.0+0.build.1-rc.10000aaa-kk-0.1", "1.0.0-0A.is.legal",
        "1.2.3-0a", "1.2.3-0", "1.2.3+007", "18446744073709551615.18446744073709551615.18446744073709551615",
        "1.2.3-18446744073709551615",
    ])
    func valid(text: String) throws {
        let version = try #require(SemanticVersion(text))
        #expect(version.description == text)
        #expect(try SemanticVersion.parse(text) == version)
        #expect(try SemanticVersion.parse(Substring(text)) == version)
    }

    @Test("the parts of a version are read into their fields")
    func fields() throws {
        let version = try #require(SemanticVersion("1.20.3-rc.10.x-y+build.007"))
        #expect(version.major == 1 && version.minor == 20 && version.patch == 3)
        #expect(version.prerelease == [.alphanumeric("rc"), .numeric(10), .alphanumeric("x-y")])
        #expect(version.buildMetadata == ["build", "007"])
        #expect(version.isPrerelease)
        #expect(version.core == SemanticVersion(major: 1, minor: 20, patch: 3))
        #expect(!version.core.isPrerelease && version.core.buildMetadata.isEmpty)
        #expect(SemanticVersion("1.2.3-0a")?.prerelease == [.alphanumeric("0a")])
    }

    @Test("strings that are not strict SemVer 2.0.0 are rejected", arguments: [
        "", "1", "1.2", "1.2.3.4", "1.2.3.DEV", "v1.2.3", "V1.2.3", " 1.2.3", "1.2.3 ", "1.2.3\n",
        "01.1.1", "1.01.1", "1.1.01", "1.2.3-", "1.2.3+", "1.2.3-+b", "1.2.3-0123", "1.2.3-0123.0123",
        "1.1.2+.123", "+invalid", "-invalid", "-invalid+invalid", "-invalid.01", "alpha", "alpha.beta",
        "alpha.beta.1", "alpha.1", "alpha+beta", "alpha_beta", "alpha.", "alpha..", "beta",
        "1.0.0-alpha_beta", "-alpha.", "1.0.0-alpha..", "1.0.0-alpha..1", "1.0.0-alpha...1",
        "1.0.0-alpha.", "1.2-SNAPSHOT", "1.2.31.2.3----RC-SNAPSHOT.12.09.1--..12+788", "1.2-RC-SNAPSHOT",
        "-1.0.3-gamma+b7718", "+justmeta", "9.8.7+meta+meta", "9.8.7-whatever+meta+meta",
        "99999999999999999999999.999999999999999999.99999999999999999----RC-SNAPSHOT.12.09.1--------------------------------..12",
        "18446744073709551616.0.0", "0.18446744073709551616.0", "0.0.18446744073709551616",
        "1.2.3-18446744073709551616", "1.2.3-é", "1.2.3+é", "１.2.3", "1.2.3-a b", "1.2.3+a_b",
    ])
    func invalid(text: String) {
        #expect(SemanticVersion(text) == nil)
        #expect(throws: UsageError.self) { try SemanticVersion.parse(text) }
    }

    @Test("a version that does not parse is a usage error naming what is wrong", arguments: [
        ("", "it is empty"),
        ("1", "the minor version is missing"),
        ("1.2", "the patch version is missing"),
        ("1.2.", "the patch version is missing"),
        ("1.2.x", "expected the patch version, found 'x'"),
        ("1-2.3", "expected '.' after the major version, found '-'"),
        ("v1.2.3", "the leading 'v' belongs to a tag name, not to the version"),
        ("01.1.1", "the major version '01' has a leading zero"),
        ("1.00.1", "the minor version '00' has a leading zero"),
        ("1.2.3.4", "it has more than three numeric parts"),
        ("1.2.3_4", "expected '-', '+' or the end after the patch version, found '_'"),
        ("1.2.3-", "the prerelease has an empty identifier"),
        ("1.2.3-a..b", "the prerelease has an empty identifier"),
        ("1.2.3+", "the build metadata has an empty identifier"),
        ("1.2.3-0123", "the numeric prerelease identifier '0123' has a leading zero"),
        ("1.0.0-alpha_beta", "'_' is not allowed in the prerelease: use ASCII letters, digits, '-' and '.'"),
        ("1.0.0+a+b", "'+' is not allowed in the build metadata: use ASCII letters, digits, '-' and '.'"),
        ("1.0.0-é", "'é' is not allowed in the prerelease: use ASCII letters, digits, '-' and '.'"),
        ("18446744073709551616.0.0", "the major version 18446744073709551616 is larger than 18446744073709551615"),
        ("1.2.3-99999999999999999999", "the numeric prerelease identifier 99999999999999999999 is larger than 18446744073709551615"),
    ])
    func errorMessages(text: String, problem: String) {
        let expected = UsageError("'\(text)' is not a semantic version: \(problem)", hint: "write MAJOR.MINOR.PATCH, e.g. 1.2.0")
        #expect(throws: expected) { try SemanticVersion.parse(text) }
    }

    // MARK: Precedence

    @Test("precedence follows semver.org section 11, pair by pair and as a chain", arguments: [
        ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0"],
        ["1.9.0", "1.10.0", "1.11.0"],
        ["1.0.0", "2.0.0", "2.1.0", "2.1.1"],
        ["0.0.0", "0.0.1", "0.1.0", "0.10.0", "1.0.0"],
        ["1.0.0-1", "1.0.0-2", "1.0.0-10", "1.0.0-B", "1.0.0-a", "1.0.0-a.b", "1.0.0-b"],
        ["1.0.0-rc.2", "1.0.0-rc.10", "1.0.0-rc.10.1", "1.0.0-rc.10.a"],
        ["1.0.0-alpha.10", "1.0.0-alpha.9a"],
        ["1.0.0-0", "1.0.0--", "1.0.0-00a", "1.0.0-0a"],
    ])
    func precedenceChain(texts: [String]) throws {
        let versions = try texts.map { try SemanticVersion.parse($0) }
        for (lower, lowerVersion) in versions.enumerated() {
            for (higher, higherVersion) in versions.enumerated() where lower < higher {
                #expect(lowerVersion < higherVersion, "\(lowerVersion) < \(higherVersion)")
                #expect(!(higherVersion < lowerVersion), "not \(higherVersion) < \(lowerVersion)")
                #expect(!lowerVersion.hasSamePrecedence(as: higherVersion))
            }
        }
        var generator = SplitMix64(seed: 11)
        #expect(versions.shuffled(using: &generator).sorted() == versions)
    }

    @Test("a release outranks its prereleases, whatever the prerelease says")
    func releaseOutranksPrerelease() throws {
        let release = try SemanticVersion.parse("1.0.0")
        for text in ["1.0.0-zzz", "1.0.0-999", "1.0.0-rc.1+build.9"] {
            #expect(try SemanticVersion.parse(text) < release)
        }
        #expect(try SemanticVersion.parse("0.9.9") < SemanticVersion.parse("1.0.0-alpha"))
    }

    @Test("build metadata is ignored for precedence but breaks ties, so < agrees with ==")
    func buildMetadataTieBreak() throws {
        let plain = try SemanticVersion.parse("1.0.0")
        let a = try SemanticVersion.parse("1.0.0+a")
        let b = try SemanticVersion.parse("1.0.0+b")
        let longer = try SemanticVersion.parse("1.0.0+a.0")
        #expect(a.hasSamePrecedence(as: b) && plain.hasSamePrecedence(as: a))
        #expect(a != b && plain != a)
        #expect(plain < a && a < longer && longer < b)
        #expect(!(b < a) && !(a < a))
        #expect(try SemanticVersion.parse("1.0.0+Z") < SemanticVersion.parse("1.0.0+a"))
        #expect(try SemanticVersion.parse("1.0.0+zzz") < SemanticVersion.parse("1.0.1"))
        #expect(try SemanticVersion.parse("1.0.0-rc.1+zzz") < SemanticVersion.parse("1.0.0-rc.2+aaa"))
        #expect(Set([a, b, plain, try SemanticVersion.parse("1.0.0+a")]).count == 3)
    }

    // MARK: Bumping

    @Test("bumping starts from the core and drops prerelease and build", arguments: [
        ("1.2.3", BumpLevel.major, "2.0.0"),
        ("1.2.3", .minor, "1.3.0"),
        ("1.2.3", .patch, "1.2.4"),
        ("1.2.3", .none, "1.2.3"),
        ("0.9.9", .major, "1.0.0"),
        ("0.9.9", .minor, "0.10.0"),
        ("1.9.0", .minor, "1.10.0"),
        ("1.2.3-rc.1+b.7", .patch, "1.2.4"),
        ("1.2.3-rc.1+b.7", .none, "1.2.3"),
        ("2.0.0-rc.1", .major, "3.0.0"),
    ])
    func bumps(text: String, level: BumpLevel, expected: String) throws {
        #expect(try SemanticVersion.parse(text).bumped(level)?.description == expected)
    }

    @Test("a bump of a part already at UInt64.max has no answer, never the same version")
    func bumpOverflowHasNoAnswer() {
        let version = SemanticVersion(major: .max, minor: 1, patch: .max)
        #expect(version.bumped(.major) == nil)
        #expect(version.bumped(.patch) == nil)
        #expect(version.bumped(.minor) == SemanticVersion(major: .max, minor: 2, patch: 0))
    }

    // MARK: Codable

    @Test("a version is encoded and decoded as its string form")
    func codable() throws {
        let versions = [try SemanticVersion.parse("1.2.3-rc.1+build.5"), try SemanticVersion.parse("0.1.0")]
        let data = try JSONEncoder().encode(versions)
        #expect(String(decoding: data, as: UTF8.self) == #"["1.2.3-rc.1+build.5","0.1.0"]"#)
        #expect(try JSONDecoder().decode([SemanticVersion].self, from: data) == versions)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([SemanticVersion].self, from: Data(#"["v1.2"]"#.utf8)) }
    }

    // MARK: Bump levels

    @Test("bump levels are read by name in any case", arguments: [
        ("major", BumpLevel.major), ("MINOR", .minor), ("Patch", .patch), ("none", BumpLevel.none),
    ])
    func bumpLevelNames(name: String, level: BumpLevel) {
        #expect(BumpLevel(name: name) == level)
        #expect(level.description == name.lowercased())
    }

    @Test("anything but a level's name is not a bump level", arguments: ["", "majors", " major", "1", "breaking"])
    func bumpLevelRejects(name: String) {
        #expect(BumpLevel(name: name) == nil)
    }

    @Test("bump levels order by size so that the largest wins, and encode as their names")
    func bumpLevelOrder() throws {
        #expect(BumpLevel.allCases == [.none, .patch, .minor, .major])
        #expect(BumpLevel.allCases.sorted() == BumpLevel.allCases)
        #expect([BumpLevel.patch, .major, .minor].max() == .major)
        let data = try JSONEncoder().encode([BumpLevel.minor, .none])
        #expect(String(decoding: data, as: UTF8.self) == #"["minor","none"]"#)
        #expect(try JSONDecoder().decode([BumpLevel].self, from: Data(#"["MAJOR","patch"]"#.utf8)) == [.major, .patch])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([BumpLevel].self, from: Data(#"["huge"]"#.utf8)) }
    }

    // MARK: Properties over random versions

    @Test("printing and parsing round-trip for random versions")
    func roundTripProperty() throws {
        var generator = SplitMix64(seed: 1)
        for _ in 0..<2_000 {
            let version = randomVersion(&generator)
            #expect(SemanticVersion(version.description) == version, "\(version)")
        }
    }

    @Test("exactly one of <, == and > holds for any two versions, and equal versions hash equally")
    func trichotomyProperty() {
        var generator = SplitMix64(seed: 2)
        for _ in 0..<5_000 {
            let a = randomVersion(&generator), b = randomVersion(&generator)
            let holding = [a < b, a == b, b < a].filter { $0 }.count
            #expect(holding == 1, "\(a) vs \(b)")
            if a == b { #expect(a.hashValue == b.hashValue) }
            #expect(a.hasSamePrecedence(as: b) == (a.core == b.core && a.prerelease == b.prerelease))
        }
    }

    @Test("< is transitive on random triples")
    func transitivityProperty() {
        var generator = SplitMix64(seed: 3)
        var checked = 0
        for _ in 0..<20_000 {
            let a = randomVersion(&generator), b = randomVersion(&generator), c = randomVersion(&generator)
            if a < b && b < c {
                checked += 1
                #expect(a < c, "\(a) < \(b) < \(c)")
            }
        }
        #expect(checked > 1_000)
    }

    @Test("sorting random versions agrees with the pairwise rule of the specification")
    func sortingProperty() {
        var generator = SplitMix64(seed: 4)
        let sorted = (0..<300).map { _ in randomVersion(&generator) }.sorted()
        for lower in sorted.indices {
            for higher in sorted.indices where lower < higher {
                let (a, b) = (sorted[lower], sorted[higher])
                #expect(!(b < a))
                if let precedes = referencePrecedes(a.description, b.description) {
                    #expect(precedes, "\(a) sorted before \(b)")
                } else {
                    #expect(a.hasSamePrecedence(as: b))
                    #expect(a == b || a.buildMetadata.lexicographicallyPrecedes(b.buildMetadata))
                }
            }
        }
    }

    @Test("< agrees with an independent reading of the specification on random pairs")
    func referenceProperty() {
        var generator = SplitMix64(seed: 5)
        for _ in 0..<5_000 {
            let a = randomVersion(&generator), b = randomVersion(&generator)
            switch referencePrecedes(a.description, b.description) {
            case true?: #expect(a < b, "\(a) < \(b)")
            case false?: #expect(b < a, "\(b) < \(a)")
            case nil: #expect(a.hasSamePrecedence(as: b))
            }
        }
    }

    @Test("a bump lands above the core, and above the version itself when it is stable")
    func bumpProperty() {
        var generator = SplitMix64(seed: 6)
        for _ in 0..<2_000 {
            let version = randomVersion(&generator)
            #expect(version.bumped(.none) == version.core)
            for level in [BumpLevel.patch, .minor, .major] {
                guard let bumped = version.bumped(level) else { continue }
                #expect(bumped > version.core, "\(version) bumped \(level)")
                #expect(!bumped.isPrerelease && bumped.buildMetadata.isEmpty)
                if !version.isPrerelease { #expect(bumped > version, "\(version) bumped \(level)") }
            }
            if let patch = version.bumped(.patch), let minor = version.bumped(.minor), let major = version.bumped(.major) {
                #expect(patch < minor && minor < major)
            }
        }
    }

    @Test("random versions survive a JSON round trip")
    func codableProperty() throws {
        var generator = SplitMix64(seed: 7)
        let versions = (0..<500).map { _ in randomVersion(&generator) }
        #expect(try JSONDecoder().decode([SemanticVersion].self, from: JSONEncoder().encode(versions)) == versions)
    }

    // MARK: Helpers

    /// Small ranges, so that random pairs often share a core, a prerelease or both.
    private func randomVersion(_ generator: inout SplitMix64) -> SemanticVersion {
        let words = ["alpha", "beta", "rc", "B", "a", "0a", "x-y", "-", "alpha1"]
        let builds = ["b", "1", "001", "sha", "Z", "a-b"]
        let prerelease: [PrereleaseIdentifier] = (0..<Int.random(in: 0...3, using: &generator)).map { _ in
            Bool.random(using: &generator)
                ? .numeric(UInt64.random(in: 0...12, using: &generator))
                : .alphanumeric(words.randomElement(using: &generator) ?? "a")
        }
        let build = (0..<Int.random(in: 0...2, using: &generator)).map { _ in builds.randomElement(using: &generator) ?? "b" }
        return SemanticVersion(
            major: UInt64.random(in: 0...2, using: &generator),
            minor: UInt64.random(in: 0...2, using: &generator),
            patch: UInt64.random(in: 0...2, using: &generator),
            prerelease: prerelease,
            buildMetadata: build
        )
    }

    /// The specification's precedence rule read straight off two version strings: `true` when
    /// `a` has lower precedence, `false` when higher, `nil` when equal.
    private func referencePrecedes(_ a: String, _ b: String) -> Bool? {
        func split(_ text: String) -> (core: [UInt64], prerelease: [String]) {
            let withoutBuild = text.split(separator: "+", maxSplits: 1, omittingEmptySubsequences: false)[0]
            let parts = withoutBuild.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
            let core = parts[0].split(separator: ".").map { UInt64($0) ?? 0 }
            let prerelease = parts.count > 1 ? parts[1].split(separator: ".", omittingEmptySubsequences: false).map(String.init) : []
            return (core, prerelease)
        }
        let (left, right) = (split(a), split(b))
        if left.core != right.core { return left.core.lexicographicallyPrecedes(right.core) }
        if left.prerelease.isEmpty || right.prerelease.isEmpty {
            if left.prerelease.isEmpty == right.prerelease.isEmpty { return nil }
            return right.prerelease.isEmpty
        }
        for (x, y) in zip(left.prerelease, right.prerelease) where x != y {
            switch (UInt64(x), UInt64(y)) {
            case let (m?, n?): return m < n
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8))
            }
        }
        if left.prerelease.count == right.prerelease.count { return nil }
        return left.prerelease.count < right.prerelease.count
    }
}
