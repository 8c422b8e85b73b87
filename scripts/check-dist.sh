#!/usr/bin/env bash
# Proves the portable binary (make dist) is portable: it runs, on real repositories, in a mount
# namespace where the Swift toolchain's folder is an empty tmpfs and the shared libraries it was
# built against (libgit2 and its dependencies, libstdc++) are empty files. Also checks the
# completion scripts (bash -n, and zsh -n / fish -n where installed) and the man page
# (groff -man -ww: no warnings).
#
# Usage: scripts/check-dist.sh DIST_BINARY [REFERENCE_BINARY]
#   REFERENCE_BINARY: a development build; when given, both binaries must print the same
#   next-version and changelog for a fresh clone of this repository.
set -euo pipefail
cd "$(dirname "$0")/.."

binary=$(realpath "$1")
reference=""
if [ -n "${2:-}" ] && [ -x "$2" ]; then reference=$(realpath "$2"); fi
man_page=${MAN_PAGE:-dist/relnotes.1}
# The toolchain folder to hide (…/usr/bin/swift → …); empty when this machine has no Swift.
if [ -n "${SWIFT_TOOLCHAIN_DIR+set}" ]; then
  toolchain=$SWIFT_TOOLCHAIN_DIR
elif command -v swift > /dev/null; then
  toolchain=$(dirname "$(dirname "$(dirname "$(realpath "$(command -v swift)")")")")
else
  toolchain=""
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "check-dist: FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "check-dist: ok: $*"; }

# --- a fixture repository whose answers are known -------------------------------------------
fixture="$work/fixture"
git init --quiet --initial-branch=main "$fixture"
commit() {
  GIT_AUTHOR_DATE="2024-01-0$1T12:00:00Z" GIT_COMMITTER_DATE="2024-01-0$1T12:00:00Z" \
    git -C "$fixture" -c user.name=Fixture -c user.email=fixture@example.com \
    commit --quiet --allow-empty -m "$2"
}
commit 1 "feat: first feature"
git -C "$fixture" -c user.name=Fixture -c user.email=fixture@example.com tag -a v1.0.0 -m v1.0.0
commit 2 "fix(parser): survive empty input"
commit 3 "feat(cli): add the --frobnicate flag"
commit 4 "docs: explain frobnication"

# --- a fresh clone of this repository ------------------------------------------------------
clone="$work/clone"
git -c safe.directory="$PWD" -c safe.directory="$PWD/.git" clone --quiet --no-local . "$clone"

# --- run the binary where only the C library is left ---------------------------------------
hidden_libs=()
for pattern in libgit2 libssh2 libmbedtls libmbedx509 libmbedcrypto libhttp_parser libcurl libnghttp2 \
  libssl libcrypto libstdc++ libgcc_s; do
  for file in /usr/lib/*/"$pattern".so* /usr/lib/"$pattern".so* /lib/*/"$pattern".so*; do
    [ -f "$file" ] && hidden_libs+=("$(realpath "$file")")
  done
done
mapfile -t hidden_libs < <(printf '%s\n' "${hidden_libs[@]}" | sort -u)
out="$work/out"
mkdir "$out"
cat > "$work/inside.sh" <<'INSIDE'
set -u
binary=$1 fixture=$2 clone=$3 out=$4 toolchain=$5 reference=$6
shift 6
if [ -n "$toolchain" ]; then
  mount -t tmpfs tmpfs "$toolchain" || exit 90
  # The proof the hiding works: nothing left of the toolchain, nothing left of libgit2.
  [ -z "$(ls -A "$toolchain")" ] || exit 92
fi
for lib in "$@"; do mount --bind /dev/null "$lib" || exit 91; done
for lib in "$@"; do [ ! -s "$lib" ] || exit 93; done
run() { name=$1; shift; "$binary" "$@" > "$out/$name.out" 2> "$out/$name.err"; echo $? > "$out/$name.status"; }
# The control: the development build, linked to the toolchain and libgit2, cannot start here.
if [ -n "$reference" ]; then "$reference" --version > /dev/null 2> "$out/reference.err"; echo $? > "$out/reference.status"; fi
run version --version
run next-fixture --repo "$fixture" next-version
run changelog-fixture --repo "$fixture" changelog --tag v1.1.0
run current-fixture --repo "$fixture" current-version
run next-clone --repo "$clone" next-version
run changelog-clone --repo "$clone" changelog --all
run completions-bash completions bash
run completions-zsh completions zsh
run completions-fish completions fish
INSIDE
if [ "$(id -u)" = 0 ]; then unshare=(unshare --mount --propagation private); else unshare=(unshare --mount --map-root-user); fi
if "${unshare[@]}" bash "$work/inside.sh" "$binary" "$fixture" "$clone" "$out" "$toolchain" "$reference" "${hidden_libs[@]}"; then
  pass "ran in a mount namespace with the toolchain folder ${toolchain:-(none here)} emptied and ${#hidden_libs[@]} shared libraries hidden: ${hidden_libs[*]##*/}"
else
  echo "check-dist: could not set up the namespace (status $?)" >&2
  exit 1
fi

expect_status() { # name status
  local got; got=$(cat "$out/$1.status")
  if [ "$got" = "$2" ]; then pass "$1 exits $2"; else fail "$1 exits $got, expected $2: $(head -3 "$out/$1.err")"; fi
}
expect_line() { # name text
  if grep -qxF -- "$2" "$out/$1.out"; then pass "$1 prints '$2'"; else fail "$1 does not print '$2'"; fi
}
if [ -n "$reference" ]; then
  if [ "$(cat "$out/reference.status")" != 0 ]; then pass "the development build cannot start there: $(head -1 "$out/reference.err")"
  else fail "the development build starts there too, so nothing was hidden"; fi
fi
expect_status version 0
expect_status next-fixture 0
expect_line next-fixture v1.1.0
expect_status current-fixture 0
expect_line current-fixture v1.0.0
expect_status changelog-fixture 0
grep -q '^## \[\?v\?1\.1\.0' "$out/changelog-fixture.out" && pass "changelog-fixture titles the release 1.1.0" \
  || fail "changelog-fixture has no 1.1.0 heading"
grep -q 'add the --frobnicate flag' "$out/changelog-fixture.out" && pass "changelog-fixture lists the feature" \
  || fail "changelog-fixture lacks the feature"
grep -q 'survive empty input' "$out/changelog-fixture.out" && pass "changelog-fixture lists the fix" \
  || fail "changelog-fixture lacks the fix"
expect_status next-clone 0
expect_status changelog-clone 0
[ -s "$out/changelog-clone.out" ] && pass "changelog-clone is not empty" || fail "changelog-clone is empty"

if [ -n "$reference" ]; then
  "$reference" --repo "$clone" next-version > "$work/reference-next" 2>/dev/null
  "$reference" --repo "$clone" changelog --all > "$work/reference-changelog" 2>/dev/null
  cmp -s "$work/reference-next" "$out/next-clone.out" && pass "next-clone matches the development build" \
    || fail "next-clone differs from the development build"
  cmp -s "$work/reference-changelog" "$out/changelog-clone.out" && pass "changelog-clone matches the development build" \
    || fail "changelog-clone differs from the development build"
fi

# --- completion scripts ------------------------------------------------------------------------
for shell in bash zsh fish; do expect_status "completions-$shell" 0; done
bash -n "$out/completions-bash.out" && pass "bash -n accepts the bash completion script" || fail "bash -n rejects the bash completion script"
grep -q 'next-version' "$out/completions-bash.out" && pass "bash completion knows next-version" || fail "bash completion lacks next-version"
if command -v zsh >/dev/null; then zsh -n "$out/completions-zsh.out" && pass "zsh -n accepts the zsh script" || fail "zsh -n rejects the zsh script"; fi
if command -v fish >/dev/null; then fish -n "$out/completions-fish.out" && pass "fish -n accepts the fish script" || fail "fish -n rejects the fish script"; fi

# --- man page ----------------------------------------------------------------------------------
if [ -f "$man_page" ]; then
  warnings=$(groff -man -Tutf8 -ww -z "$man_page" 2>&1 >/dev/null || true)
  if [ -z "$warnings" ]; then pass "groff renders $man_page without warnings"; else fail "groff warns about $man_page: $warnings"; fi
  grep -q 'next-version' "$man_page" && pass "the man page documents next-version" || fail "the man page lacks next-version"
else
  fail "no man page at $man_page (make man)"
fi

if [ "$failures" -gt 0 ]; then
  echo "check-dist: $failures check(s) failed" >&2
  exit 1
fi
echo "check-dist: the portable binary passed every check"
