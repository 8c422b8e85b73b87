/// Computes the next version from the history and the configuration (docs/versioning.md).
///
/// Pure: it reads through a ``HistoryReader`` and returns a ``VersionPlan``; it never prints,
/// never writes, never runs git.
public struct VersionPlanner: Sendable {
    /// The configuration that decides tags, bumps and the initial version.
    public var configuration: Configuration

    /// Creates a planner for `configuration`.
    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// The current version: the highest-precedence release tag reachable from HEAD, or `nil`
    /// when HEAD contains none.
    public func currentVersion(in reader: any HistoryReader) throws -> ReleaseTag? {
        var tags = try ReleaseTagIndex(reader: reader, head: try head(of: reader), pattern: configuration.tagNamePattern)
        return try tags.highestReachable()
    }

    /// The next version, the bump, and the commits that decided them.
    public func plan(in reader: any HistoryReader, request: VersionRequest = VersionRequest()) throws -> VersionPlan {
        try request.validate()
        var channel = try channelDecision(for: request)
        let pattern = configuration.tagNamePattern
        var tags = try ReleaseTagIndex(reader: reader, head: try head(of: reader), pattern: pattern)
        let current = try tags.highestReachable()
        let base = try tags.highestReachable { !$0.version.isPrerelease }

        let raw = CommitGraph.canonicallyOrdered(try reader.commits(reachableFrom: [tags.head], hiding: base.map { [$0.target] } ?? []))
        var leftOut = VersionPlan.LeftOut()
        var parsed = [ConventionalCommit]()
        parsed.reserveCapacity(raw.count)
        let extractor = EntryExtractor(configuration: configuration)
        for commit in raw {
            switch try extractor.entries(of: commit, paths: reader) {
            case .counted(let entries): parsed += entries
            case .excluded(.merge): leftOut.merges += 1
            case .excluded(.outsidePaths): leftOut.outsidePaths += 1
            case .excluded(.skipped): leftOut.skipped += 1
            case .excluded(.changelogOnly): leftOut.changelogOnly += 1
            }
        }
        let kept = RevertResolver.droppingRevertedPairs(parsed)
        leftOut.revertedPairs = (parsed.count - kept.count) / 2
        let onZero = (base?.version.major ?? configuration.initialVersion.major) == 0
        let assessed = kept.map { commit in
            let (bump, rule) = assessment(of: commit, onZeroMajor: onZero)
            return AssessedCommit(commit: commit, bump: bump, preMajorRule: rule)
        }
        let commitBump = assessed.map { $0.bump }.max() ?? BumpLevel.none

        var warnings = [String]()
        var reason: VersionPlan.Reason
        var bump = commitBump
        var core: SemanticVersion
        var exact: SemanticVersion?

        if let forced = request.releaseAs {
            if let current, !Self.isAbove(forced, current.version) {
                throw UsageError("--release-as \(forced) is not above the current version \(current.version) (\(current.name))", hint: "name a version above \(current.version), or leave --release-as out")
            }
            reason = .releaseAsRequest
            core = forced.core
            exact = forced
        } else if let level = request.bump {
            reason = .bumpRequest
            bump = level
            if let base {
                core = try Self.bump(base, by: level)
            } else {
                core = configuration.initialVersion
            }
        } else if let (commit, forced) = releaseAsFooter(in: assessed, above: current, warnings: &warnings) {
            reason = .releaseAsFooter(commit)
            core = forced.core
            exact = forced
        } else if let base {
            guard commitBump != .none else {
                let unchanged = current ?? base
                warnings.append(nothingWorthyWarning(since: base, counted: assessed.count))
                return VersionPlan(current: current, base: base, next: unchanged.version, nextTagName: unchanged.name, bump: .none, reason: .nothingToRelease, commits: assessed, leftOut: leftOut, warnings: warnings, channel: channel)
            }
            reason = .commits
            core = try Self.bump(base, by: commitBump)
        } else {
            reason = .initialVersion
            core = configuration.initialVersion.core
            exact = configuration.initialVersion
        }

        // Never answer below a prerelease already cut: a fix after v1.2.0-rc.1 (base v1.1.0)
        // releases 1.2.0, not 1.1.1.
        if reason == .commits || reason == .initialVersion, let current, current.version.isPrerelease, current.version.core > core {
            reason = .graduation(current)
            core = current.version.core
            exact = nil
        }

        if let line = channel?.line, !line.contains(core) {
            throw leavingLine(line, channel: channel, core: core, base: base, reason: reason, bump: bump)
        }

        var next: SemanticVersion
        var channelIdentifier: String?
        if case .prerelease(let identifier)? = channel?.channel.kind {
            channelIdentifier = identifier
            channel?.overriddenByPre = request.prereleaseIdentifier != nil && request.prereleaseIdentifier != identifier
        }
        if let identifier = request.prereleaseIdentifier ?? channelIdentifier {
            let matching = try tags.highestReachable { tag in
                tag.version.core == core && tag.version.prerelease.count == 2
                    && tag.version.prerelease[0] == .alphanumeric(identifier)
                    && { if case .numeric = tag.version.prerelease[1] { true } else { false } }()
            }
            if let matching, matching.target == tags.head, reason == .commits || reason == .initialVersion {
                warnings.append("nothing committed since \(matching.name): the current version is unchanged")
                return VersionPlan(current: current, base: base, next: matching.version, nextTagName: matching.name, bump: .none, reason: .nothingSincePrerelease(matching), commits: assessed, leftOut: leftOut, warnings: warnings, channel: channel)
            }
            var number: UInt64 = 1
            if let matching, case .numeric(let highest) = matching.version.prerelease[1] {
                guard highest < .max else {
                    throw HistoryError("cannot number the prerelease after \(matching.name): its counter \(highest) is the largest number a version can hold", hint: "use another prerelease identifier (--pre), or release \(core) as a stable version")
                }
                number = highest + 1
            }
            next = core
            next.prerelease = [.alphanumeric(identifier), .numeric(number)]
        } else {
            next = exact ?? core
        }

        let name = pattern.tagName(for: next, following: current)
        if let clash = tags.all.first(where: { $0.version == next }) {
            let where_ = try tags.isReachable(clash) ? "HEAD already contains it" : "it is on a commit HEAD does not contain"
            warnings.append("a release tag for \(next) already exists (\(clash.name)): \(where_)")
        }
        return VersionPlan(current: current, base: base, next: next, nextTagName: name, bump: bump, reason: reason, commits: assessed, leftOut: leftOut, warnings: warnings, channel: channel)
    }

    /// The channel of the request's branch, with the line of a maintenance branch; an error
    /// when a maintenance glob matches a branch whose name gives no line.
    private func channelDecision(for request: VersionRequest) throws(UsageError) -> ChannelDecision? {
        guard let branch = request.branch, let channel = configuration.channel(forBranch: branch) else { return nil }
        guard channel.kind == .maintenance else { return ChannelDecision(branch: branch, channel: channel) }
        guard let line = MaintenanceLine(branch: branch) else {
            let shown = TextSanitizer.singleLine(branch)
            throw UsageError("branch \(shown) matches the maintenance pattern \"\(TextSanitizer.singleLine(channel.pattern))\" in [branches], but its name gives no version line", hint: "name maintenance branches after their line (N.x or N.M.x, e.g. release/1.x), or pass --branch")
        }
        return ChannelDecision(branch: branch, channel: channel, line: line)
    }

    /// The error for a version `core` outside the maintenance `line`: what asked for it, and
    /// what to do instead.
    private func leavingLine(_ line: MaintenanceLine, channel: ChannelDecision?, core: SemanticVersion, base: ReleaseTag?, reason: VersionPlan.Reason, bump: BumpLevel) -> HistoryError {
        let branch = TextSanitizer.singleLine(channel?.branch ?? "")
        let cause: String
        let hint: String
        switch reason {
        case .commits:
            let since = base.map { " since \($0.name)" } ?? ""
            let what = bump == .major ? "a breaking change" : "a feat"
            cause = "\(what)\(since) calls for \(core)"
            hint = "release \(what == "a feat" ? "features" : "breaking changes") from the main branch; on the \(line) line land only \(line.minor == nil ? "feat and fix" : "fix") commits (revert or reword that commit here)"
        case .bumpRequest:
            cause = "--bump \(bump) calls for \(core)"
            hint = "use a smaller --bump, or release from the main branch"
        case .releaseAsRequest:
            cause = "--release-as asks for \(core)"
            hint = "name a version of the \(line) line, or release from the main branch"
        case .releaseAsFooter(let id):
            cause = "the Release-As footer of \(id.abbreviated()) asks for \(core)"
            hint = "release from the main branch, or pass --release-as with a version of the \(line) line"
        default:
            cause = "the next version would be \(core)"
            hint = "tag the line's first version yourself (e.g. relnotes tag v\(line.major).\(line.minor ?? 0).0), or release from the main branch"
        }
        return HistoryError("branch \(branch) is the maintenance line \(line), but \(cause), outside it", hint: hint)
    }

    /// What one commit bumps: a breaking change major, otherwise its type's level. While the
    /// major version is 0, two independent keys apply (docs/versioning.md): `pre_major_breaking`
    /// to a major level (a breaking change), `pre_major_features` to a minor one (a `feat`).
    public func bump(for commit: ConventionalCommit, onZeroMajor: Bool) -> BumpLevel {
        assessment(of: commit, onZeroMajor: onZeroMajor).bump
    }

    /// What one commit bumps, and the 0.x key that decided it, if one did.
    func assessment(of commit: ConventionalCommit, onZeroMajor: Bool) -> (bump: BumpLevel, rule: PreMajorRule?) {
        let level: BumpLevel = commit.isBreaking ? .major : configuration.bumpLevel(forType: commit.type)
        guard onZeroMajor else { return (level, nil) }
        switch level {
        case .major:
            let bump: BumpLevel = configuration.preMajorBreaking == .minor ? .minor : .major
            return (bump, PreMajorRule(key: .preMajorBreaking, level: bump))
        case .minor:
            let bump: BumpLevel = configuration.preMajorFeatures == .patch ? .patch : .minor
            return (bump, PreMajorRule(key: .preMajorFeatures, level: bump))
        case .patch, .none:
            return (level, nil)
        }
    }

    /// `tag`'s version bumped by `level`; an error naming the tag when a part would pass
    /// `UInt64.max` (there is no next version, and the same one would be a wrong answer).
    static func bump(_ tag: ReleaseTag, by level: BumpLevel) throws(HistoryError) -> SemanticVersion {
        guard let bumped = tag.version.bumped(level) else {
            throw HistoryError("cannot bump \(tag.name) to the next \(level) version: \(UInt64.max) is the largest number a version part can hold", hint: "name the next version yourself with --release-as, or start a new tag line")
        }
        return bumped
    }

    /// Whether `candidate` has higher SemVer precedence than `current`.
    static func isAbove(_ candidate: SemanticVersion, _ current: SemanticVersion) -> Bool {
        SemanticVersion.comparePrecedence(current, candidate) == .ascending
    }

    /// The newest `Release-As:` footer since the base that names a version above `current`
    /// (within one commit, the last such footer). Footers that name no version, or one not
    /// above `current`, are skipped with a warning naming their commit: a stale footer never
    /// wedges a pipeline, the computed bump goes on.
    private func releaseAsFooter(in assessed: [AssessedCommit], above current: ReleaseTag?, warnings: inout [String]) -> (CommitID, SemanticVersion)? {
        for entry in assessed {
            for footer in entry.commit.footers.reversed() where footer.hasToken("Release-As") {
                let written = TextSanitizer.singleLine(footer.value)
                var value = Substring(footer.value)
                if let first = value.utf8.first, first | 0x20 == UInt8(ascii: "v") { value = value.dropFirst() }
                let commit = entry.commit.id.abbreviated()
                guard let version = SemanticVersion(String(value)) else {
                    warnings.append("ignoring \"Release-As: \(written)\" in commit \(commit): not a version")
                    continue
                }
                if let current, !Self.isAbove(version, current.version) {
                    warnings.append("ignoring \"Release-As: \(written)\" in commit \(commit): not above the current version \(current.version) (\(current.name))")
                    continue
                }
                return (entry.commit.id, version)
            }
        }
        return nil
    }

    private func head(of reader: any HistoryReader) throws -> CommitID {
        guard let head = try reader.head() else {
            throw HistoryError("the repository has no commits yet, so there is nothing to version", hint: "make a first commit, then run relnotes again")
        }
        return head
    }

    private func nothingWorthyWarning(since base: ReleaseTag, counted: Int) -> String {
        let commits = counted == 1 ? "1 commit" : "\(counted) commits"
        return "nothing release-worthy since \(base.name): \(commits), none a feat, fix, perf or breaking change; the version is unchanged"
    }
}
