internal import CGit2

/// libgit2's global state, initialised once per process before the first repository opens.
///
/// "git_libgit2_init must be called before any other libgit2 function"; it is reference
/// counted, and relnotes never shuts it down (the process ends first).
enum Library {
    static let initialized: Bool = {
        guard git_libgit2_init() >= 0 else { return false }
        // Refuse a repository owned by another user unless safe.directory allows it, as git
        // does (on by default in libgit2 1.5; said here so that no build can turn it off).
        _ = relnotes_git_set_owner_validation(1)
        // Each object is read about once per run (a walk keeps what it needs itself): cached, the
        // commits and trees of a long history would stay in memory, raw and parsed, to the end.
        _ = relnotes_git_disable_object_cache()
        // As `git log` does: objects are not rehashed on every read (`git fsck` checks them).
        _ = relnotes_git_disable_hash_verification()
        // A walk of a long history reads the pack from one end to the other: mapped in windows,
        // the parts already read are let go instead of staying resident to the end. The limit
        // is the process's: small windows let two threads reading apart (their own pack
        // handles) keep theirs, where two 16 MiB windows made each unmap the other's, with the
        // other core interrupted for every unmapping (`changelog --all` without a commit-graph
        // file, 100,000 commits: 1.01 s → 0.91–0.95 s; no change with the file).
        _ = relnotes_git_set_pack_windows(4 << 20, 32 << 20)
        return true
    }()

    static func ensureInitialized() {
        _ = initialized
    }
}
