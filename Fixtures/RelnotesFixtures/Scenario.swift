import Foundation

/// The catalogue of fixture histories every test target and the benchmark share.
///
/// Each scenario is built from scratch by git commands with fixed identities and dates, so its
/// commit ids are the same on every machine. The comments say what each one is for.
public enum Scenario: String, CaseIterable, Sendable, CustomStringConvertible {
    /// Straight history: `v0.1.0` (lightweight), `v0.2.0` and `v1.0.0` (annotated), then
    /// unreleased work with a feature and a fix.
    case linear
    /// A feature branch forked before `v1.0.0` and merged after it: its commits belong to the
    /// next release, not to `v1.0.0`, even though they are older than the tag.
    case merges
    /// A tag `v9.0.0` on a branch that HEAD never merged: it must never count.
    case unmergedBranchTag
    /// `v1.0.0`, `1.0.0` and `v1.0.0-rc.2` on one commit: one release with aliases.
    case severalTagsOnOneCommit
    /// Tags that are not releases (`nightly`, `build-<sha>`, `latest`, `v1.2`) beside real ones.
    case nonSemverTags
    /// Tags without a prefix (`1.0.0`, `1.1.0`): new tags keep that style.
    case barePrefix
    /// `v1.0.0`, then `v1.1.0-rc.1`, `v1.1.0-rc.2`, then `v1.1.0`, then more work and `v1.2.0-beta.1`.
    case prereleaseChain
    /// A `Release-As: 3.0.0` footer after `v1.0.0`.
    case releaseAs
    /// A commit whose message is Latin-1 bytes, not UTF-8.
    case nonUTF8Message
    /// A repository with no commits at all.
    case empty
    /// `v1.0.0`, a `release/1.0` branch with a back-ported fix tagged `v1.0.1`, and `v1.1.0`
    /// on main, which later merges the release branch.
    case backportBranch
    /// A feature and its revert in the same range, plus a kept fix.
    case revertedFeature
    /// A bare repository holding the `linear` history.
    case bare
    /// A monorepo: `packages/api` and `packages/web` with interleaved `api@…`, `web@…` and
    /// `web-v…` tags, a commit touching both, moves into and out of `packages/api`, a root-only
    /// commit and a merged branch.
    case monorepo
    /// Notes under `refs/notes/relnotes` after `v1.0.0`: one rewrites a `feat` into a `fix`, one
    /// (`relnotes: skip`) drops a `feat!`, and a plain fix is kept: the next version is `v1.0.1`.
    case notesOverride
    /// `v1.0.0`, a feature that also changes CHANGELOG.md (`v1.1.0`), then
    /// `docs: regenerate CHANGELOG.md` changing only CHANGELOG.md: nothing is unreleased.
    case changelogOnly
    /// A `.mailmap` joining Ana's two addresses and renaming Bob; commits by each, one
    /// co-authored by Ana's old address, across `v1.0.0` and `v1.1.0`.
    case mailmap
    /// `v1.0.0`, then one squash merge `Big update (#9)` listing a feat and a fix as items.
    case squashMerge

    public var description: String { rawValue }

    /// Builds the scenario in a new temporary directory.
    public func build() throws -> FixtureRepository {
        switch self {
        case .linear: return try Self.buildLinear()
        case .merges: return try Self.buildMerges()
        case .unmergedBranchTag: return try Self.buildUnmergedBranchTag()
        case .severalTagsOnOneCommit: return try Self.buildSeveralTagsOnOneCommit()
        case .nonSemverTags: return try Self.buildNonSemverTags()
        case .barePrefix: return try Self.buildBarePrefix()
        case .prereleaseChain: return try Self.buildPrereleaseChain()
        case .releaseAs: return try Self.buildReleaseAs()
        case .nonUTF8Message: return try Self.buildNonUTF8Message()
        case .empty: return try FixtureRepository()
        case .backportBranch: return try Self.buildBackportBranch()
        case .revertedFeature: return try Self.buildRevertedFeature()
        case .bare: return try Self.buildBare()
        case .monorepo: return try Self.buildMonorepo()
        case .notesOverride: return try Self.buildNotesOverride()
        case .changelogOnly: return try Self.buildChangelogOnly()
        case .mailmap: return try Self.buildMailmap()
        case .squashMerge: return try Self.buildSquashMerge()
        }
    }

    private static func buildLinear() throws -> FixtureRepository {
        let repository = try FixtureRepository()
        try repository.commit("feat: first light")
        try repository.commit("docs: explain the basics")
        try repository.tag("v0.1.0")
        try repository.commit("fix(parser): accept empty input")
        try repository.commit("feat(cli): add --verbose (#12)")
        try repository.tag("v0.2.0", message: "Release v0.2.0")
        try repository.commit("feat(api)!: rename the entry point\n\nBREAKING CHANGE: `run` is now `start`.")
        try repository.commit("chore: tidy up")
        try repository.tag("v1.0.0", message: "Release v1.0.0")
        try repository.commit("feat(cli): add --quiet")
        try repository.commit("fix: handle a missing file (#34)")
        try repository.commit("not a conventional commit")
        return repository
    }

    private static func buildMerges() throws -> FixtureRepository {
        let repository = try FixtureRepository()
        try repository.commit("feat: base")
        try repository.tag("v0.1.0")
        try repository.branch("feature/search")
        try repository.commit("feat(search): index documents", file: "search.txt")
        try repository.commit("fix(search): skip empty documents", file: "search.txt")
        try repository.checkout("main")
        try repository.commit("fix: main-line fix")
        try repository.tag("v0.1.1", message: "Release v0.1.1")
        try repository.merge("feature/search", message: "Merge branch 'feature/search'")
        try repository.commit("docs: describe search")
        try repository.tag("v0.2.0")
        try repository.commit("perf: faster startup")
        return repository
    }

    private static func buildUnmergedBranchTag() throws -> FixtureRepository {
        let repository = try FixtureRepository()
        try repository.commit("feat: base")
        try repository.tag("v1.0.0")
        try repository.branch("experiment")
        try repository.commit("feat!: rewrite everything", file: "experiment.txt")
        try repository.tag("v9.0.0", message: "Release v9.0.0")
        try repository.checkout("main")
        try repository.commit("fix: small fix")
        return repository
    }

    private static func buildSeveralTagsOnOneCommit() throws -> FixtureRepository {
        let repository = try FixtureRepository()
        try repository.commit("feat: base")
        try repository.tag("v0.9.0")
        try repository.commit("feat: ready")
        try repository.tag("v1.0.0-rc.2")
        try repository.tag("v1.0.0", message: "Release v1.0.0")
        try repository.tag("1.0.0")
        try repository.commit("fix: after the release")
        return repository
    }

    private static func buildNonSemverTags() throws -> FixtureRepository {
        let repository = try FixtureRepository()
        try repository.commit("feat: base")
        try repository.tag("v1.0.0")
        let sha = try repository.commit("fix: one")
        try repository.tag("nightly")
        try repository.tag("build-\(sha.prefix(7))")
        try repository.tag("v1.2")
        try repository.commit("feat: two")
        try repository.tag("latest", message: "moving tag")
        return repository
    }

    private static func buildBarePrefix() throws -> FixtureRepository {
        let repository = try FixtureRepository()
        try repository.commit("feat: base")
        try repository.tag("1.0.0")
        try repository.commit("feat: more")
        try repository.tag("1.1.0", message: "Release 1.1.0")
        try repository.commit("fix: a fix")
        return repository
    }

    private static func buildPrereleaseChain() throws -> FixtureRepository {
        let repository = try FixtureRepository()
        try repository.commit("feat: base")
        try repository.tag("v1.0.0")
        try repository.commit("feat: search")
        try repository.tag("v1.1.0-rc.1")
        try repository.commit("fix: search crash")
        try repository.tag("v1.1.0-rc.2", message: "Release v1.1.0-rc.2")
        try repository.commit("docs: search guide")
        try repository.tag("v1.1.0", message: "Release v1.1.0")
        try repository.commit("feat: filters")
        try repository.tag("v1.2.0-beta.1")
        try repository.commit("fix: filter order")
        return repository
    }

    private static func buildReleaseAs() throws -> FixtureRepository {
        let repository = try FixtureRepository()
        try repository.commit("feat: base")
        try repository.tag("v1.0.0")
        try repository.commit("fix: small\n\nRelease-As: 3.0.0")
        try repository.commit("docs: later")
        return repository
    }

    private static func buildNonUTF8Message() throws -> FixtureRepository {
        let repository = try FixtureRepository()
        try repository.commit("feat: base")
        try repository.tag("v1.0.0")
        // "fix: caf\xE9 cr\xE8me" in Latin-1: invalid as UTF-8.
        try repository.commit(messageBytes: Array("fix: caf".utf8) + [0xE9] + Array(" cr".utf8) + [0xE8] + Array("me".utf8))
        return repository
    }

    private static func buildBackportBranch() throws -> FixtureRepository {
        let repository = try FixtureRepository()
        try repository.commit("feat: base")
        try repository.tag("v1.0.0", message: "Release v1.0.0")
        try repository.commit("feat: new feature on main")
        try repository.branch("release/1.0", from: "v1.0.0")
        try repository.commit("fix: security fix", file: "security.txt")
        try repository.tag("v1.0.1", message: "Release v1.0.1")
        try repository.checkout("main")
        try repository.commit("fix: main fix")
        try repository.tag("v1.1.0", message: "Release v1.1.0")
        try repository.merge("release/1.0", message: "Merge branch 'release/1.0'")
        try repository.commit("feat: after the merge")
        return repository
    }

    private static func buildRevertedFeature() throws -> FixtureRepository {
        let repository = try FixtureRepository()
        try repository.commit("feat: base")
        try repository.tag("v1.0.0")
        let feature = try repository.commit("feat: risky feature")
        try repository.commit("fix: kept fix")
        try repository.commit("Revert \"feat: risky feature\"\n\nThis reverts commit \(feature).")
        return repository
    }

    private static func buildMonorepo() throws -> FixtureRepository {
        let repository = try FixtureRepository()
        try repository.commit("chore: scaffold", changing: ["packages/api/main.txt", "packages/web/main.txt", "packages/shared/util.txt", "packages/api/old.txt"])
        try repository.commit("feat(api): list widgets", file: "packages/api/main.txt")
        try repository.tag("api@1.0.0")
        try repository.commit("feat(web): widget page", file: "packages/web/main.txt")
        try repository.tag("web@1.0.0", message: "web 1.0.0")
        try repository.commit("fix(api): empty lists", file: "packages/api/main.txt")
        try repository.tag("api@1.0.1")
        try repository.commit("feat(web): widget form", file: "packages/web/form.txt")
        try repository.tag("web-v1.1.0")
        try repository.commit("feat: shared pagination", changing: ["packages/api/page.txt", "packages/web/page.txt"])
        try repository.move("packages/shared/util.txt", to: "packages/api/util.txt", message: "refactor: move util into api")
        try repository.move("packages/api/old.txt", to: "packages/shared/old.txt", message: "refactor: move old code out of api")
        try repository.commit("docs: root readme", file: "README.md")
        try repository.branch("api-fix")
        try repository.commit("fix(api): timeout", file: "packages/api/net.txt")
        try repository.checkout("main")
        try repository.commit("perf(web): cache", file: "packages/web/main.txt")
        try repository.merge("api-fix", message: "Merge branch 'api-fix'")
        return repository
    }

    private static func buildBare() throws -> FixtureRepository {
        let source = try buildLinear()
        let repository = try FixtureRepository(bare: true)
        try repository.git("fetch", "--quiet", source.url.path, "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*")
        return repository
    }

    private static func buildNotesOverride() throws -> FixtureRepository {
        let repository = try FixtureRepository()
        try repository.commit("feat: base")
        try repository.tag("v1.0.0")
        let reworded = try repository.commit("feat: tweak the api wording")
        let dropped = try repository.commit("feat!: accidental breaking header")
        try repository.commit("fix: keep this one")
        try repository.git("notes", "--ref=relnotes", "add", "-m", "fix(api): clearer error text", reworded)
        try repository.git("notes", "--ref=relnotes", "add", "-m", "relnotes: skip", "-m", "The header was a mistake.", dropped)
        return repository
    }

    private static func buildChangelogOnly() throws -> FixtureRepository {
        let repository = try FixtureRepository()
        try repository.commit("feat: base", file: "src.txt")
        try repository.tag("v1.0.0")
        try repository.commit("feat: search, with its changelog entry", changing: ["CHANGELOG.md", "src.txt"])
        try repository.tag("v1.1.0")
        try repository.commit("docs: regenerate CHANGELOG.md", file: "CHANGELOG.md")
        return repository
    }

    private static func buildMailmap() throws -> FixtureRepository {
        let repository = try FixtureRepository()
        try repository.commit("feat: base", file: "src.txt", author: "Ana Lima <ana@old.example.com>")
        try repository.tag("v1.0.0")
        try "Ana Lima <ana@example.com> <ana@old.example.com>\nBo Chen <bo@example.com> Bob <bob@example.com>\n"
            .write(to: repository.url.appendingPathComponent(".mailmap"), atomically: true, encoding: .utf8)
        try repository.commit("chore: add a mailmap", file: ".mailmap", author: "Ana Lima <ana@example.com>")
        try repository.commit("feat: search", file: "src.txt", author: "Bob <bob@example.com>")
        try repository.commit("fix: search crash", file: "src.txt", author: "Ana L. <ana@old.example.com>")
        try repository.commit("fix: pairing\n\nCo-authored-by: Ana <ana@old.example.com>\nCo-authored-by: Cy Park <cy@example.com>", file: "src.txt", author: "Bob <bob@example.com>")
        try repository.tag("v1.1.0")
        return repository
    }

    private static func buildSquashMerge() throws -> FixtureRepository {
        let repository = try FixtureRepository()
        try repository.commit("feat: base")
        try repository.tag("v1.0.0")
        try repository.commit("Big update (#9)\n\n* feat(api): list widgets\n* fix(cli): exit status on failure\n\n  More detail on the fix.")
        return repository
    }
}
