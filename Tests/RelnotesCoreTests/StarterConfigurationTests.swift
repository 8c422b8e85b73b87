import RelnotesCore
import Testing

@Suite("relnotes init: the starter configuration")
struct StarterConfigurationTests {
    private func starter(_ history: HistoryBuilder, changelog: String? = nil) throws -> StarterConfiguration {
        try StarterConfiguration(analysing: history.history, changelog: changelog)
    }

    @Test("v-prefixed tags give tag_prefix = \"v\"")
    func vPrefix() throws {
        var history = HistoryBuilder()
        history.commit("feat: a")
        history.tag("v1.0.0")
        history.commit("fix: b")
        history.tag("v1.0.1")
        let result = try starter(history)
        #expect(result.prefixStyle == .v)
        #expect(result.text.contains("\ntag_prefix = \"v\"\n"))
        #expect(!result.isPreMajor)
        #expect(!result.text.contains("pre_major_breaking"))
    }

    @Test("bare tags give tag_prefix = \"\"")
    func barePrefix() throws {
        var history = HistoryBuilder()
        history.commit("feat: a")
        history.tag("1.0.0")
        let result = try starter(history)
        #expect(result.prefixStyle == .bare)
        #expect(result.text.contains("\ntag_prefix = \"\"\n"))
    }

    @Test("mixed spellings leave tag_prefix unset and say so in a comment")
    func mixedPrefix() throws {
        var history = HistoryBuilder()
        history.commit("feat: a")
        history.tag("v1.0.0")
        history.commit("feat: b")
        history.tag("1.1.0")
        history.commit("feat: c")
        history.tag("1.2.0")
        let result = try starter(history)
        #expect(result.prefixStyle == .mixed(v: 1, bare: 2))
        #expect(result.text.contains("1 tag like v1.2.3"))
        #expect(result.text.contains("# tag_prefix = \"v\""))
        #expect(!result.text.contains("\ntag_prefix"))
    }

    @Test("a 0.x project gets pre_major_breaking written out and explained")
    func preMajor() throws {
        var history = HistoryBuilder()
        history.commit("feat: a")
        history.tag("v0.3.0")
        let result = try starter(history)
        #expect(result.isPreMajor)
        #expect(result.text.contains("The highest release is 0.3.0"))
        #expect(result.text.contains("\npre_major_breaking = \"major\"\n"))
        #expect(result.text.contains("\"minor\" keeps releases on 0.x"))
    }

    @Test("no tags: tag_prefix v, initial_version and the 0.x keys")
    func noTags() throws {
        var history = HistoryBuilder()
        history.commit("feat: a")
        let result = try starter(history)
        #expect(result.prefixStyle == .noTags)
        #expect(result.text.contains("\ninitial_version = \"0.1.0\"\n"))
        #expect(result.text.contains("\npre_major_breaking = \"major\"\n"))
    }

    @Test("component tags are listed with how to use --component, and are not release tags")
    func components() throws {
        var history = HistoryBuilder()
        history.commit("feat: a")
        history.tag("api@1.0.0")
        history.tag("web-v0.2.0")
        history.commit("feat: b")
        history.tag("api@1.1.0")
        history.tag("my-lib-v2.0.0")
        let result = try starter(history)
        #expect(result.components == [
            .init(name: "api", tagCount: 2, latest: SemanticVersion(major: 1, minor: 1, patch: 0)),
            .init(name: "my-lib", tagCount: 1, latest: SemanticVersion(major: 2, minor: 0, patch: 0)),
            .init(name: "web", tagCount: 1, latest: SemanticVersion(major: 0, minor: 2, patch: 0)),
        ])
        #expect(result.prefixStyle == .noTags)
        #expect(result.text.contains("#   api: 2 tags, latest 1.1.0"))
        #expect(result.text.contains("relnotes next-version --component api"))
        #expect(!result.text.contains("\ntag_prefix"))
        let parsed = try ConfigurationParser().parse(result.text, file: ".relnotes.toml")
        #expect(parsed.tagPrefix == nil)
    }

    @Test("tags on branches HEAD does not contain are not counted")
    func unreachableTags() throws {
        var history = HistoryBuilder()
        let base = history.commit("feat: a")
        history.tag("v1.0.0")
        history.commit("feat: experiment")
        history.tag("2.0.0")
        history.checkout(base)
        let result = try starter(history)
        #expect(result.prefixStyle == .v)
        #expect(result.highestVersion == SemanticVersion(major: 1, minor: 0, patch: 0))
    }

    @Test("release candidates add prereleases, with the style the changelog shows", arguments: [
        (nil, "prereleases = \"cumulative\"", false),
        ("## 1.1.0 - 2024-01-02\n\n- a thing (abc1234)\n- b thing (abc1235)\n\n## 1.1.0-rc.1 - 2024-01-01\n\n- a thing (abc1234)\n", "prereleases = \"cumulative\"", true),
        ("## [1.1.0](u) - 2024-01-02\n\n- b thing ([abc1235](u))\n\n## [1.1.0-rc.1](u) - 2024-01-01\n\n- a thing ([abc1234](u))\n", "prereleases = \"separate\"", true),
    ] as [(String?, String, Bool)])
    func prereleases(changelog: String?, line: String, told: Bool) throws {
        var history = HistoryBuilder()
        history.commit("feat: a")
        history.tag("v1.0.0")
        history.commit("feat: b")
        history.tag("v1.1.0-rc.1")
        let result = try starter(history, changelog: changelog)
        #expect(result.prereleaseIdentifiers == ["rc"])
        #expect(result.text.contains("\n\(line)\n"))
        #expect(result.text.contains("The existing changelog reads as") == told)
    }

    @Test("the first line is the #:schema directive")
    func schemaDirective() throws {
        var history = HistoryBuilder()
        history.commit("feat: a")
        let result = try StarterConfiguration(analysing: history.history, schemaLocation: "docs/schema/relnotes.schema.json")
        #expect(result.text.hasPrefix("#:schema docs/schema/relnotes.schema.json\n"))
    }

    @Test("the starter file parses, and gives the same next version as no file at all", arguments: ["v0.3.0", "v1.2.0", "1.2.0", "api@1.0.0", "v1.1.0-rc.1", nil] as [String?])
    func parsesAndChangesNothing(tag: String?) throws {
        var history = HistoryBuilder()
        history.commit("feat: a")
        history.tag("v1.0.0")
        history.commit("feat!: b")
        if let tag { history.tag(tag) }
        history.commit("feat: c")
        history.commit("fix: d")
        let text = try starter(history).text
        let parsed = try ConfigurationParser().parse(text, file: ".relnotes.toml")
        let withFile = try VersionPlanner(configuration: parsed).plan(in: history.history)
        let without = try VersionPlanner(configuration: Configuration()).plan(in: history.history)
        #expect(withFile.nextTagName == without.nextTagName)
        #expect(withFile.next == without.next)
    }
}
