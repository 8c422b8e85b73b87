import ArgumentParser

/// The root command: `relnotes <subcommand>`.
struct Relnotes: ParsableCommand {
    /// The version of relnotes itself, printed by `relnotes --version`.
    static let toolVersion = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "relnotes",
        abstract: "Release notes, changelogs and semantic versions from git history.",
        discussion: """
            Reads tags and Conventional Commits through libgit2. Exit status: 0 success, \
            1 usage or configuration error, 2 repository or input error, 3 a check that \
            failed, 4 a remote service refused.
            """,
        version: "relnotes \(toolVersion)",
        subcommands: [Init.self, CurrentVersion.self, NextVersion.self, Changelog.self, Notes.self, Tag.self, Lint.self, Publish.self, Artifacts.self, Templates.self]
    )
}
