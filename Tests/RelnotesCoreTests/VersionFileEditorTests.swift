import RelnotesCore
import Testing

@Suite("version files: one value set, every other byte kept")
struct VersionFileEditorTests {
    private let editor = VersionFileEditor()

    private func edit(_ text: String, _ path: String, key: String, to value: String = "1.3.0") throws -> String {
        try editor.edit(text, entry: VersionFile(path: path, locator: .key(key)), value: value)
    }

    static let chart = """
        apiVersion: v2
        name: operator   # the chart
        description: A Helm chart
        # version of the chart itself
        version: 1.2.0 # bumped by relnotes
        appVersion: "1.2.0"
        dependencies:
          - name: common
            version: 2.x.x
            repository: oci://registry.example.com/charts
        annotations:
          notes: |
            version: 9.9.9
            appVersion: "9.9.9"

        """

    @Test("Chart.yaml: version and appVersion change, comments, quotes and the dependency's version stay")
    func helmChart() throws {
        let once = try edit(Self.chart, "charts/operator/Chart.yaml", key: "version")
        let twice = try edit(once, "charts/operator/Chart.yaml", key: "appVersion")
        #expect(twice == Self.chart
            .replacingFirst("version: 1.2.0 # bumped", with: "version: 1.3.0 # bumped")
            .replacingFirst("appVersion: \"1.2.0\"", with: "appVersion: \"1.3.0\""))
    }

    @Test("values.yaml: image.tag nested under image, other tags untouched")
    func helmValues() throws {
        let values = "replicaCount: 1\nimage:\n  repository: ghcr.io/acme/operator\n  tag: 'v1.2.0'\n  pullPolicy: IfNotPresent\nsidecar:\n  image:\n    tag: latest\n"
        #expect(try edit(values, "values.yaml", key: "image.tag", to: "v1.3.0") == values.replacingFirst("tag: 'v1.2.0'", with: "tag: 'v1.3.0'"))
        #expect(try edit(values, "values.yaml", key: "sidecar.image.tag", to: "x") == values.replacingFirst("tag: latest", with: "tag: x"))
    }

    @Test("package.json: the root version, not a dependency's; indentation and key order kept")
    func packageJSON() throws {
        let json = "{\n  \"name\": \"widget\",\n  \"version\": \"1.2.0\",\n  \"dependencies\": {\n    \"version\": \"^3.0.0\"\n  },\n  \"files\": [\"a\", {\"version\": \"x\"}]\n}\n"
        #expect(try edit(json, "package.json", key: "version") == json.replacingFirst("\"version\": \"1.2.0\"", with: "\"version\": \"1.3.0\""))
    }

    @Test("Cargo.toml: [package] version, not a dependency's inline version nor a multi-line string's text")
    func cargoToml() throws {
        let toml = "[package]\nname = \"widget\"\nversion = \"1.2.0\"  # the crate\ndescription = \"\"\"\nversion = \"0.0.0\"\n\"\"\"\n\n[dependencies]\nserde = { version = \"1.0\" }\n\n[[bin]]\nversion = \"x\"\n"
        #expect(try edit(toml, "Cargo.toml", key: "package.version") == toml.replacingFirst("version = \"1.2.0\"", with: "version = \"1.3.0\""))
        #expect(throws: VersionFileError.self) { try edit(toml, "Cargo.toml", key: "version") }
    }

    @Test("a plain VERSION file by pattern; CRLF line endings stay")
    func plainFile() throws {
        let entry = VersionFile(path: "VERSION", locator: .pattern("^([0-9.]+)$"))
        #expect(try editor.edit("1.2.0\n", entry: entry, value: "1.3.0") == "1.3.0\n")
        let yaml = "name: x\r\nversion: 1.2.0\r\nother: y\r\n"
        #expect(try edit(yaml, "Chart.yaml", key: "version") == "name: x\r\nversion: 1.3.0\r\nother: y\r\n")
    }

    @Test("no match, several matches, a mapping, a bad pattern or a key on a plain file: an error naming the file", arguments: [
        ("Chart.yaml", VersionFile.Locator.key("appVersion"), "name: x\n", "no key 'appVersion'"),
        ("a.yaml", .key("image"), "image:\n  tag: x\n", "mapping"),
        ("a.yaml", .key("version"), "version: 1\nversion: 2\n", "2 times (lines 1, 2)"),
        ("VERSION", .key("version"), "1.2.0\n", "needs a .yaml"),
        ("VERSION", .pattern("([0-9]+)"), "1.2.0\n", "matches 3 times"),
        ("VERSION", .pattern("[0-9.]+"), "1.2.0\n", "exactly one capture group"),
        ("VERSION", .pattern("(["), "1.2.0\n", "not a valid regular expression"),
        ("package.json", .key("version"), "{\"version\": \"1\",", "not valid JSON"),
    ])
    func errors(path: String, locator: VersionFile.Locator, text: String, expected: String) {
        let error = #expect(throws: VersionFileError.self) { try editor.edit(text, entry: VersionFile(path: path, locator: locator), value: "1.3.0") }
        #expect(error?.message.contains(path) == true)
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
    }

    @Test("value templates fill {version} and {tag}; unknown placeholders are refused")
    func templates() {
        let version = SemanticVersion(major: 1, minor: 3, patch: 0)
        #expect(VersionFile(path: "a", locator: .key("a"), value: "v{version}").rendered(version: version, tag: "api-v1.3.0") == "v1.3.0")
        #expect(VersionFile(path: "a", locator: .key("a"), value: "{tag}").rendered(version: version, tag: "api-v1.3.0") == "api-v1.3.0")
        #expect(VersionFile.isValidValueTemplate("{version}-{tag}"))
        #expect(!VersionFile.isValidValueTemplate("{major}"))
        #expect(!VersionFile.isValidValueTemplate("{version"))
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }

    func range(of target: String) -> Range<String.Index>? {
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(target) { return index..<self.index(index, offsetBy: target.count) }
            index = self.index(after: index)
        }
        return nil
    }
}
