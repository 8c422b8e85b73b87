import Foundation
import RelnotesCore
import RelnotesGit
import RelnotesPublish

extension Relnotes.Publish.GitHub {
    /// `publish github --release-pr`: the release commit `relnotes release` would make, on the
    /// branch `relnotes/release` on GitHub, and the pull request that proposes it.
    func runReleasePullRequest() async throws {
        let environment = ProcessInfo.processInfo.environment
        let apiRoot = try TokenScope.apiRoot(environment["GITHUB_API_URL"])
        let session = try Session(global, scope: scope)
        guard let head = try session.repository.head() else {
            throw HistoryError("the branch HEAD names has no commits yet", hint: "make a first commit, then run relnotes again")
        }
        let gitHub = try session.gitHubRepository(environment: environment)
        let token = environment["GITHUB_TOKEN"] ?? ""
        let client = GitHubClient(apiRoot: apiRoot, repository: gitHub, token: token, limits: ClientLimits(totalTimeout: timeout))
        let publisher = ReleasePullRequestPublisher(client: client)
        let branch = ReleasePullRequest.branchName(component: session.configuration.component)
        let line = client.redactor.line

        let pullRequest: ReleasePullRequest
        switch try proposal(session: session, head: head, branch: branch, environment: environment) {
        case let .nothingReleaseWorthy(since):
            if dryRun {
                Terminal.standardOutput.write(publisher.closingPlan(branch: branch, localHead: head.description).joined(separator: "\n") + "\n")
                return
            }
            try requireToken(token, gitHub)
            let closing: ReleasePullRequestPublisher.Closing
            do {
                let base = try await publisher.checkBase(localHead: head.description)
                closing = try await publisher.close(branch: branch, base: base)
            } catch {
                throw client.redactor.clean(error)
            }
            var done = closing.closed.map { "closed pull request #\($0.number)" }
            if closing.deletedBranch { done.append("deleted the branch \(branch)") }
            let what = done.isEmpty ? "no release pull request is open" : done.joined(separator: " and ")
            Terminal.standardError.write(line("relnotes: nothing release-worthy \(since): \(what) on \(gitHub)") + "\n")
            return
        case let .merged(tag, commit):
            Terminal.standardError.write(line("relnotes: the release commit of \(tag) is merged (\(commit.abbreviated())) and waits for its tag: nothing to propose; cut the release with relnotes tag and relnotes publish github \(tag)") + "\n")
            return
        case let .release(proposed):
            pullRequest = proposed
        }
        if dryRun {
            Terminal.standardOutput.write(TextSanitizer.printable(publisher.plan(pullRequest).joined(separator: "\n") + "\n"))
            return
        }
        try requireToken(token, gitHub)
        let outcome: ReleasePullRequestPublisher.Outcome
        do {
            let base = try await publisher.checkBase(localHead: head.description)
            outcome = try await publisher.publish(pullRequest, base: base)
        } catch {
            throw client.redactor.clean(error)
        }
        let branchPart: String
        switch outcome.branch {
        case .created: branchPart = "created \(branch) at \(outcome.commit)"
        case .updated: branchPart = "moved \(branch) to \(outcome.commit)"
        case .unchanged: branchPart = "\(branch) already holds \(outcome.commit)"
        }
        let number = outcome.pullRequest.number
        let pullPart: String
        switch outcome.change {
        case .opened: pullPart = "opened pull request #\(number)"
        case .updated: pullPart = "updated pull request #\(number)"
        case .unchanged: pullPart = "pull request #\(number) is up to date"
        }
        Terminal.standardError.write(line("relnotes: \(pullPart) (\(pullRequest.title)) on \(gitHub); \(branchPart)") + "\n")
        Terminal.standardOutput.write(line(outcome.pullRequest.htmlURL ?? "#\(number)") + "\n")
    }

    /// What the release pull request should be, decided from the local history alone.
    enum Proposal {
        /// Nothing since the current release (named by `since`) calls for one.
        case nothingReleaseWorthy(since: String)
        /// The release commit of `tag` is on the branch already, waiting for its tag: proposing
        /// the same release again would add its changelog section twice.
        case merged(tag: String, commit: CommitID)
        /// This pull request.
        case release(ReleasePullRequest)
    }

    /// The release `relnotes release` would cut on `head`, as a pull request from `branch`:
    /// the version plan (HEAD's `[branches]` channel), the files read from `head`'s tree with
    /// their modes, the notes within GitHub's limit for a pull request's body.
    private func proposal(session: Session, head: CommitID, branch: String, environment: [String: String]) throws -> Proposal {
        let repository = session.repository
        let configuration = session.configuration
        let request = VersionRequest(branch: try BranchOption.resolved(nil, session))
        let versionPlan = try VersionPlanner(configuration: configuration).plan(in: repository, request: request)
        session.report(warnings: versionPlan.warnings)
        guard versionPlan.isReleaseWorthy else {
            return .nothingReleaseWorthy(since: versionPlan.current.map { "since \(TextSanitizer.singleLine($0.name))" } ?? "in the history")
        }
        let planned = ReleasePartitioner.PlannedRelease(version: versionPlan.next, tagName: versionPlan.nextTagName, date: try GitRepository.commitDate(environment: environment))
        let planner = ReleasePlanner(configuration: configuration, links: try session.repositoryLinks())
        let subject = planner.commitMessage(version: planned.version, tagName: planned.tagName)
            .split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        if let merged = versionPlan.commits.first(where: { Self.isMergedReleaseCommit($0.commit.header, subject: subject) }) {
            return .merged(tag: planned.tagName, commit: merged.commit.id)
        }
        let body = try ReleaseBody(.planned(planned), session: session, limit: ReleasePullRequest.bodyLimit)
        let plan = try planner.plan(planned, in: repository, tagMessage: body.tagMessage) { path in
            try repository.fileText(path, in: head)
        }
        var files: [ReleasePullRequest.File] = []
        for file in plan.changedFiles {
            files.append(.init(path: file.path, text: file.newText, mode: try repository.fileMode(file.path, in: head) ?? 0o100644))
        }
        return .release(ReleasePullRequest(
            branch: branch, parent: head.description, files: files, commitMessage: plan.commitMessage,
            title: ReleasePullRequest.title(tag: plan.tagName), body: body.markdown
        ))
    }

    /// Whether `header` is the release commit whose subject is `subject`: as committed
    /// (merge or rebase), or as GitHub titles a squashed pull request (`subject (#12)`).
    static func isMergedReleaseCommit(_ header: String, subject: String) -> Bool {
        guard !subject.isEmpty else { return false }
        return header == subject || header.hasPrefix(subject + " (#")
    }

    private func requireToken(_ token: String, _ repository: GitHubRepository) throws(PublishError) {
        guard !token.isEmpty else {
            throw PublishError(.usage, "GITHUB_TOKEN is not set", hint: "export a token with contents: write and pull-requests: write on \(repository) as GITHUB_TOKEN")
        }
    }
}
