import Foundation
import RelnotesCore
import Synchronization
import RelnotesGit
import RelnotesPublish

/// The repositories sessions opened, never freed before the process exits: one that read a long
/// history holds libgit2's pack caches, and freeing them when the command returns (with the
/// allocator's consolidation that follows) was 4% of `changelog --all`'s time; the kernel takes
/// the memory back at exit anyway. Each is retained once more and its address kept here, where
/// a leak checker finds it.
private let keptUntilExit = Mutex<[UInt]>([])

/// What every subcommand starts from: the repository and the configuration in force.
///
/// Not `Sendable`: it owns a libgit2 repository, used by one thread at a time.
struct Session {
    let repository: GitRepository
    private(set) var configuration: Configuration

    /// Opens the repository (`--repo`, else the one enclosing the working directory) and reads
    /// the configuration (`--config`, else `.relnotes.toml` at the repository root if present).
    init(_ options: GlobalOptions, scope: ScopeOptions? = nil) throws {
        Terminal.colorChoice = options.color
        let start = options.repo ?? FileManager.default.currentDirectoryPath
        repository = try GitRepository.discover(from: start)
        let kept = UInt(bitPattern: Unmanaged.passRetained(repository).toOpaque())
        keptUntilExit.withLock { $0.append(kept) }
        configuration = try Session.loadConfiguration(explicit: options.config, repository: repository)
        scope?.apply(to: &configuration)
        for glob in configuration.pathFilter.include + configuration.pathFilter.exclude {
            try PathGlob.validate(glob.pattern)
        }
        try warnAboutOversizedTags()
    }

    /// One warning for every tag that would be a release tag but for a number beyond 64 bits:
    /// such tags are not release tags.
    private func warnAboutOversizedTags() throws {
        let pattern = configuration.tagNamePattern
        let oversized = try repository.tagNames().filter(pattern.hasOversizedNumber).sorted()
        guard !oversized.isEmpty else { return }
        let shown = oversized.prefix(3).map { TextSanitizer.singleLine($0) }.joined(separator: ", ") + (oversized.count > 3 ? ", …" : "")
        let count = oversized.count == 1 ? "1 tag" : "\(oversized.count) tags"
        Terminal.standardError.warning("ignoring \(count) whose version has a number beyond 64 bits, so not a release tag: \(shown)")
    }

    private static func loadConfiguration(explicit: String?, repository: GitRepository) throws -> Configuration {
        let path: String
        if let explicit {
            path = explicit
            guard FileManager.default.fileExists(atPath: path) else {
                throw ConfigurationError(file: path, line: nil, key: nil, problem: "no such configuration file", hint: "check the path given to --config")
            }
        } else {
            let root = repository.workingDirectory ?? repository.gitDirectory
            path = URL(fileURLWithPath: root).appendingPathComponent(".relnotes.toml").path
            guard FileManager.default.fileExists(atPath: path) else { return Configuration() }
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(file: path, line: nil, key: nil, problem: "cannot read the configuration file", hint: "check its permissions")
        }
        // Bytes, not text: invalid UTF-8 is an error naming its line.
        return try ConfigurationParser().parse(utf8: [UInt8](data), file: explicit ?? ".relnotes.toml")
    }

    /// The repository's web addresses: `repository_url` from the configuration, else derived
    /// from the `origin` remote; `nil` when neither gives one (then output has no links).
    func repositoryLinks() throws -> RepositoryLinks? {
        if let configured = configuration.repositoryURL { return RepositoryLinks(webURL: configured) }
        return try repository.remoteURL(named: "origin").flatMap(RepositoryLinks.init(remote:))
    }

    /// The release about to be cut, from a version (`1.3.0`: the tag name takes the prefix of
    /// the latest release tag) or a release tag name (`v1.3.0`), dated `date`.
    func plannedRelease(_ text: String, date: Timestamp) throws -> ReleasePartitioner.PlannedRelease {
        let pattern = configuration.tagNamePattern
        if let version = SemanticVersion(text) {
            let current = try VersionPlanner(configuration: configuration).currentVersion(in: repository)
            return .init(version: version, tagName: pattern.tagName(for: version, following: current), date: date)
        }
        if let match = pattern.match(text) {
            return .init(version: match.version, tagName: text, date: date)
        }
        throw UsageError("\(text) is neither a version nor a release tag name", hint: "write a version such as 1.3.0 or a tag such as v1.3.0")
    }

    /// The repository on GitHub: `GITHUB_REPOSITORY`, else the `origin` remote.
    func gitHubRepository(environment: [String: String]) throws -> GitHubRepository {
        if let slug = environment["GITHUB_REPOSITORY"], !slug.isEmpty {
            guard let repository = GitHubRepository(slug: slug) else {
                throw UsageError("GITHUB_REPOSITORY=\(slug) is not owner/name", hint: "set it like acme/widgets")
            }
            return repository
        }
        guard let remote = try repository.remoteURL(named: "origin"), let found = GitHubRepository(remote: remote) else {
            throw UsageError("cannot tell which GitHub repository this is", hint: "set GITHUB_REPOSITORY=owner/name, or add an origin remote on GitHub")
        }
        return found
    }

    /// Prints the warnings a result carries, on stderr.
    func report(warnings: [String]) {
        for warning in warnings { Terminal.standardError.warning(warning) }
    }
}
