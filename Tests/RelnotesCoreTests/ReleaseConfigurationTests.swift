import Testing
import RelnotesCore

@Suite("configuration: [[version_files]] and [release]")
struct ReleaseConfigurationTests {
    private func parse(_ text: String) throws(ConfigurationError) -> Configuration {
        try ConfigurationParser().parse(text, file: ".relnotes.toml")
    }

    @Test("version files are read in order, with value {version} by default")
    func versionFilesRead() throws {
        let configuration = try parse("""
            [[version_files]]
            path = "charts/op/Chart.yaml"
            key = "version"

            [[version_files]]
            path = "charts/op/Chart.yaml"
            key = "appVersion"
            value = "{tag}"

            [[version_files]]
            path = "VERSION"
            pattern = '\\A(.*)$'
            component = "op"
            """)
        #expect(configuration.versionFiles == [
            VersionFile(path: "charts/op/Chart.yaml", locator: .key("version")),
            VersionFile(path: "charts/op/Chart.yaml", locator: .key("appVersion"), value: "{tag}"),
            VersionFile(path: "VERSION", locator: .pattern("\\A(.*)$"), component: "op"),
        ])
        #expect(configuration.releaseCommitMessage == "chore(release): {tag}")
    }

    @Test("a release sets the entries without a component and those of its own component")
    func componentFilter() throws {
        var configuration = try parse("""
            [[version_files]]
            path = "a.json"
            key = "version"
            component = "a"
            [[version_files]]
            path = "b.json"
            key = "version"
            component = "b"
            [[version_files]]
            path = "VERSION"
            pattern = '\\A(.*)$'
            """)
        #expect(configuration.versionFilesInForce.map(\.path) == ["VERSION"])
        configuration.component = "b"
        #expect(configuration.versionFilesInForce.map(\.path) == ["b.json", "VERSION"])
    }

    @Test("[release] commit_message is read")
    func commitMessage() throws {
        let configuration = try parse("[release]\ncommit_message = \"release {version}\"\n")
        #expect(configuration.releaseCommitMessage == "release {version}")
    }

    @Test("a wrong entry is an error naming the key and its line", arguments: [
        ("[[version_files]]\nkey = \"version\"\n", "version_files[0]", "needs path"),
        ("[[version_files]]\npath = \"VERSION\"\n", "version_files[0]", "needs key or pattern"),
        ("[[version_files]]\npath = \"a.yaml\"\nkey = \"v\"\npattern = \"(x)\"\n", "version_files[0].pattern", "cannot be set together with key"),
        ("[[version_files]]\npath = \"../outside.json\"\nkey = \"v\"\n", "version_files[0].path", "not a path inside the repository"),
        ("[[version_files]]\npath = \"/etc/passwd\"\nkey = \"v\"\n", "version_files[0].path", "not a path inside the repository"),
        ("[[version_files]]\npath = \"a.json\"\nkey = \"a..b\"\n", "version_files[0].key", "not a dotted key"),
        ("[[version_files]]\npath = \"VERSION\"\npattern = \"(\"\n", "version_files[0].pattern", "not a valid regular expression"),
        ("[[version_files]]\npath = \"VERSION\"\npattern = \"(a)(b)\"\n", "version_files[0].pattern", "exactly one capture group"),
        ("[[version_files]]\npath = \"VERSION\"\npattern = \"a\"\n", "version_files[0].pattern", "exactly one capture group"),
        ("[[version_files]]\npath = \"a.json\"\nkey = \"v\"\nvalue = \"{major}\"\n", "version_files[0].value", "only {version} and {tag}"),
        ("[[version_files]]\npath = \"a.json\"\nkey = \"v\"\nsize = 1\n", "version_files[0].size", "unknown key"),
        ("[release]\ncommit_message = \"release {date}\"\n", "release.commit_message", "placeholders {tag} and {version}"),
        ("[release]\ncommit_message = \" \"\n", "release.commit_message", "non-empty"),
        ("[release]\ntitle = \"x\"\n", "release.title", "unknown key"),
    ])
    func rejected(text: String, key: String, problem: String) {
        #expect {
            try parse(text)
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.key == key && error.problem.contains(problem) && error.line != nil
        }
    }
}
