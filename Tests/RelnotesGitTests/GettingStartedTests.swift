import Foundation
import RelnotesCore
import RelnotesFixtures
import RelnotesGit
import Testing

/// The code of the DocC article "Getting started" (Sources/RelnotesCore/RelnotesCore.docc),
/// kept here so that it compiles and gives what the article says.
@Suite("DocC getting-started article")
struct GettingStartedTests {
    @Test("the ten lines compute the next version and render the unreleased notes")
    func tenLines() throws {
        let fixture = try Scenario.linear.build()
        // --- the article's code, with the path of the fixture and output collected ---
        var output: [String] = []
        let repository = try GitRepository.discover(from: fixture.url.path)
        let toml = (try? String(contentsOfFile: fixture.url.appendingPathComponent(".relnotes.toml").path, encoding: .utf8)) ?? ""
        let configuration = try ConfigurationParser().parse(toml, file: ".relnotes.toml")
        let plan = try VersionPlanner(configuration: configuration).plan(in: repository)
        output.append("next version: \(plan.nextTagName) (\(plan.bump))")

        let unreleased = try ReleasePartitioner(configuration: configuration).releases(in: repository, scope: .unreleased)
        let document = ReleaseNotesBuilder(configuration: configuration, links: nil).document(unreleased)
        output.append(MarkdownRenderer().document(header: configuration.header, notes: document.releases))
        let text = TemplateRenderer(builtIn: .keepAChangelog).render(document)
        // --- end of the article's code ---
        #expect(output[0] == "next version: v1.1.0 (minor)")
        #expect(output[1].hasPrefix("# Changelog\n\n## Unreleased\n"))
        #expect(output[1].contains("- **cli:** add --quiet"))
        #expect(text.contains("## [Unreleased]"))
    }
}
