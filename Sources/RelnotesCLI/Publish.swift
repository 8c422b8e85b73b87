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
                  relnotes publish github --release-pr
                """,
            subcommands: [GitHub.self]
        )
    }
}

extension Relnotes.Publish {
    /// `relnotes publish github TAG`: create or update the GitHub Release of TAG; with
    /// `--release-pr`, the release pull request instead.
    struct GitHub: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "github",
            abstract: "Create or update the GitHub Release of TAG, or (--release-pr) the release pull request; safe to re-run.",
            discussion: """
                Token from GITHUB_TOKEN (never printed), API root from GITHUB_API_URL (default \
                https://api.github.com), repository from GITHUB_REPOSITORY or the origin remote. \
                Prerelease follows the version; the release is marked latest only when it is the \
                highest stable version. Assets with the same name are replaced, identical ones kept. \
                TAG must be on GitHub, naming the same commit as here (git push origin TAG first). \
                A new release is created as a draft, gets its assets, and is published last.

                --release-pr: instead of a release, makes (or force-updates) the branch \
                relnotes/release (relnotes/release-COMPONENT) holding the release commit of \
                relnotes release on top of the default branch's head, which must be the commit \
                checked out, and opens or updates one pull request "chore(release): TAG" whose \
                body is the notes; REST API only, no push. Nothing release-worthy closes it and \
                deletes the branch. After the merge, relnotes tag and relnotes publish github TAG \
                cut the release from the merged commit.

                Examples:
                  relnotes publish github v1.2.0
                  relnotes publish github v1.2.0 --asset dist/relnotes.tar.gz --checksums
                  relnotes publish github --release-pr
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var scope: ScopeOptions

        @Argument(help: ArgumentHelp("The release tag (not with --release-pr).", valueName: "tag"))
        var tag: String?

        @Flag(name: .customLong("release-pr"), help: "Open or update the release pull request (branch relnotes/release) instead of publishing a release.")
        var releasePR = false

        @Flag(name: .long, help: "Create (or keep) the release as a draft.")
        var draft = false

        @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("Files to attach (a same-named asset is replaced).", valueName: "file"))
        var asset: [String] = []

        @Flag(name: .long, help: "Also attach checksums.txt: the SHA-256 of every asset, in sha256sum format.")
        var checksums = false

        @Flag(name: .long, help: "Print the requests it would make, and make none.")
        var dryRun = false

        @Option(name: .long, help: ArgumentHelp("The longest to spend talking to GitHub, retries and waits included.", valueName: "seconds"))
        var timeout: Double = 120

        @OptionGroup var artifacts: ArtifactOptions

        func validate() throws {
            if releasePR {
                if tag != nil { throw ValidationError("--release-pr takes no TAG: the version is next-version's") }
                if draft || !asset.isEmpty || checksums || artifacts.artifacts != nil {
                    throw ValidationError("--release-pr cannot be used with --draft, --asset, --checksums or --artifacts: they are for publishing the release after the merge")
                }
            } else if tag == nil {
                throw ValidationError("give the release TAG to publish, or --release-pr")
            }
            if checksums && asset.isEmpty {
                throw ValidationError("--checksums needs at least one --asset FILE")
            }
            guard timeout.isFinite, timeout > 0, timeout <= 86_400 else {
                throw ValidationError("--timeout must be a number of seconds between 0 and 86400")
            }
        }

        func run() async throws {
            guard let tag else { return try await runReleasePullRequest() }
            let environment = ProcessInfo.processInfo.environment
            let apiRoot = try TokenScope.apiRoot(environment["GITHUB_API_URL"])
            try checkAssetNames()
            let session = try Session(global, scope: scope)
            let body = try ReleaseBody(.tag(tag), session: session, artifacts: artifacts.section)
            guard let version = body.selected.release.version else {
                throw HistoryError("\(tag) is not a release tag", hint: "publish a tag such as v1.2.0")
            }
            let files = try loadAssets()
            let repository = try session.gitHubRepository(environment: environment)
            let draftRelease = ReleaseDraft(
                tagName: tag, name: tag, body: body.markdown, draft: draft, prerelease: version.isPrerelease,
                makeLatest: try isHighestStable(version, session: session),
                targetCommitish: body.selected.release.tag?.target.description
            )
            let token = environment["GITHUB_TOKEN"] ?? ""
            let client = GitHubClient(apiRoot: apiRoot, repository: repository, token: token, limits: ClientLimits(totalTimeout: timeout))
            let publisher = ReleasePublisher(client: client)
            if dryRun {
                Terminal.standardOutput.write(publisher.plan(draftRelease, assets: files).joined(separator: "\n") + "\n")
                return
            }
            guard !token.isEmpty else {
                throw PublishError(.usage, "GITHUB_TOKEN is not set", hint: "export a token with contents: write on \(repository) as GITHUB_TOKEN")
            }
            let outcome: ReleasePublisher.Outcome
            do {
                outcome = try await publisher.publish(draftRelease, assets: files)
            } catch {
                throw client.redactor.clean(error)
            }
            var verb = outcome.created ? "created" : "updated"
            if outcome.published { verb += " and published" } else if outcome.release.draft { verb += " draft" }
            let line = client.redactor.line
            Terminal.standardError.write(line("relnotes: \(verb) release \(tag) on \(repository)" + summary(outcome)) + "\n")
            Terminal.standardOutput.write(line(outcome.release.htmlURL ?? tag) + "\n")
        }

        /// Refuses, before reading a file or making a request, two `--asset` files with one base
        /// name, and a `checksums.txt` of the user's own next to `--checksums`.
        private func checkAssetNames() throws(PublishError) {
            var paths: [String: String] = [:]
            for path in asset {
                let name = URL(fileURLWithPath: path).lastPathComponent
                if let first = paths[name] {
                    throw PublishError(.usage, "--asset \(TextSanitizer.singleLine(first)) and --asset \(TextSanitizer.singleLine(path)) are both named \(TextSanitizer.singleLine(name)); GitHub keeps one asset per name", hint: "rename one of the files so that every asset has its own name")
                }
                paths[name] = path
            }
            if checksums, let own = paths[Self.checksumsName] {
                throw PublishError(.usage, "--checksums would replace the asset \(TextSanitizer.singleLine(own)), which is also named \(Self.checksumsName)", hint: "drop --checksums to upload your own \(Self.checksumsName), or rename that file")
            }
        }

        static let checksumsName = "checksums.txt"

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
                files.append(.init(name: Self.checksumsName, data: Data(text.utf8)))
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
