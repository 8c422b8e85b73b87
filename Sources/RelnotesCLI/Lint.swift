import ArgumentParser
import Foundation
import RelnotesCore
import RelnotesGit

extension Relnotes {
    /// `relnotes lint [RANGE]`: check commit messages against the rules.
    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lint",
            abstract: "Check commit messages against Conventional Commits and the [lint] rules.",
            discussion: """
                RANGE is A..B (the commits B has that A has not; A.. is A..HEAD, ..B is HEAD..B), \
                A...B (the commits either has that the other has not), or one commit; \
                default: the unreleased commits. Merge commits are skipped. Every finding is \
                printed, one line each; exit 3 when there is any.

                Examples:
                  relnotes lint
                  relnotes lint origin/main..HEAD
                  relnotes lint --install-hook
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var scope: ScopeOptions

        @Argument(help: ArgumentHelp("The commits to check (default: the unreleased ones).", valueName: "range"))
        var range: String?

        @Option(name: .customLong("message-file"), help: ArgumentHelp("Check this message file instead (what a commit-msg hook gets); comment lines and everything below git's scissors line are ignored.", valueName: "file"))
        var messageFile: String?

        @Flag(name: .customLong("install-hook"), help: "Install a commit-msg hook that runs relnotes lint --message-file (respects core.hooksPath; never replaces a hook relnotes did not write).")
        var installHook = false

        func validate() throws {
            if [range != nil, messageFile != nil, installHook].filter({ $0 }).count > 1 {
                throw ValidationError("choose one of RANGE, --message-file and --install-hook")
            }
        }

        func run() throws {
            let session = try Session(global, scope: scope)
            if installHook {
                try HookInstaller(directory: try session.repository.hooksDirectory()).install()
                return
            }
            let linter = CommitLinter(configuration: session.configuration)
            if let messageFile {
                try lintFile(messageFile, linter: linter, session: session)
                return
            }
            let commits = try commitsToCheck(session)
            var offending = 0
            for commit in commits where !commit.isMerge {
                let findings = linter.lint(commit.message, source: .commit(commit.id))
                if !findings.isEmpty { offending += 1 }
                for finding in findings { Terminal.standardOutput.write(finding.summary + "\n") }
            }
            let checked = commits.filter { !$0.isMerge }.count
            guard offending == 0 else {
                throw CheckFailure("\(offending) of \(checked) \(checked == 1 ? "commit breaks" : "commits break") the commit message rules", hint: "reword them (git rebase -i), or adjust [lint] in .relnotes.toml")
            }
            Terminal.standardError.write("relnotes: \(checked) \(checked == 1 ? "commit follows" : "commits follow") the commit message rules\n")
        }

        private func commitsToCheck(_ session: Session) throws -> [RawCommit] {
            let repository = session.repository
            guard let range else {
                guard let head = try repository.head() else { return [] }
                var tags = try ReleaseTagIndex(reader: repository, head: head, pattern: session.configuration.tagNamePattern)
                return try tags.unreleasedCommits().commits
            }
            return try repository.commits(inRange: range)
        }

        private func lintFile(_ path: String, linter: CommitLinter, session: Session) throws {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw FileError("cannot read the message file \(path)", hint: "pass the file git gives the commit-msg hook ($1)")
            }
            let comment = try session.repository.configString("core.commentChar").flatMap { $0.count == 1 ? $0.first : nil } ?? "#"
            let message = CommitMessageFile.cleaned(String(decoding: data, as: UTF8.self), commentCharacter: comment)
            let findings = linter.lint(message, source: .messageFile)
            for finding in findings {
                var text = "\(path):\(finding.line)"
                if let column = finding.column { text += ":\(column)" }
                text += ": \(finding.problem)\n"
                let lines = message.split(separator: "\n", omittingEmptySubsequences: false)
                if finding.line <= lines.count {
                    let line = lines[finding.line - 1]
                    text += "    \(TextSanitizer.singleLine(line))\n"
                    if let column = finding.column {
                        let prefix = String(decoding: line.utf8.prefix(max(0, column - 1)), as: UTF8.self)
                        text += "    " + String(repeating: " ", count: prefix.count) + "^\n"
                    }
                }
                if let suggestion = finding.suggestion { text += "hint: did you mean \"\(suggestion)\"?\n" }
                else if let hint = finding.hint { text += "hint: \(hint)\n" }
                Terminal.standardError.write(text)
            }
            guard findings.isEmpty else {
                throw CheckFailure("the commit message breaks the rules (\(findings.count) \(findings.count == 1 ? "problem" : "problems"))", hint: "your message is kept in \(path); fix it and commit again")
            }
        }
    }
}

/// Writes the `commit-msg` hook, and only over a hook it wrote itself.
struct HookInstaller {
    static let marker = "installed by `relnotes lint --install-hook`"
    let directory: String

    func install() throws {
        let path = directory + "/commit-msg"
        if let existing = try AtomicFile.read(path), !existing.contains(Self.marker) {
            throw FileError("\(path) exists and relnotes did not write it, so it is left alone", hint: "add `relnotes lint --message-file \"$1\" || exit 1` to it yourself")
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let script = """
            #!/bin/sh
            # commit-msg hook \(Self.marker); relnotes may replace it.
            relnotes='\(binary.replacingOccurrences(of: "'", with: "'\\''"))'
            [ -x "$relnotes" ] || relnotes=relnotes
            exec "$relnotes" lint --message-file "$1"

            """
        try AtomicFile.write(script, to: path)
        guard chmod(path, 0o755) == 0 else {
            throw FileError("cannot make \(path) executable", hint: "chmod +x \(path)")
        }
        Terminal.standardError.write("relnotes: installed \(path)\n")
    }
}
