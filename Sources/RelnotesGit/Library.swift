internal import CGit2

/// libgit2's global state, initialised once per process before the first repository opens.
///
/// "git_libgit2_init must be called before any other libgit2 function"; it is reference
/// counted, and relnotes never shuts it down (the process ends first).
enum Library {
    static let initialized: Bool = {
        git_libgit2_init() >= 0
    }()

    static func ensureInitialized() {
        _ = initialized
    }
}
