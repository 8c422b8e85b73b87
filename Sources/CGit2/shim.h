#ifndef RELNOTES_CGIT2_SHIM_H
#define RELNOTES_CGIT2_SHIM_H
// The only header relnotes includes from libgit2 (Debian: libgit2-dev, 1.5 or later).
#include <git2.h>
#endif
