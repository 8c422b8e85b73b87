import Foundation
import RelnotesFixtures
import Testing

private let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// `Fixtures/Scenarios/<scenario>/<name>`.
private func goldenURL(_ scenario: Scenario, _ name: String) -> URL {
    repositoryRoot.appendingPathComponent("Fixtures/Scenarios/\(scenario.rawValue)/\(name)")
}

@Suite("relnotes init")
struct InitCommandTests {
    @Test("init --stdout on each history prints the committed starter file", arguments: [
        Scenario.linear, .barePrefix, .monorepo, .merges, .prereleaseChain, .empty,
    ])
    func golden(scenario: Scenario) throws {
        let fixture = try scenario.build()
        let run = try RelnotesBinary.run(["init", "--stdout"], in: fixture.url)
        #expect(run.status == 0, "\(run.standardError)")
        let problem = Golden.problem(comparing: run.standardOutput, with: goldenURL(scenario, "init.toml"))
        #expect(problem == nil, "\(problem ?? "")")
    }

    @Test("init writes .relnotes.toml at the root, prints the Makefile lines, and the next version does not change", arguments: [Scenario.linear, .barePrefix, .merges])
    func writes(scenario: Scenario) throws {
        let fixture = try scenario.build()
        let before = try RelnotesBinary.run(["next-version"], in: fixture.url)
        let run = try RelnotesBinary.run(["init"], in: fixture.url)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("\trelnotes changelog --output CHANGELOG.md\n"))
        #expect(run.standardOutput.contains("\trelnotes changelog --all --output CHANGELOG.md\n"))
        let written = try String(contentsOf: fixture.url.appendingPathComponent(".relnotes.toml"), encoding: .utf8)
        #expect(written.hasPrefix("#:schema "))
        let after = try RelnotesBinary.run(["next-version"], in: fixture.url)
        #expect(after.status == 0, "\(after.standardError)")
        #expect(after.standardOutput == before.standardOutput)
    }

    @Test("in a monorepo, init leaves tag_prefix unset so that --component still finds its tags")
    func monorepoComponents() throws {
        let fixture = try Scenario.monorepo.build()
        let arguments = ["next-version", "--component", "api", "--include-path", "packages/api/**"]
        let before = try RelnotesBinary.run(arguments, in: fixture.url)
        #expect(try RelnotesBinary.run(["init"], in: fixture.url).status == 0)
        let after = try RelnotesBinary.run(arguments, in: fixture.url)
        #expect(before.status == 0)
        #expect(after.standardOutput == before.standardOutput)
        #expect(after.standardOutput.hasPrefix("api@"))
    }

    @Test("init refuses to replace an existing file: exit 2, the file kept")
    func refusesToReplace() throws {
        let fixture = try Scenario.linear.build()
        let path = fixture.url.appendingPathComponent(".relnotes.toml")
        try Data("header = \"# Mine\"\n".utf8).write(to: path)
        let run = try RelnotesBinary.run(["init"], in: fixture.url)
        #expect(run.status == 2)
        #expect(run.standardError.contains("already exists: relnotes init never replaces a configuration"))
        #expect(run.standardError.contains("hint: "))
        #expect(try String(contentsOf: path, encoding: .utf8) == "header = \"# Mine\"\n")
    }

    @Test("init --config FILE writes that file; --schema sets the #:schema line")
    func otherFile() throws {
        let fixture = try Scenario.linear.build()
        let run = try RelnotesBinary.run(["init", "--config", "relnotes-api.toml", "--schema", "docs/schema/relnotes.schema.json"], in: fixture.url)
        #expect(run.status == 0, "\(run.standardError)")
        let written = try String(contentsOf: fixture.url.appendingPathComponent("relnotes-api.toml"), encoding: .utf8)
        #expect(written.hasPrefix("#:schema docs/schema/relnotes.schema.json\n"))
        #expect(!FileManager.default.fileExists(atPath: fixture.url.appendingPathComponent(".relnotes.toml").path))
    }
}

@Suite("built-in templates on the command line")
struct TemplateCommandTests {
    @Test("relnotes templates lists every built-in; templates NAME prints it as in docs/templates")
    func listAndPrint() throws {
        let fixture = try Scenario.linear.build()
        let list = try RelnotesBinary.run(["templates"], in: fixture.url)
        #expect(list.status == 0)
        let names = list.standardOutput.split(separator: "\n").map { String($0.prefix { $0 != " " }) }
        #expect(names == ["keep-a-changelog", "compact", "github"])
        for name in names {
            let run = try RelnotesBinary.run(["templates", name], in: fixture.url)
            let exported = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/templates/\(name).mustache"), encoding: .utf8)
            #expect(run.standardOutput == exported)
        }
    }

    @Test("templates NAME --output writes a new file and never replaces one")
    func export() throws {
        let fixture = try Scenario.linear.build()
        let first = try RelnotesBinary.run(["templates", "compact", "--output", "mine.mustache"], in: fixture.url)
        #expect(first.status == 0, "\(first.standardError)")
        let again = try RelnotesBinary.run(["templates", "github", "--output", "mine.mustache"], in: fixture.url)
        #expect(again.status == 2)
        let text = try String(contentsOf: fixture.url.appendingPathComponent("mine.mustache"), encoding: .utf8)
        #expect(text.hasPrefix("{{#releases}}\n{{title}}"))
        let rendered = try RelnotesBinary.run(["changelog", "--all", "--template", "mine.mustache"], in: fixture.url)
        let builtIn = try RelnotesBinary.run(["changelog", "--all", "--template", "compact"], in: fixture.url)
        #expect(rendered.status == 0)
        #expect(rendered.standardOutput == builtIn.standardOutput)
    }

    @Test("changelog --template github renders the committed release-body style")
    func githubGolden() throws {
        let fixture = try Scenario.linear.build()
        try fixture.git("remote", "add", "origin", "git@github.com:acme/widgets.git")
        let run = try RelnotesBinary.run(["changelog", "--all", "--template", "github"], in: fixture.url)
        #expect(run.status == 0, "\(run.standardError)")
        let problem = Golden.problem(comparing: run.standardOutput, with: goldenURL(.linear, "github.md"))
        #expect(problem == nil, "\(problem ?? "")")
    }

    @Test("a name that is neither built in nor a file is exit 1 with the built-in names")
    func unknownName() throws {
        let fixture = try Scenario.linear.build()
        let run = try RelnotesBinary.run(["changelog", "--template", "keepachangelog"], in: fixture.url)
        #expect(run.status == 1)
        #expect(run.standardError.contains("relnotes: error: keepachangelog: neither a built-in template nor a file"))
        #expect(run.standardError.contains("keep-a-changelog, compact, github"))
    }

    @Test("an unknown variable in a template file is exit 1 with file:line:column")
    func unknownVariable() throws {
        let fixture = try Scenario.linear.build()
        try Data("{{#releases}}\n## {{title}}\n{{#commits}}- {{sumary}}\n{{/commits}}{{/releases}}\n".utf8)
            .write(to: fixture.url.appendingPathComponent("t.mustache"))
        let run = try RelnotesBinary.run(["changelog", "--template", "t.mustache"], in: fixture.url)
        #expect(run.status == 1)
        #expect(run.standardError.contains("relnotes: error: t.mustache:3:15: unknown variable 'sumary' (did you mean 'summary'?)"))
        #expect(run.standardOutput.isEmpty)
    }
}
