#ifndef RELNOTES_CGIT2_SHIM_H
#define RELNOTES_CGIT2_SHIM_H
// The only header relnotes includes from libgit2 (Debian: libgit2-dev, 1.5 or later).
#include <git2.h>

// git_libgit2_opts is variadic, which Swift cannot call: one fixed-argument wrapper per option.
static inline int relnotes_git_set_owner_validation(int enabled) {
    return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, enabled);
}
#endif
