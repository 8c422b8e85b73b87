import ArgumentParser
import Foundation
import RelnotesCore
import RelnotesGit

extension Relnotes {
    /// `relnotes release [VERSION]`: the changelog section, the version files, one commit and
    /// the annotated tag, all or nothing.
    struct Release: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "release",
            abstract: "Cut a release: changelog section, version files, release commit and annotated tag.",
            discussion: """
                VERSION defaults to next-version. The changelog file's Unreleased section becomes \
                the release's section, every [[version_files]] entry is set, one commit is made on \
                the current branch ([release] commit_message, default "chore(release): {tag}"), \
                then the annotated tag with the release notes. All or nothing: when any step \
                fails, files, index and branch are put back as they were. Refuses a dirty \
                working tree, a detached HEAD, an existing tag, and nothing release-worthy \
                (unless VERSION is given). Pushes nothing: the hint prints the git push to run. \
                Author and committer are GIT_AUTHOR_*/GIT_COMMITTER_*, else user.name and \
                user.email.
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var scope: ScopeOptions

        @Argument(help: ArgumentHelp("The version or tag name (default: next-version).", valueName: "version"))
        var version: String?

        @OptionGroup var request: VersionRequestOptions

        @Flag(name: .long, help: "Sign the release commit and the tag as git commit -S and git tag -s do (gpg.format, user.signingkey).")
        var sign = false

        @Flag(name: .long, help: "Print the diff of every file, the commit message and the tag, and change nothing.")
        var dryRun = false

        @OptionGroup var githubOutput: GitHubOutputOption

        func validate() throws {
            if version != nil && request.isSet {
                throw ValidationError("--pre, --bump and --release-as cannot be used with VERSION: write the version in VERSION")
            }
        }

        func run() throws {
            try githubOutput.prepare()
            let session = try Session(global, scope: scope)
            let repository = session.repository
            guard let root = repository.workingDirectory else {
                throw HistoryError("a bare repository has no files to release", hint: "run relnotes release in a clone with a working tree")
            }
            let branch = try repository.headBranch()
            if !(try repository.isWorkingTreeClean()) {
                throw HistoryError("the working tree has uncommitted changes, so the release commit would not be what was reviewed", hint: "commit or stash them, then run relnotes release again")
            }
            let environment = ProcessInfo.processInfo.environment
            let now = Date()
            let committer = try repository.committer(environment: environment, now: now)
            let author = try repository.author(environment: environment, now: now)
            let planned = try request.plannedRelease(version, session: session, date: committer.time, verb: "releases")
            if try repository.tagExists(planned.tagName) {
                throw GitError(code: .exists, operation: "release \(planned.tagName)", detail: "the tag already exists; relnotes never moves or replaces a tag", hint: "pick another version, or delete the tag yourself if it was a mistake")
            }
            let body = try ReleaseBody(.planned(planned), session: session)
            let plan = try ReleasePlanner(configuration: session.configuration, links: try session.repositoryLinks())
                .plan(planned, in: repository, tagMessage: body.tagMessage) { path in try AtomicFile.read(root + "/" + path) }

            if dryRun {
                var text = ""
                for file in plan.changedFiles {
                    text += UnifiedDiff().diff(from: file.oldText ?? "", to: file.newText, oldName: file.oldText == nil ? "/dev/null" : "a/\(file.path)", newName: "b/\(file.path)")
                }
                text += "\nwould commit on \(branch.name) as \(author.name) <\(author.email)>\(sign ? ", signed" : ""):\n\n" + plan.commitMessage
                text += "\nwould create annotated tag \(plan.tagName)\(sign ? ", signed" : ""), message:\n\n" + plan.tagMessage
                Terminal.standardOutput.write(TextSanitizer.printable(text))
                return
            }

            let signer = sign ? try TagSigner.configured(in: repository, tagger: committer, environment: environment) : nil
            // Every object is written (and signed) before anything a person sees changes: a
            // signer that fails leaves unreachable objects only.
            let commit = try repository.writeCommit(parent: branch.commit, files: plan.changedFiles.map { ($0.path, $0.newText) }, message: plan.commitMessage, author: author, committer: committer, signer: signer)
            let tagObject = try repository.writeAnnotatedTagObject(name: plan.tagName, target: commit, tagger: committer, message: plan.tagMessage, signer: signer)
            try ReleaseTransaction.checkWritable(plan.changedFiles.map(\.path), root: root)
            try ReleaseTransaction(repository: repository, root: root, branch: branch)
                .carryOut(plan, commit: commit, tagObject: tagObject)

            Terminal.standardOutput.write(plan.tagName + "\n")
            Terminal.standardError.write("\(Terminal.standardError.styled("hint:", "1")) push the release with: git push --atomic origin HEAD \(plan.tagName)\n")
            try githubOutput.write(body.gitHubOutput)
        }
    }
}

/// `--pre`, `--bump` and `--release-as`, shared by the commands that pick the version to
/// release.
struct VersionRequestOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A prerelease <version>-<id>.N, e.g. --pre rc.", valueName: "id"))
    var pre: String?

    @Option(name: .long, help: ArgumentHelp("Bump the stable base by this level, whatever the commits say.", valueName: "level"))
    var bump: BumpChoice?

    @Option(name: .customLong("release-as"), help: ArgumentHelp("This exact version, whatever the commits say.", valueName: "version"))
    var releaseAs: String?

    @OptionGroup var branch: BranchOption

    var isSet: Bool { pre != nil || bump != nil || releaseAs != nil }

    /// What these options ask of the version planner, on the branch `--branch` (or HEAD, or
    /// `GITHUB_REF_NAME`) names.
    func versionRequest(_ session: Session) throws -> VersionRequest {
        var request = VersionRequest(prereleaseIdentifier: pre, bump: bump?.level, branch: try branch.resolved(session))
        if let releaseAs {
            request.releaseAs = try SemanticVersion.parse(releaseAs.hasPrefix("v") ? String(releaseAs.dropFirst()) : releaseAs)
        }
        return request
    }

    /// The release to cut: `version` when given (a version or a tag name), else the version
    /// plan's next version, refused when nothing is release-worthy.
    func plannedRelease(_ version: String?, session: Session, date: Timestamp, verb: String) throws -> ReleasePartitioner.PlannedRelease {
        if let version { return try session.plannedRelease(version, date: date) }
        let plan = try VersionPlanner(configuration: session.configuration).plan(in: session.repository, request: try versionRequest(session))
        guard plan.isReleaseWorthy else {
            throw HistoryError(plan.warnings.first ?? "nothing release-worthy since \(plan.current?.name ?? "the first commit")", hint: "relnotes \(verb) only what changes the version; name a VERSION to release anyway")
        }
        return .init(version: plan.next, tagName: plan.nextTagName, date: date)
    }
}

/// Carries out a release plan on the repository, all or nothing: the files, the index, the
/// branch, then the tag; when a step fails, what was done is undone in reverse order, so that
/// files, index and references are byte for byte what they were.
struct ReleaseTransaction {
    let repository: GitRepository
    let root: String
    let branch: HeadBranch

    /// Refuses before any write when a file cannot be replaced: read-only, or its folder is
    /// missing or not writable (the new text goes to a temporary file beside it).
    static func checkWritable(_ paths: [String], root: String) throws {
        for path in paths {
            let full = root + "/" + path
            let target = try AtomicFile.finalTarget(of: full)
            var status = stat()
            if stat(target, &status) == 0 {
                if status.st_mode & 0o222 == 0 || access(target, W_OK) != 0 {
                    throw FileError("cannot write \(path): the file is read-only", hint: "make it writable (chmod u+w \(path)); nothing was changed")
                }
            }
            let folder = (target as NSString).deletingLastPathComponent
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.isEmpty ? "." : folder, isDirectory: &isFolder), isFolder.boolValue else {
                throw FileError("cannot write \(path): the folder \((path as NSString).deletingLastPathComponent) does not exist", hint: "create it, or set the path in the configuration; nothing was changed")
            }
            guard access(folder.isEmpty ? "." : folder, W_OK) == 0 else {
                throw FileError("cannot write \(path): its folder is not writable", hint: "fix the folder's permissions; nothing was changed")
            }
        }
    }

    func carryOut(_ plan: ReleasePlan, commit: CommitID, tagObject: CommitID) throws {
        let indexPath = try repository.indexFilePath
        let indexBefore = FileManager.default.contents(atPath: indexPath)
        var written: [ReleasePlan.FileChange] = []
        var branchMoved = false
        do {
            for file in plan.changedFiles {
                // Recorded first: a write that fails half-way is undone too.
                written.append(file)
                try AtomicFile.write(file.newText, to: root + "/" + file.path)
            }
            try repository.stageFiles(plan.changedFiles.map(\.path), from: commit)
            let subject = plan.commitMessage.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
            try repository.moveBranch(branch.reference, from: branch.commit, to: commit, message: "commit: \(subject)")
            branchMoved = true
            try repository.createTagReference(name: plan.tagName, object: tagObject)
        } catch {
            var problems: [String] = []
            if branchMoved {
                do {
                    try repository.moveBranch(branch.reference, from: commit, to: branch.commit, message: "relnotes: undo release \(plan.tagName)")
                } catch let undo {
                    problems.append("\(branch.name) still points at the release commit \(commit.abbreviated()) (\(undo.message))")
                }
            }
            if FileManager.default.contents(atPath: indexPath) != indexBefore {
                do {
                    if let indexBefore {
                        try AtomicFile.write(bytes: Array(indexBefore), to: indexPath)
                    } else {
                        try FileManager.default.removeItem(atPath: indexPath)
                    }
                } catch {
                    problems.append("the index could not be put back (\(error.localizedDescription))")
                }
            }
            for file in written.reversed() {
                do {
                    if let old = file.oldText {
                        try AtomicFile.write(old, to: root + "/" + file.path)
                    } else if FileManager.default.fileExists(atPath: root + "/" + file.path) {
                        try FileManager.default.removeItem(atPath: root + "/" + file.path)
                    }
                } catch {
                    problems.append("\(file.path) could not be put back")
                }
            }
            guard problems.isEmpty else {
                throw ReleaseRollbackError(cause: error, problems: problems)
            }
            throw ReleaseFailure(cause: error)
        }
    }
}

/// A release that failed and was undone completely: the cause, and the assurance.
struct ReleaseFailure: RelnotesError {
    var cause: any Error
    var message: String {
        (cause as? any RelnotesError)?.message ?? "\(cause)"
    }
    var hint: String? {
        let original = (cause as? any RelnotesError)?.hint.map { "\($0); " } ?? ""
        return original + "nothing was changed: files, index and branch are as they were"
    }
    var category: ErrorCategory { (cause as? any RelnotesError)?.category ?? .repository }
}

/// A release that failed and could not be undone completely: what is left to repair by hand.
struct ReleaseRollbackError: RelnotesError {
    var cause: any Error
    var problems: [String]
    var message: String {
        ((cause as? any RelnotesError)?.message ?? "\(cause)") + "; undoing it failed too: " + problems.joined(separator: "; ")
    }
    var hint: String? { "repair these by hand (git status, git reflog), then run relnotes release again" }
    var category: ErrorCategory { .repository }
}
