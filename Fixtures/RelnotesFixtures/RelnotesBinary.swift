import Foundation

/// The `relnotes` executable that `swift build` put beside the test bundle.
public enum RelnotesBinary {
    /// Where the built `relnotes` is: `RELNOTES_BINARY` when set, else next to the test runner.
    public static var url: URL {
        if let explicit = ProcessInfo.processInfo.environment["RELNOTES_BINARY"] {
            return URL(fileURLWithPath: explicit)
        }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // On Linux the runner is `<build>/<config>/relnotesPackageTests.xctest`; on macOS it sits
        // inside the bundle, three levels below the products directory.
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("relnotes")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("relnotes")
    }

    /// Runs `relnotes` with `arguments` in `directory`, with no colour and a clean git environment.
    public static func run(_ arguments: [String], in directory: URL, environment extra: [String: String] = [:]) throws -> ProcessRunner.Result {
        // GITHUB_* of a test run inside GitHub Actions (GITHUB_REPOSITORY, GITHUB_WORKFLOW_REF) would change
        // the answers under test: a test sets the ones it means.
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") && !$0.key.hasPrefix("GITHUB_") }
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        environment["NO_COLOR"] = "1"
        for (key, value) in extra { environment[key] = value }
        return try ProcessRunner.run(executable: url.path, arguments: arguments, directory: directory, environment: environment)
    }
}
