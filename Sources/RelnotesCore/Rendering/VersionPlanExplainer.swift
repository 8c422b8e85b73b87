/// The `--explain` text of a ``VersionPlan``: the answer, then why, for a person. Commit
/// headers are shown on one line each, control characters replaced (``TextSanitizer``).
public struct VersionPlanExplainer: Sendable {
    /// Print versions without their tag prefix.
    public var noPrefix: Bool

    /// Creates an explainer; versions keep their tag prefix unless `noPrefix` is `true`.
    public init(noPrefix: Bool = false) {
        self.noPrefix = noPrefix
    }

    /// The explanation of `plan`: one labelled line per fact, ending in a newline.
    public func explanation(of plan: VersionPlan) -> String {
        var lines = [String]()
        func row(_ label: String, _ value: String) {
            lines.append(label.padding(to: 16) + value)
        }
        row("current version", plan.current.map { "\($0.name) (\($0.target.abbreviated()))" } ?? "none: no release tag is reachable from HEAD")
        row("base", plan.base.map { "\($0.name), the latest stable release HEAD contains" } ?? "none: counting from the first commit")
        var counted = plan.commits.count == 1 ? "1 commit" : "\(plan.commits.count) commits"
        var omitted = [String]()
        if plan.leftOut.merges > 0 { omitted.append(plan.leftOut.merges == 1 ? "1 merge" : "\(plan.leftOut.merges) merges") }
        if plan.leftOut.outsidePaths > 0 { omitted.append("\(plan.leftOut.outsidePaths) outside the paths") }
        if plan.leftOut.skipped > 0 { omitted.append("\(plan.leftOut.skipped) skipped by a relnotes: skip note") }
        if plan.leftOut.changelogOnly > 0 { omitted.append("\(plan.leftOut.changelogOnly) changing only the changelog") }
        if plan.leftOut.revertedPairs > 0 { omitted.append(plan.leftOut.revertedPairs == 1 ? "1 reverted pair" : "\(plan.leftOut.revertedPairs) reverted pairs") }
        if !omitted.isEmpty { counted += " (left out: \(omitted.joined(separator: ", ")))" }
        row("commits since", counted)
        row("next version", "\(version(plan)): \(because(plan))")
        if let channel = plan.channel {
            row("channel", channel.explanation)
        }
        for rule in plan.decidingPreMajorRules {
            row("0.x rule", rule.explanation)
        }

        let deciding = plan.decidingCommits
        if !deciding.isEmpty {
            lines.append("decided by")
            lines += deciding.map(line)
        }
        let deciders = Set(deciding.map(\.commit.id))
        let others = plan.commits.filter { !deciders.contains($0.commit.id) }
        if !others.isEmpty {
            lines.append(deciding.isEmpty ? "commits" : "other commits")
            lines += others.map(line)
        }
        // Tag names come from the repository too: the whole text is made printable.
        return TextSanitizer.printable(lines.joined(separator: "\n") + "\n")
    }

    private func version(_ plan: VersionPlan) -> String {
        noPrefix ? plan.next.description : plan.nextTagName
    }

    private func because(_ plan: VersionPlan) -> String {
        switch plan.reason {
        case .initialVersion: "the initial version (initial_version), since no release tag is reachable"
        case .commits: "a \(plan.bump) bump\(plan.next.isPrerelease ? ", as a prerelease" : "")"
        case .releaseAsFooter(let id): "forced by the Release-As footer of \(id.abbreviated())"
        case .releaseAsRequest: "forced by --release-as"
        case .bumpRequest: "a \(plan.bump) bump, forced by --bump"
        case .nothingToRelease: "unchanged, nothing since the base is a feat, fix, perf or breaking change"
        case .graduation(let tag): "the version \(tag.name) already announced; the commits alone call for a \(plan.bump) bump"
        case .nothingSincePrerelease(let tag): "unchanged, nothing was committed since \(tag.name)"
        }
    }

    private func line(_ assessed: AssessedCommit) -> String {
        let level = assessed.bump == .none ? "-" : assessed.bump.description
        let header = assessed.commit.header.allSatisfy(\.isWhitespace) ? MarkdownRenderer.emptyMessage : TextSanitizer.singleLine(assessed.commit.header)
        return "  " + level.padding(to: 7) + assessed.commit.id.abbreviated() + "  " + header
    }
}

extension String {
    fileprivate func padding(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
