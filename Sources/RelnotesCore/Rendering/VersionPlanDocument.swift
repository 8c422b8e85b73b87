import Foundation

/// The JSON form of a ``VersionPlan`` (`relnotes next-version --json`), schema 1.
///
/// Stable: fields are added, never renamed. Absent values are `null`, never missing.
public struct VersionPlanDocument: Encodable, Sendable {
    public var schema = 1
    public var current: TagDocument?
    public var base: TagDocument?
    public var next: TagDocument
    public var bump: String
    public var reason: String
    public var releaseWorthy: Bool
    public var commits: [CommitDocument]
    public var leftOut: [String: Int]
    public var warnings: [String]

    /// A tag: its name, its version and (for existing tags) its commit.
    public struct TagDocument: Encodable, Sendable {
        public var tag: String
        public var version: String
        public var commit: String?

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(tag, forKey: .tag)
            try container.encode(version, forKey: .version)
            try container.encode(commit, forKey: .commit)
        }

        enum CodingKeys: String, CodingKey { case tag, version, commit }
    }

    /// One counted commit and what it bumps; `deciding` marks the commits that decided.
    public struct CommitDocument: Encodable, Sendable {
        public var id: String
        public var header: String
        public var type: String?
        public var scope: String?
        public var breaking: Bool
        public var bump: String
        public var deciding: Bool

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(header, forKey: .header)
            try container.encode(type, forKey: .type)
            try container.encode(scope, forKey: .scope)
            try container.encode(breaking, forKey: .breaking)
            try container.encode(bump, forKey: .bump)
            try container.encode(deciding, forKey: .deciding)
        }

        enum CodingKeys: String, CodingKey { case id, header, type, scope, breaking, bump, deciding }
    }

    public init(_ plan: VersionPlan) {
        func document(_ tag: ReleaseTag?) -> TagDocument? {
            tag.map { TagDocument(tag: $0.name, version: $0.version.description, commit: $0.target.description) }
        }
        current = document(plan.current)
        base = document(plan.base)
        let existing = plan.isReleaseWorthy ? nil : (plan.current?.target.description)
        next = TagDocument(tag: plan.nextTagName, version: plan.next.description, commit: existing)
        bump = plan.bump.description
        reason = plan.reason.identifier
        releaseWorthy = plan.isReleaseWorthy
        let deciding = Set(plan.decidingCommits.map(\.commit.id))
        commits = plan.commits.map {
            CommitDocument(id: $0.commit.id.description, header: $0.commit.header, type: $0.commit.type, scope: $0.commit.scope, breaking: $0.commit.isBreaking, bump: $0.bump.description, deciding: deciding.contains($0.commit.id))
        }
        leftOut = ["merges": plan.leftOut.merges, "reverted_pairs": plan.leftOut.revertedPairs, "outside_paths": plan.leftOut.outsidePaths]
        warnings = plan.warnings
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schema, forKey: .schema)
        try container.encode(current, forKey: .current)
        try container.encode(base, forKey: .base)
        try container.encode(next, forKey: .next)
        try container.encode(bump, forKey: .bump)
        try container.encode(reason, forKey: .reason)
        try container.encode(releaseWorthy, forKey: .releaseWorthy)
        try container.encode(commits, forKey: .commits)
        try container.encode(leftOut, forKey: .leftOut)
        try container.encode(warnings, forKey: .warnings)
    }

    enum CodingKeys: String, CodingKey {
        case schema, current, base, next, bump, reason, commits, warnings
        case releaseWorthy = "release_worthy"
        case leftOut = "left_out"
    }

    /// Pretty-printed JSON with sorted keys, so that output is stable and diffable.
    public func jsonText() throws -> String {
        try JSONText.encode(self)
    }
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
