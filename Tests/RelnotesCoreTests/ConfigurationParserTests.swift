import Testing
import RelnotesCore

@Suite("configuration (.relnotes.toml)")
struct ConfigurationParserTests {
    private func parse(_ text: String) throws(ConfigurationError) -> Configuration {
        try ConfigurationParser().parse(text, file: ".relnotes.toml")
    }

    @Test("an empty file gives the defaults")
    func defaults() throws {
        let configuration = try parse("")
        #expect(configuration == Configuration())
        #expect(configuration.initialVersion.description == "0.1.0")
        #expect(configuration.preMajorBreaking == .major)
        #expect(configuration.tagPrefix == nil)
        #expect(configuration.groups.map(\.title) == ["Features", "Bug Fixes", "Performance", "Reverts", "Documentation", "Refactoring", "Tests", "Build", "CI", "Chores", "Other"])
    }

    @Test("every documented key is read")
    func everyKey() throws {
        let configuration = try parse("""
            tag_prefix = "release-"
            initial_version = "1.0.0"
            pre_major_breaking = "minor"
            prereleases = "separate"
            include_merges = true
            repository_url = "https://example.com/o/r"
            header = "# History"
            include_paths = ["packages/a/**"]
            exclude_paths = ["**/*.md"]
            component = "api"
            """)
        #expect(configuration.tagPrefix == "release-")
        #expect(configuration.initialVersion == SemanticVersion("1.0.0"))
        #expect(configuration.preMajorBreaking == .minor)
        #expect(configuration.prereleases == .separate)
        #expect(configuration.includeMerges)
        #expect(configuration.repositoryURL == "https://example.com/o/r")
        #expect(configuration.header == "# History")
        #expect(configuration.includePaths == ["packages/a/**"])
        #expect(configuration.excludePaths == ["**/*.md"])
        #expect(configuration.component == "api")
    }

    @Test("a [[groups]] entry naming a standard type changes that group; a new type adds a group")
    func groups() throws {
        let configuration = try parse("""
            [[groups]]
            type = "docs"
            bump = "patch"
            hidden = true

            [[groups]]
            types = ["security", "sec"]
            title = "Security"
            order = 5
            bump = "patch"

            [[groups]]
            title = "Other"
            hidden = true
            """)
        let docs = try #require(configuration.group(forType: "docs"))
        #expect(docs.title == "Documentation" && docs.hidden && docs.bump == .patch)
        #expect(configuration.bumpLevel(forType: "docs") == .patch)
        #expect(configuration.group(forType: "sec")?.title == "Security")
        #expect(configuration.bumpLevel(forType: "security") == .patch)
        #expect(configuration.group(forType: "wip")?.title == "Other")
        #expect(configuration.group(forType: nil)?.hidden == true)
    }

    @Test("a new group can take a type away from a standard group")
    func moveType() throws {
        let configuration = try parse("""
            [[groups]]
            types = ["feat", "perf"]
            title = "Improvements"
            """)
        #expect(configuration.group(forType: "perf")?.title == "Improvements")
        #expect(!configuration.groups.map(\.title).contains("Features"))
        #expect(configuration.bumpLevel(forType: "feat") == .minor)
    }

    @Test("unknown keys and wrong types name the file, the line and the key", arguments: [
        ("tag_prefix = \"v\"\ntag_prefx = \"v\"\n", 2, "tag_prefx", "unknown key"),
        ("\n\ninitial_version = 1\n", 3, "initial_version", "expected a string, found a whole number"),
        ("include_merges = \"yes\"\n", 1, "include_merges", "expected true or false"),
        ("[[groups]]\ntype = \"feat\"\n\n[[groups]]\ntype = \"fix\"\nbmp = \"patch\"\n", 6, "groups[1].bmp", "unknown key"),
        ("[[groups]]\ntype = \"fix\"\nbump = \"huge\"\n", 3, "groups[0].bump", "'huge' is not one of"),
        ("# comment\n[unknown]\nx = 1\n", 2, "unknown", "unknown key"),
        ("initial_version = \"1.2\"\n", 1, "initial_version", "not a semantic version"),
        ("pre_major_breaking = \"patch\"\n", 1, "pre_major_breaking", "neither"),
        ("include_paths = [\"a\", 2]\n", 1, "include_paths", "an array of strings"),
    ])
    func errors(text: String, line: Int, key: String, problem: String) throws {
        let error = #expect(throws: ConfigurationError.self) { try parse(text) }
        #expect(error?.line == line)
        #expect(error?.key == key)
        #expect(error?.message.contains(problem) == true)
        #expect(error?.message.hasPrefix(".relnotes.toml:\(line): \(key): ") == true)
        #expect(error?.category == .configuration)
    }

    // A file saved with CRLF line ends read as one line (Swift reads "\r\n" as one character),
    // so errors lost their line numbers.
    @Test("errors in a file with CRLF line ends name the same line as with LF")
    func crlfLines() throws {
        let text = "tag_prefix = \"v\"\r\n\r\n[lint]\r\ntypes = [\"wip\"]\r\nunknown = 1\r\n"
        let error = #expect(throws: ConfigurationError.self) { try parse(text) }
        #expect(error?.line == 5)
        #expect(error?.key == "lint.unknown")
    }

    // Found by `make fuzz` (FuzzConfiguration): the TOML library relnotes used before its own
    // reader (toml++ inside TOMLKit) asserted on these headers, which aborted relnotes.
    @Test("a table header that starts with no key is a configuration error, not a crash", arguments: [
        ("[[[\n", 1), ("[!]\n", 1), ("[[.a]]\n", 1), ("[ =]\n", 1), ("[\n", 1),
        ("tag_prefix = \"v\"\n\n[[ #\n", 3), ("[lint]\ntypes = [\"a\"]\n[[\n", 3), ("\u{FEFF} [[[groups]]]\n", 1),
    ])
    func unreadableTableHeader(text: String, line: Int) throws {
        let error = #expect(throws: ConfigurationError.self) { try parse(text) }
        #expect(error?.line == line)
        #expect(error?.message.contains("not valid TOML") == true)
    }

    @Test("lines that start with '[' inside strings and multi-line arrays are no table headers")
    func bracketsInsideValues() throws {
        let configuration = try parse("header = \"\"\"\n[!] keep\n\"\"\"\ninclude_paths = [\n  \"a/**\", # note [\n]\n[lint]\ntypes = ['x']\n")
        #expect(configuration.header == "[!] keep\n")
        #expect(configuration.includePaths == ["a/**"])
        #expect(configuration.lint.extraTypes == ["x"])
    }

    @Test("a TOML syntax error names the line")
    func syntaxError() throws {
        let error = #expect(throws: ConfigurationError.self) { try parse("tag_prefix = \"v\"\nheader = \n") }
        #expect(error?.line == 2)
        #expect(error?.message.contains("not valid TOML") == true)
    }

    @Test("a new group without a title is an error")
    func groupWithoutTitle() throws {
        let error = #expect(throws: ConfigurationError.self) { try parse("[[groups]]\ntype = \"security\"\n") }
        #expect(error?.key == "groups[0].title")
    }
}

@Suite("configuration keys for changelog quality")
struct ChangelogQualityConfigurationTests {
    private func parse(_ text: String) throws(ConfigurationError) -> Configuration {
        try ConfigurationParser().parse(text, file: ".relnotes.toml")
    }

    @Test("pre_major_features, fold_prereleases, split_squash, changelog_file and in_notes are read")
    func keys() throws {
        let configuration = try parse("""
            pre_major_features = "patch"
            fold_prereleases = true
            split_squash = true
            changelog_file = "docs/CHANGELOG.md"

            [[groups]]
            type = "refactor"
            in_notes = false

            [[groups]]
            type = "deps"
            title = "Dependencies"
            in_notes = false
            """)
        #expect(configuration.preMajorFeatures == .patch)
        #expect(configuration.preMajorBreaking == .major)
        #expect(configuration.foldPrereleases)
        #expect(configuration.splitSquash)
        #expect(configuration.changelogFile == "docs/CHANGELOG.md")
        #expect(configuration.group(forType: "refactor")?.inNotes == false)
        #expect(configuration.group(forType: "deps")?.inNotes == false)
        #expect(configuration.group(forType: "feat")?.inNotes == true)
    }

    @Test("the defaults: features bump minor on 0.x, no folding, no splitting, CHANGELOG.md")
    func defaults() throws {
        let configuration = try parse("")
        #expect(configuration.preMajorFeatures == .minor)
        #expect(!configuration.foldPrereleases && !configuration.splitSquash)
        #expect(configuration.changelogFile == "CHANGELOG.md")
    }

    @Test("wrong values name the key and its line", arguments: [
        ("pre_major_features = \"major\"", "pre_major_features"),
        ("changelog_file = \"/etc/passwd\"", "changelog_file"),
        ("fold_prereleases = \"yes\"", "fold_prereleases"),
    ])
    func wrongValues(text: String, key: String) {
        let error = #expect(throws: ConfigurationError.self) { try parse(text) }
        #expect(error?.message.contains(key) == true)
        #expect(error?.message.contains(":1") == true)
    }
}

@Suite("configuration values no key takes, and malformed numbers")
struct ConfigurationAbortGuardTests {
    @Test("dates, times, fractions, inf and nan are refused with the line", arguments: [
        ("a = 1978-05-27T.07:32:00", 1), ("initial_version = 1.2\n", 1), ("x = 07:32:00", 1),
        ("header = \"# Changelog\"\nlist = [1, 2, 1979-05-27]", 2), ("n = nan", 1), ("n = -inf", 1), ("n = 1e5", 1),
        ("n = 0x", 1), ("n = 1__0", 1), ("n = 012", 1),
        ("x = " + String(repeating: "[", count: 200) + String(repeating: "]", count: 200), 1),
    ])
    func refused(text: String, line: Int) {
        let error = #expect(throws: ConfigurationError.self) { try ConfigurationParser().parse(text, file: ".relnotes.toml") }
        #expect(error?.message.contains(".relnotes.toml:\(line)") == true, "\(error?.message ?? "")")
        #expect(error?.category == .configuration)
    }

    @Test("integers, booleans, strings that look like dates, and arrays of them still parse", arguments: [
        "[lint]\nheader_max_length = 1_00", "[lint]\nheader_max_length = +72", "include_merges = true",
        "header = \"1979-05-27 # not a date\"", "include_paths = [\"a\", 'b',\n  \"c\"]", "[lint]\nheader_max_length = 0x64",
    ])
    func accepted(text: String) {
        #expect(throws: Never.self) { try ConfigurationParser().parse(text, file: ".relnotes.toml") }
    }
}

@Suite("control characters and quote runs in the configuration")
struct ConfigurationControlCharacterTests {
    @Test("a control character other than tab is refused with its line")
    func controls() {
        let error = #expect(throws: ConfigurationError.self) { try ConfigurationParser().parse("header = \"x\"\nh\u{4}eader = 1", file: ".relnotes.toml") }
        #expect(error?.message.contains(".relnotes.toml:2") == true)
        #expect(throws: Never.self) { try ConfigurationParser().parse("header = \"a\tb\"\r\n", file: ".relnotes.toml") }
    }

    @Test("a multi-line string may end in up to five quotes, as TOML reads it")
    func quoteRuns() {
        let text = "header = '''it's ''''\n[lint]\nheader_max_length = 80\n"
        let configuration = try? ConfigurationParser().parse(text, file: ".relnotes.toml")
        #expect(configuration?.lint.headerMaxLength == 80)
    }
}

@Suite("a heading after the inserted section stays a heading")
struct MergerIndentedHeadingTests {
    @Test("a ## heading indented up to three spaces after the new section's list survives a second merge")
    func indentedHeading() {
        let file = "# Changelog\n\n## [Unreleased]\n\n- old\n\n   ## 1.0.0\n\n- released\n"
        let section = "## [Unreleased]\n\n### Features\n\n- **api:** x (abc1234)\n"
        let merger = ChangelogFileMerger()
        let once = merger.merging(section: section, into: file, header: "# Changelog")
        #expect(once.hasSuffix("   ## 1.0.0\n\n- released\n"))
        #expect(merger.merging(section: section, into: once, header: "# Changelog") == once)
    }
}
