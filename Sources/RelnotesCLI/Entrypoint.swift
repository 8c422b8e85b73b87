import ArgumentParser
import Foundation
import RelnotesCore

/// The only place that maps failures to exit statuses and the only place that exits.
///
/// swift-argument-parser's own defaults (64 for usage errors) do not match the documented statuses (docs/cli.md):
/// 0 success, 1 usage or configuration, 2 repository or input, 3 failed check, 4 remote refused.
@main
enum Entrypoint {
    static func main() async {
        // A closed pipe on stdout must be an error the program reports (EPIPE), not a signal
        // that kills it silently half-way.
        signal(SIGPIPE, SIG_IGN)
        var status: Int32
        do {
            var command = try Relnotes.parseAsRoot(GlobalOptions.movedAfterSubcommand(Array(CommandLine.arguments.dropFirst())))
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
            status = 0
        } catch let error as any RelnotesError {
            Terminal.standardError.error(error.message, hint: error.hint)
            status = error.category.exitStatus
        } catch {
            status = report(argumentParserError: error)
        }
        if let code = Terminal.standardOutput.failure {
            // The result did not reach its reader: whatever else happened, that is a failure.
            let cause = String(cString: strerror(code))
            Terminal.standardError.error("cannot write to standard output: \(cause)", hint: code == EPIPE
                ? "the program reading relnotes' output closed it early; the output is incomplete"
                : "free space or fix the cause, then run again; the output is incomplete")
            if status == 0 || status == 3 { status = 2 }
        }
        exit(status)
    }

    /// Help and `--version` go to stdout with status 0; every other parser error is a usage
    /// error (status 1) with the usage line on stderr.
    private static func report(argumentParserError error: any Error) -> Int32 {
        let code = Relnotes.exitCode(for: error)
        let text = Relnotes.fullMessage(for: error)
        if code == .success {
            if !text.isEmpty { Terminal.standardOutput.write(text + "\n") }
            return 0
        }
        if let failure = error as? ExitCode { return failure.rawValue == 0 ? 0 : 1 }
        Terminal.standardError.write(text.hasSuffix("\n") ? text : text + "\n")
        return 1
    }
}
