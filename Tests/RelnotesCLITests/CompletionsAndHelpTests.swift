import Foundation
import RelnotesFixtures
import Testing

@Suite("relnotes completions and --help, end to end")
struct CompletionsAndHelpTests {
    @Test("completions prints a script for the shell that names every command", arguments: [
        ("bash", "complete -o"),
        ("zsh", "#compdef relnotes"),
        ("fish", "complete -c 'relnotes'"),
    ])
    func completionScript(shell: String, marker: String) throws {
        let run = try RelnotesBinary.run(["completions", shell], in: FileManager.default.temporaryDirectory)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains(marker))
        for command in ["current-version", "next-version", "changelog", "notes", "tag", "lint", "publish", "completions"] {
            #expect(run.standardOutput.contains(command), "\(shell) script lacks \(command)")
        }
    }

    @Test("the bash completion script is valid bash (bash -n)")
    func bashScriptParses() throws {
        let run = try RelnotesBinary.run(["completions", "bash"], in: FileManager.default.temporaryDirectory)
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("relnotes-completion-\(UUID().uuidString).bash")
        try Data(run.standardOutput.utf8).write(to: script)
        defer { try? FileManager.default.removeItem(at: script) }
        let check = try ProcessRunner.run(executable: "/bin/bash", arguments: ["-n", script.path], directory: FileManager.default.temporaryDirectory)
        #expect(check.status == 0, "\(check.standardError)")
    }

    @Test("an unknown shell is a usage error (exit 1)")
    func unknownShell() throws {
        let run = try RelnotesBinary.run(["completions", "tcsh"], in: FileManager.default.temporaryDirectory)
        #expect(run.status == 1)
        #expect(run.standardOutput.isEmpty)
    }

    @Test("every command's --help ends its overview with two or three relnotes examples", arguments: [
        ["--help"], ["current-version", "--help"], ["next-version", "--help"], ["changelog", "--help"],
        ["notes", "--help"], ["tag", "--help"], ["lint", "--help"], ["publish", "--help"],
        ["publish", "github", "--help"], ["completions", "--help"],
    ])
    func helpHasExamples(arguments: [String]) throws {
        let run = try RelnotesBinary.run(arguments, in: FileManager.default.temporaryDirectory)
        #expect(run.status == 0, "\(run.standardError)")
        let lines = run.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let overviewEnd = lines.firstIndex { $0.hasPrefix("USAGE:") } ?? lines.count
        guard let examples = lines[..<overviewEnd].lastIndex(of: "Examples:") else {
            Issue.record("no Examples: in \(arguments.joined(separator: " "))")
            return
        }
        let shown = lines[(examples + 1)..<overviewEnd].filter { !$0.isEmpty }
        #expect((2...3).contains(shown.count), "\(shown)")
        #expect(shown.allSatisfy { $0.hasPrefix("  ") && $0.contains("relnotes ") }, "\(shown)")
    }
}
