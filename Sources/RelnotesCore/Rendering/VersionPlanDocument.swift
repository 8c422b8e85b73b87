/// The JSON form of a ``VersionPlan`` (`relnotes next-version --json`), schema 1.
///
/// Stable: fields are added, never renamed. Absent values are `null`, never missing.
public struct VersionPlanDocument: Sendable {
    /// The document as JSON values.
    public let json: JSONValue

    /// The document for `plan`.
    public init(_ plan: VersionPlan) {
        func tag(_ tag: ReleaseTag?) -> JSONValue {
            tag.map { JSONValue.object(["tag": .string($0.name), "version": .string($0.version.description), "commit": .string($0.target.description)]) } ?? .null
        }
        let deciding = Set(plan.decidingCommits.map(\.commit.id))
        let existing = plan.isReleaseWorthy ? nil : plan.current?.target.description
        json = .object([
            "schema": .integer(1),
            "current": tag(plan.current),
            "base": tag(plan.base),
            "next": .object(["tag": .string(plan.nextTagName), "version": .string(plan.next.description), "commit": .string(existing)]),
            "bump": .string(plan.bump.description),
            "reason": .string(plan.reason.identifier),
            "release_worthy": .bool(plan.isReleaseWorthy),
            "commits": .array(plan.commits.map { assessed in
                .object([
                    "id": .string(assessed.commit.id.description), "header": .string(assessed.commit.header),
                    "type": .string(assessed.commit.type), "scope": .string(assessed.commit.scope),
                    "breaking": .bool(assessed.commit.isBreaking), "bump": .string(assessed.bump.description),
                    "deciding": .bool(deciding.contains(assessed.commit.id)),
                    "pre_major_rule": .string(assessed.preMajorRule?.key.rawValue),
                ])
            }),
            "left_out": .object([
                "merges": .integer(plan.leftOut.merges), "reverted_pairs": .integer(plan.leftOut.revertedPairs),
                "outside_paths": .integer(plan.leftOut.outsidePaths),
                "skipped": .integer(plan.leftOut.skipped), "changelog_only": .integer(plan.leftOut.changelogOnly),
            ]),
            "pre_major_rules": .array(plan.decidingPreMajorRules.map { rule in
                .object(["key": .string(rule.key.rawValue), "bump": .string(rule.level.description), "explanation": .string(rule.explanation)])
            }),
            "warnings": .array(plan.warnings.map(JSONValue.string)),
            "channel": plan.channel.map { channel in
                var prerelease: String?
                if case .prerelease(let identifier) = channel.channel.kind { prerelease = identifier }
                return JSONValue.object([
                    "branch": .string(channel.branch), "pattern": .string(channel.channel.pattern),
                    "prerelease": .string(prerelease), "maintenance_line": .string(channel.line?.description),
                    "replaced_by_pre": .bool(channel.overriddenByPre), "explanation": .string(channel.explanation),
                ])
            } ?? .null,
        ])
    }

    /// Pretty-printed JSON with sorted keys, so that output is stable and diffable; ends in a newline.
    public var jsonText: String { json.text }
}

extension VersionPlan.Reason {
    /// The snake_case name used in JSON.
    public var identifier: String {
        switch self {
        case .initialVersion: "initial_version"
        case .commits: "commits"
        case .releaseAsFooter: "release_as_footer"
        case .releaseAsRequest: "release_as_request"
        case .bumpRequest: "bump_request"
        case .nothingToRelease: "nothing_to_release"
        case .graduation: "graduation"
        case .nothingSincePrerelease: "nothing_since_prerelease"
        }
    }
}
