import ArgumentParser
import Foundation
import RelnotesCore
import RelnotesGit

extension Relnotes {
    /// `relnotes init`: a starter `.relnotes.toml` from what the history shows.
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Write a starter .relnotes.toml from what the history shows.",
            discussion: """
                Looks at the release tags HEAD contains (the prefix in use, monorepo component \
                tags, a 0.x project, release candidates) and writes .relnotes.toml at the \
                repository root (or the file given with --config), with every key explained in a \
                comment. The values written are what relnotes does without the file, so the next \
                version does not change. Never replaces an existing file (exit 2). Prints the \
                Makefile lines for make changelog and make changelog-all.
                """
        )

        @OptionGroup var global: GlobalOptions

        @Flag(name: [.customLong("stdout"), .customLong("dry-run")], help: "Print the file on stdout instead of writing it.")
        var toStandardOutput = false

        @Option(name: .long, help: ArgumentHelp("Where the file's #:schema line points: a URL, or a path relative to the file.", valueName: "location"))
        var schema: String = StarterConfiguration.defaultSchemaLocation

        func run() throws {
            Terminal.colorChoice = global.color
            let repository = try GitRepository.discover(from: global.repo ?? FileManager.default.currentDirectoryPath)
            let root = URL(fileURLWithPath: repository.workingDirectory ?? repository.gitDirectory)
            let changelog = try? AtomicFile.read(root.appendingPathComponent("CHANGELOG.md").path)
            let starter: StarterConfiguration
            do {
                starter = try StarterConfiguration(analysing: repository, changelog: changelog ?? nil, schemaLocation: schema)
            } catch let error as GitError where error.code == .unbornBranch {
                // A new repository without commits is where a starter file is most welcome.
                starter = try StarterConfiguration(analysing: InMemoryHistory(commits: [], tags: [], head: nil), changelog: changelog ?? nil, schemaLocation: schema)
            }
            if toStandardOutput {
                Terminal.standardOutput.write(starter.text)
                return
            }
            let path = global.config ?? root.appendingPathComponent(".relnotes.toml").path
            try NewFile.create(starter.text, at: path, refusal: FileError(
                "\(path) already exists: relnotes init never replaces a configuration",
                hint: "compare it with relnotes init --stdout, or move it away first"
            ))
            Terminal.standardOutput.write("""
                wrote \(path)
                Add these lines to your Makefile (recipes start with a tab):

                \(StarterConfiguration.makefileLines)
                """)
        }
    }
}
