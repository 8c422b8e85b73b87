#ifndef RELNOTES_CGIT2_SHIM_H
#define RELNOTES_CGIT2_SHIM_H
// The only header relnotes includes from libgit2 (Debian: libgit2-dev, 1.5 or later).
#include <git2.h>
#include <git2/sys/odb_backend.h>

// git_libgit2_opts is variadic, which Swift cannot call: one fixed-argument wrapper per option.
static inline int relnotes_git_set_owner_validation(int enabled) {
    return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, enabled);
}

// Turn off libgit2's object cache (256 MiB by default): relnotes reads most objects once, so the
// cache mostly costs time to fill and evict, and holds the commits and trees of a long history
// (raw and parsed) to the end of the run.
static inline int relnotes_git_disable_object_cache(void) {
    return git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
}

// Do not hash every object read to compare it with its id (libgit2's default; `git log` does not
// rehash the commits and trees it reads, `git fsck` does): a tenth of the time of reading a
// long history.
static inline int relnotes_git_disable_hash_verification(void) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
}

// How much of a pack file libgit2 keeps mapped at once (by default the whole pack, up to 8 GiB):
// windows of `window` bytes, at most `limit` bytes mapped, the least recently used unmapped first.
static inline int relnotes_git_set_pack_windows(size_t window, size_t limit) {
    int error = git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, window);
    return error < 0 ? error : git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, limit);
}

// Reads an object through a pack backend of relnotes' own (git_odb_backend_pack) instead of the
// object database: no database lock, cache lookup or git_odb_object per read. The bytes are
// libgit2's, freed with git_odb_backend_data_free. Fails (GIT_ENOTFOUND) for an object that is
// not in a pack: the caller asks the whole object database then.
static inline int relnotes_git_pack_read(void **data, size_t *size, git_object_t *type, git_odb_backend *backend, const git_oid *id) {
    return backend->read(data, size, type, backend, id);
}

// Asks the processor to start loading the cache line at `address`, and does nothing else (no
// fault, whatever the address). Swift has no prefetch of its own.
static inline void relnotes_prefetch(const void *address) {
    __builtin_prefetch(address);
}

static inline void relnotes_git_backend_free(git_odb_backend *backend) {
    backend->free(backend);
}
#endif
