import Testing
import RelnotesCore

@Suite("release tag names")
struct TagNamePatternTests {
    @Test("without a prefix both v1.2.3 and 1.2.3 are release tags; other names are ignored", arguments: [
        ("v1.2.3", "v", "1.2.3"),
        ("1.2.3", "", "1.2.3"),
        ("v1.0.0-rc.1", "v", "1.0.0-rc.1"),
        ("v2.0.0+build.5", "v", "2.0.0+build.5"),
        ("nightly", nil, nil),
        ("build-1a2b3c4", nil, nil),
        ("latest", nil, nil),
        ("v1.2", nil, nil),
        ("V1.2.3", nil, nil),
        ("v01.2.3", nil, nil),
        ("api@1.2.3", nil, nil),
        ("vv1.2.3", nil, nil),
    ] as [(String, String?, String?)])
    func defaultPattern(name: String, prefix: String?, version: String?) {
        let match = TagNamePattern().match(name)
        #expect(match?.prefix == prefix)
        #expect(match?.version.description == version)
    }

    @Test("a component selects NAME@1.2.3 and NAME-v1.2.3 and nothing else", arguments: [
        ("api@1.2.3", "1.2.3"),
        ("api-v1.2.3", "1.2.3"),
        ("web@1.2.3", nil),
        ("v1.2.3", nil),
        ("api@v1.2.3", nil),
    ] as [(String, String?)])
    func componentPattern(name: String, version: String?) {
        #expect(TagNamePattern(component: "api").match(name)?.version.description == version)
    }

    @Test("a configured prefix is exact")
    func configuredPrefix() {
        let pattern = TagNamePattern(configuredPrefix: "release/")
        #expect(pattern.match("release/1.0.0")?.version.description == "1.0.0")
        #expect(pattern.match("v1.0.0") == nil)
        #expect(pattern.match("1.0.0") == nil)
    }

    @Test("new tags take the prefix of the current tag, else the default")
    func tagName() throws {
        let version = try #require(SemanticVersion("2.0.0"))
        let current = ReleaseTag(name: "1.9.0", prefix: "", version: try #require(SemanticVersion("1.9.0")), target: try #require(CommitID(hex: String(repeating: "a", count: 40))))
        #expect(TagNamePattern().tagName(for: version, following: current) == "2.0.0")
        #expect(TagNamePattern().tagName(for: version, following: nil) == "v2.0.0")
        #expect(TagNamePattern(component: "api").tagName(for: version, following: nil) == "api@2.0.0")
    }

    @Test("release tags sort by precedence, ties by name")
    func sorting() throws {
        let id = try #require(CommitID(hex: String(repeating: "b", count: 40)))
        let references = ["v1.10.0", "v1.9.0", "1.9.0", "v1.9.0-rc.1", "nightly"].map { TagReference(name: $0, target: id) }
        #expect(TagNamePattern().releaseTags(in: references).map(\.name) == ["v1.9.0-rc.1", "1.9.0", "v1.9.0", "v1.10.0"])
    }
}

@Suite("release tag names are matched byte for byte")
struct TagNamePatternBytesTests {
    // Found by `make fuzz` (FuzzSemanticVersion): `String.hasPrefix` compares canonically
    // equivalent text as equal, so a decomposed prefix matched a precomposed name and the cut
    // after it fell in the wrong place ("é11.2.3" read as "e\u{301}" + 1.2.3).
    @Test("a prefix matches only the same bytes, not a canonically equivalent spelling", arguments: [
        ("e\u{301}", "\u{E9}11.2.3"),
        ("e\u{301}", "\u{E9}1.2.3"),
        ("\u{E9}", "e\u{301}1.2.3"),
    ])
    func canonicallyEquivalentPrefix(prefix: String, name: String) {
        #expect(TagNamePattern(configuredPrefix: prefix).match(name) == nil)
    }

    @Test("a matched name is its prefix followed by its version, byte for byte")
    func matchSpellsTheName() throws {
        let match = try #require(TagNamePattern(configuredPrefix: "e\u{301}").match("e\u{301}1.2.3"))
        #expect(Array((match.prefix + match.version.description).utf8) == Array("e\u{301}1.2.3".utf8))
    }
}
