import ArgumentParser

/// `--color` choices.
enum ColorChoice: String, CaseIterable, ExpressibleByArgument, Sendable {
    case auto, always, never
}

/// The options every subcommand takes (docs/cli.md).
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The repository, or a folder inside it (default: the one enclosing the working directory).", valueName: "path"))
    var repo: String?

    @Option(name: .long, help: ArgumentHelp("The configuration file (default: .relnotes.toml at the repository root, when it exists).", valueName: "file"))
    var config: String?

    @Option(name: .long, help: "When to colour diagnostics.")
    var color: ColorChoice = .auto
}

extension GlobalOptions {
    /// The options above, written before the subcommand (`relnotes --repo X next-version`),
    /// moved to the end of the arguments (before any `--`) where the subcommand parses them,
    /// so that both placements work as they do with git.
    static func movedAfterSubcommand(_ arguments: [String]) -> [String] {
        let names = ["--repo", "--config", "--color"]
        var leading: [String] = []
        var rest = arguments[...]
        while let first = rest.first {
            if names.contains(first), rest.count >= 2 {
                leading += rest.prefix(2)
                rest = rest.dropFirst(2)
            } else if names.contains(where: { first.hasPrefix($0 + "=") }) {
                leading.append(first)
                rest = rest.dropFirst()
            } else {
                break
            }
        }
        guard !leading.isEmpty else { return arguments }
        var result = Array(rest)
        let end = result.firstIndex(of: "--") ?? result.endIndex
        result.insert(contentsOf: leading, at: end)
        return result
    }
}
