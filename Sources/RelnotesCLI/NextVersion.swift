import ArgumentParser
import RelnotesCore
import RelnotesPublish

extension Relnotes {
    /// `relnotes next-version`: the next version's tag name, and on request why.
    struct NextVersion: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "next-version",
            abstract: "Print the next version's tag name.",
            discussion: """
                Computed from the latest stable release tag reachable from HEAD and every \
                Conventional Commit since: a breaking change bumps major, a feat minor, a fix \
                or perf patch. When nothing is release-worthy the current version is printed \
                unchanged and stderr says why.

                Examples:
                  relnotes next-version --explain
                  relnotes next-version --pre rc
                  relnotes next-version --json
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var scope: ScopeOptions

        @OptionGroup var request: VersionRequestOptions

        @Flag(name: .long, help: "Print the version without the tag prefix.")
        var noPrefix = false

        @Flag(name: .long, help: "Print a JSON document: current, next, the bump and the commits that decided it.")
        var json = false

        @Flag(name: .long, help: "Explain the answer: the base, the bump, and the commits that decided it.")
        var explain = false

        @OptionGroup var githubOutput: GitHubOutputOption

        func validate() throws {
            if json && explain {
                throw ValidationError("--json and --explain cannot be used together")
            }
        }

        func run() throws {
            try githubOutput.prepare()
            let session = try Session(global, scope: scope)
            let plan = try VersionPlanner(configuration: session.configuration).plan(in: session.repository, request: try request.versionRequest(session))
            session.report(warnings: plan.warnings)
            if json {
                Terminal.standardOutput.write(VersionPlanDocument(plan).jsonText)
            } else if explain {
                let text = VersionPlanExplainer(noPrefix: noPrefix).explanation(of: plan)
                Terminal.standardOutput.write(text.hasSuffix("\n") ? text : text + "\n")
            } else {
                Terminal.standardOutput.write((noPrefix ? plan.next.description : plan.nextTagName) + "\n")
            }
            if githubOutput.enabled {
                try githubOutput.write(try outputs(plan, session: session))
            }
        }

        /// `version`, `tag`, `prerelease`, `release_worthy` and the coming release's `notes`.
        private func outputs(_ plan: VersionPlan, session: Session) throws -> GitHubOutput {
            guard plan.isReleaseWorthy else {
                var output = GitHubOutput()
                output.set("version", plan.next.description)
                output.set("tag", plan.nextTagName)
                output.set("prerelease", plan.next.isPrerelease ? "true" : "false")
                output.set("release_worthy", "false")
                output.set("notes", "")
                return output
            }
            let planned = ReleasePartitioner.PlannedRelease(version: plan.next, tagName: plan.nextTagName, date: .now)
            var output = try ReleaseBody(.planned(planned), session: session).gitHubOutput
            output.set("release_worthy", "true")
            return output
        }
    }
}

/// `--bump` choices.
enum BumpChoice: String, CaseIterable, ExpressibleByArgument {
    case major, minor, patch

    var level: BumpLevel {
        switch self {
        case .major: .major
        case .minor: .minor
        case .patch: .patch
        }
    }
}
