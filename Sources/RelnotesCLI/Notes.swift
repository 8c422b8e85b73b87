import ArgumentParser
import RelnotesCore

extension Relnotes {
    /// `relnotes notes [TAG]`: one release's notes as a GitHub Release body.
    struct Notes: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "notes",
            abstract: "Print one release's notes as a GitHub Release body.",
            discussion: """
                Default: the latest release (the current version). The body never passes \
                GitHub's 125,000-character limit.

                Examples:
                  relnotes notes v1.2.0
                  relnotes notes --unreleased
                  relnotes notes --tag v1.3.0 > body.md
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var scope: ScopeOptions

        @Argument(help: ArgumentHelp("The release tag (default: the current version's).", valueName: "tag"))
        var tagName: String?

        @Flag(name: .long, help: "The unreleased commits.")
        var unreleased = false

        @Option(name: .long, help: ArgumentHelp("The release about to be cut: the unreleased commits titled as this version.", valueName: "version"))
        var tag: String?

        @Option(name: .long, help: "Output format.")
        var format: OutputFormat = .markdown

        @OptionGroup var artifacts: ArtifactOptions
        @OptionGroup var githubOutput: GitHubOutputOption

        func validate() throws {
            if [tagName != nil, unreleased, tag != nil].filter({ $0 }).count > 1 {
                throw ValidationError("choose one of TAG, --unreleased and --tag V")
            }
        }

        func run() throws {
            try githubOutput.prepare()
            let session = try Session(global, scope: scope)
            let selection: ReleaseSelector.Selection
            if let tagName {
                selection = .tag(tagName)
            } else if unreleased {
                selection = .unreleased
            } else if let tag {
                selection = .planned(try session.plannedRelease(tag, date: .now))
            } else {
                selection = .latest
            }
            let body = try ReleaseBody(selection, session: session, artifacts: artifacts.section)
            switch format {
            case .markdown: Terminal.standardOutput.write(body.markdown)
            case .json: Terminal.standardOutput.write(body.jsonText(repositoryURL: try session.repositoryLinks()?.webURL))
            }
            try githubOutput.write(body.gitHubOutput)
        }
    }
}
