import ArgumentParser
import Foundation
import RelnotesCore
import RelnotesPublish

extension Relnotes {
    /// `relnotes publish <service>`: the publishing stage.
    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "publish",
            abstract: "Publish a release to a hosting service.",
            discussion: """
                Examples:
                  relnotes publish github v1.2.0
                  relnotes publish github v1.2.0 --asset dist/* --checksums
                """,
            subcommands: [GitHub.self]
        )
    }
}

extension Relnotes.Publish {
    /// `relnotes publish github TAG`: create or update the GitHub Release of TAG.
    struct GitHub: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "github",
            abstract: "Create or update the GitHub Release of TAG, with its notes as body; safe to re-run.",
            discussion: """
                Token from GITHUB_TOKEN (never printed), API root from GITHUB_API_URL (default \
                https://api.github.com), repository from GITHUB_REPOSITORY or the origin remote. \
                Prerelease follows the version; the release is marked latest only when it is the \
                highest stable version. Assets with the same name are replaced, identical ones kept.

                Examples:
                  relnotes publish github v1.2.0
                  relnotes publish github v1.3.0-rc.1 --draft
                  relnotes publish github v1.2.0 --asset dist/relnotes.tar.gz --checksums
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var scope: ScopeOptions

        @Argument(help: ArgumentHelp("The release tag.", valueName: "tag"))
        var tag: String

        @Flag(name: .long, help: "Create (or keep) the release as a draft.")
        var draft = false

        @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("Files to attach (a same-named asset is replaced).", valueName: "file"))
        var asset: [String] = []

        @Flag(name: .long, help: "Also attach checksums.txt: the SHA-256 of every asset, in sha256sum format.")
        var checksums = false

        @Flag(name: .long, help: "Print the requests it would make, and make none.")
        var dryRun = false

        @OptionGroup var artifacts: ArtifactOptions

        func validate() throws {
            if checksums && asset.isEmpty {
                throw ValidationError("--checksums needs at least one --asset FILE")
            }
        }

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            let session = try Session(global, scope: scope)
            let body = try ReleaseBody(.tag(tag), session: session, artifacts: artifacts.section)
            guard let version = body.selected.release.version else {
                throw HistoryError("\(tag) is not a release tag", hint: "publish a tag such as v1.2.0")
            }
            let files = try loadAssets()
            let repository = try session.gitHubRepository(environment: environment)
            let apiRoot = environment["GITHUB_API_URL"].flatMap { $0.isEmpty ? nil : URL(string: $0) } ?? URL(string: "https://api.github.com")!
            let draftRelease = ReleaseDraft(
                tagName: tag, name: tag, body: body.markdown, draft: draft, prerelease: version.isPrerelease,
                makeLatest: try isHighestStable(version, session: session),
                targetCommitish: body.selected.release.tag?.target.description
            )
            let token = environment["GITHUB_TOKEN"] ?? ""
            let client = GitHubClient(apiRoot: apiRoot, repository: repository, token: token)
            let publisher = ReleasePublisher(client: client)
            if dryRun {
                Terminal.standardOutput.write(publisher.plan(draftRelease, assets: files).joined(separator: "\n") + "\n")
                return
            }
            guard !token.isEmpty else {
                throw PublishError(.usage, "GITHUB_TOKEN is not set", hint: "export a token with contents: write on \(repository) as GITHUB_TOKEN")
            }
            let outcome = try await publisher.publish(draftRelease, assets: files)
            let verb = outcome.created ? "created" : "updated"
            Terminal.standardError.write("relnotes: \(verb) release \(tag) on \(repository)" + summary(outcome) + "\n")
            Terminal.standardOutput.write((outcome.release.htmlURL ?? tag) + "\n")
        }

        private func loadAssets() throws -> [ReleasePublisher.Asset] {
            var files: [ReleasePublisher.Asset] = []
            for path in asset {
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw PublishError(.repository, "cannot read asset \(path)", hint: "check the path given to --asset")
                }
                files.append(.init(name: URL(fileURLWithPath: path).lastPathComponent, data: data))
            }
            if checksums {
                let text = Checksums.file(files.map { ($0.name, Checksums.sha256($0.data)) })
                files.append(.init(name: "checksums.txt", data: Data(text.utf8)))
            }
            return files
        }

        /// Whether `version` is stable and no release tag has a higher stable version.
        private func isHighestStable(_ version: SemanticVersion, session: Session) throws -> Bool {
            guard !version.isPrerelease else { return false }
            let tags = session.configuration.tagNamePattern.releaseTags(in: try session.repository.tagReferences())
            return !tags.contains { !$0.version.isPrerelease && version < $0.version }
        }

        private func summary(_ outcome: ReleasePublisher.Outcome) -> String {
            var parts: [String] = []
            if !outcome.uploaded.isEmpty { parts.append("uploaded \(outcome.uploaded.joined(separator: ", "))") }
            if !outcome.replaced.isEmpty { parts.append("replaced \(outcome.replaced.joined(separator: ", "))") }
            if !outcome.unchanged.isEmpty { parts.append("unchanged \(outcome.unchanged.joined(separator: ", "))") }
            return parts.isEmpty ? "" : ": " + parts.joined(separator: "; ")
        }
    }
}
