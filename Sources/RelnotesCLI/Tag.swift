import ArgumentParser
import Foundation
import RelnotesCore
import RelnotesGit

extension Relnotes {
    /// `relnotes tag [VERSION]`: an annotated (optionally signed) tag at HEAD whose message is
    /// the release notes.
    struct Tag: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tag",
            abstract: "Create the annotated release tag at HEAD, with the release notes as its message.",
            discussion: """
                VERSION defaults to next-version. Refuses to replace an existing tag, to tag when \
                nothing is release-worthy (unless VERSION is given), and to tag a dirty working tree \
                (unless --allow-dirty). The tagger is GIT_COMMITTER_NAME/EMAIL/DATE, else user.name \
                and user.email.

                Examples:
                  relnotes tag --dry-run
                  relnotes tag --sign
                  relnotes tag v2.0.0-rc.1
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var scope: ScopeOptions

        @Argument(help: ArgumentHelp("The version or tag name (default: next-version).", valueName: "version"))
        var version: String?

        @Option(name: .long, help: ArgumentHelp("Tag a prerelease <core>-ID.N, as next-version --pre.", valueName: "id"))
        var pre: String?

        @OptionGroup var branch: BranchOption

        @Flag(name: .long, help: "Sign the tag as git tag -s does (gpg.format openpgp or ssh, user.signingkey).")
        var sign = false

        @Flag(name: .long, help: "Print the tag that would be created and create nothing.")
        var dryRun = false

        @Flag(name: .long, help: "Tag even when tracked files have uncommitted changes.")
        var allowDirty = false

        @OptionGroup var githubOutput: GitHubOutputOption

        func validate() throws {
            if version != nil && pre != nil {
                throw ValidationError("--pre and VERSION cannot be used together: write the prerelease in VERSION")
            }
        }

        func run() throws {
            try githubOutput.prepare()
            let session = try Session(global, scope: scope)
            let repository = session.repository
            guard let head = try repository.head() else {
                throw HistoryError("the repository has no commits yet, so there is nothing to tag", hint: "make a first commit, then run relnotes again")
            }
            if !allowDirty, !(try repository.isWorkingTreeClean()) {
                throw HistoryError("the working tree has uncommitted changes, so the tag would not describe what is built", hint: "commit or stash them, or pass --allow-dirty")
            }
            let environment = ProcessInfo.processInfo.environment
            let tagger = try repository.tagger(environment: environment)
            let planned: ReleasePartitioner.PlannedRelease
            if let version {
                planned = try session.plannedRelease(version, date: tagger.time)
            } else {
                let plan = try VersionPlanner(configuration: session.configuration).plan(in: repository, request: VersionRequest(prereleaseIdentifier: pre, branch: try branch.resolved(session)))
                guard plan.isReleaseWorthy else {
                    throw HistoryError(plan.warnings.first ?? "nothing release-worthy since \(plan.current?.name ?? "the first commit")", hint: "relnotes tags only what changes the version; name a VERSION to tag anyway")
                }
                planned = .init(version: plan.next, tagName: plan.nextTagName, date: tagger.time)
            }
            if try repository.tagExists(planned.tagName) {
                throw GitError(code: .exists, operation: "create tag \(planned.tagName)", detail: "the tag already exists; relnotes never moves or replaces a tag", hint: "pick another version, or delete the tag yourself if it was a mistake")
            }
            let body = try ReleaseBody(.planned(planned), session: session)
            if dryRun {
                Terminal.standardOutput.write(TextSanitizer.singleLine("would create annotated tag \(planned.tagName) at \(head.abbreviated()) by \(tagger.name) <\(tagger.email)>\(sign ? ", signed" : ""), message:") + "\n\n" + TextSanitizer.printable(body.tagMessage))
                return
            }
            let signer = sign ? try TagSigner.configured(in: repository, tagger: tagger, environment: environment) : nil
            _ = try repository.createAnnotatedTag(name: planned.tagName, target: head, tagger: tagger, message: body.tagMessage, signer: signer)
            Terminal.standardOutput.write(planned.tagName + "\n")
            try githubOutput.write(body.gitHubOutput)
        }
    }
}
