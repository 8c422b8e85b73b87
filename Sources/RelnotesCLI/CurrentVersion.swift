import ArgumentParser
import RelnotesCore

extension Relnotes {
    /// `relnotes current-version`: the highest-precedence release tag HEAD contains.
    struct CurrentVersion: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "current-version",
            abstract: "Print the current version's tag name.",
            discussion: """
                The current version is the highest-precedence release tag reachable from HEAD. \
                Exits 2 when there is none.

                Examples:
                  relnotes current-version
                  relnotes current-version --no-prefix
                  relnotes current-version --component api
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var scope: ScopeOptions

        @Flag(name: .long, help: "Print the version without the tag prefix (1.2.0 instead of v1.2.0).")
        var noPrefix = false

        func run() throws {
            let session = try Session(global, scope: scope)
            let planner = VersionPlanner(configuration: session.configuration)
            guard let current = try planner.currentVersion(in: session.repository) else {
                throw HistoryError("no release tag is reachable from HEAD", hint: "create one, e.g. relnotes tag, or check tag_prefix in .relnotes.toml")
            }
            Terminal.standardOutput.write((noPrefix ? current.version.description : current.name) + "\n")
        }
    }
}
