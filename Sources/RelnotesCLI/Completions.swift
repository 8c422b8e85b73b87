import ArgumentParser

extension Relnotes {
    /// `relnotes completions bash|zsh|fish`: the shell completion script for the whole command tree.
    struct Completions: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "completions",
            abstract: "Print the shell completion script for bash, zsh or fish.",
            discussion: """
                Write the script where the shell looks for completions, or load it from the \
                shell's startup file.

                Examples:
                  source <(relnotes completions bash)
                  relnotes completions zsh > ~/.zfunc/_relnotes
                  relnotes completions fish > ~/.config/fish/completions/relnotes.fish
                """
        )

        @Argument(help: ArgumentHelp("The shell: bash, zsh or fish.", valueName: "shell"))
        var shell: Shell

        func run() throws {
            let script = Relnotes.completionScript(for: shell.completionShell)
            Terminal.standardOutput.write(script.hasSuffix("\n") ? script : script + "\n")
        }
    }
}

extension Relnotes.Completions {
    /// The shells argument-parser writes completion scripts for.
    enum Shell: String, CaseIterable, ExpressibleByArgument {
        case bash, zsh, fish

        var completionShell: CompletionShell {
            switch self {
            case .bash: .bash
            case .zsh: .zsh
            case .fish: .fish
            }
        }
    }
}
