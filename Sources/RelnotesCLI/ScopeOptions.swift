import ArgumentParser
import RelnotesCore

/// `--component`, `--include-path` and `--exclude-path`: which tags and which commits count,
/// for one package of a monorepo. Given on the command line, they replace the configuration's.
struct ScopeOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Only this component's tags count: NAME@1.2.3 or NAME-v1.2.3.", valueName: "name"))
    var component: String?

    @Option(name: .customLong("include-path"), help: ArgumentHelp("Only commits changing a matching path count (repeatable; **, *, ?).", valueName: "glob"))
    var includePaths: [String] = []

    @Option(name: .customLong("exclude-path"), help: ArgumentHelp("Changes to matching paths do not count (repeatable).", valueName: "glob"))
    var excludePaths: [String] = []

    func validate() throws {
        if let component, component.isEmpty || component.contains(where: { $0 == "@" || $0.isWhitespace }) {
            throw ValidationError("--component must be a name without '@' or spaces, e.g. --component api")
        }
    }

    func apply(to configuration: inout Configuration) {
        if let component { configuration.component = component }
        if !includePaths.isEmpty { configuration.includePaths = includePaths }
        if !excludePaths.isEmpty { configuration.excludePaths = excludePaths }
    }
}
