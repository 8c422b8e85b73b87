#!/usr/bin/env python3
"""Writes a large, deterministic git history with `git fast-import`, for `make bench`.

    generate.py DEST --commits 100000 [--tags 1000] [--tail 300] [--shape real|linear]

Shape (the same for the same arguments, on every machine):
- commits spread over packages/a … packages/h (one file each), plus a root README now and then;
- a Conventional Commits type mix (fix 30 %, feat 20 %, chore 15 %, docs 10 %, refactor 10 %,
  test 5 %, perf 5 %, non-conventional 5 %), scopes, bodies on a third, rare breaking footers;
- every 50 commits a 3-commit branch merged with --no-ff;
- `tail` commits after the last stable tag on main (what next-version and an unreleased
  changelog read).

`--shape linear` (the first benchmark's shape): a release tag on main every commits/tags
commits, alternating annotated and lightweight, a release candidate 20 commits before every
tenth release.

`--shape real` (the default; what large public projects look like): of the `--tags` tags,
- about 30 % stable releases on main (`X.Y.0`), annotated and lightweight in turn;
- about 30 % nightly prereleases on main (`X.Y.0-nightly.N`, for the coming release);
- about 40 % on maintenance branches cut from every third release (`release/X.Y.x` and
  `X-Y-x` in turn): patch releases `X.Y.P` each with a release candidate before it, on commits
  HEAD never contains; one branch in four has its first patch merged back into main (a
  back-port merge, which makes that tag reachable from HEAD);
- tags of the first third of the history are bare (`1.2.0`), later ones carry `v` (`v3.4.0`),
  as in a project that changed its convention.
About a tenth of the commits are on maintenance branches.
"""
import argparse, os, random, subprocess, sys

TYPES = [("fix", 30), ("feat", 20), ("chore", 15), ("docs", 10), ("refactor", 10), ("test", 5), ("perf", 5), (None, 5)]
PACKAGES = "abcdefgh"
WORDS = ("parser cache index widget request response token schema config stream buffer queue "
         "header footer release version branch commit render template output input retry limit").split()

def pick_type(rng):
    roll = rng.randrange(100)
    for name, weight in TYPES:
        if roll < weight:
            return name
        roll -= weight
    return None

def message(rng, package, n):
    kind = pick_type(rng)
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(3, 9)))
    if kind is None:
        header = f"Update {words}"
    else:
        scope = f"({package})" if rng.randrange(3) else ""
        bang = "!" if rng.randrange(4000) == 0 else ""
        header = f"{kind}{scope}{bang}: {words}"
        if rng.randrange(25) == 0:
            header += f" (#{n})"
    body = ""
    if rng.randrange(3) == 0:
        body = "\n\n" + "\n".join(" ".join(rng.choice(WORDS) for _ in range(10)) for _ in range(rng.randrange(1, 4)))
    if "!" in header:
        body += "\n\nBREAKING CHANGE: " + " ".join(rng.choice(WORDS) for _ in range(6))
    return header + body + "\n"

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dest")
    parser.add_argument("--commits", type=int, default=100_000)
    parser.add_argument("--tags", type=int, default=None, help="tags to write (default: commits / 100)")
    parser.add_argument("--tail", type=int, default=300)
    parser.add_argument("--shape", choices=["real", "linear"], default="real")
    args = parser.parse_args()
    args.tags = args.tags or max(1, args.commits // 100)
    args.tag_every = max(1, args.commits // args.tags)
    rng = random.Random(20261125)
    subprocess.run(["git", "init", "-q", "--initial-branch=main", args.dest], check=True)
    importer = subprocess.Popen(["git", "fast-import", "--quiet", "--done"], cwd=args.dest, stdin=subprocess.PIPE)
    out = importer.stdin
    def write(text):
        out.write(text.encode() if isinstance(text, str) else text)
    epoch = 1_500_000_000
    mark = 0
    contents = {}
    releases = 0
    main_head = None
    body_commits = args.commits - args.tail
    n = 0

    def commit(ref, parents, package, n):
        nonlocal mark
        mark += 1
        path = f"packages/{package}/src/file{n % 20}.txt" if rng.randrange(40) else "README.md"
        contents[path] = contents.get(path, 0) + 1
        data = f"{path} revision {contents[path]}\n".encode()
        msg = message(rng, package, n).encode()
        when = epoch + mark * 600
        write(f"commit {ref}\nmark :{mark}\n")
        write(f"author Bench Author {rng.randrange(40)} <author{rng.randrange(40)}@example.com> {when} +0000\n")
        write(f"committer Bench Committer <committer@example.com> {when} +0000\n")
        write(f"data {len(msg)}\n"); write(msg); write("\n")
        for i, parent in enumerate(parents):
            write(f"{'from' if i == 0 else 'merge'} :{parent}\n")
        write(f"M 100644 inline {path}\ndata {len(data)}\n"); write(data); write("\n")
        return mark

    def tag(name, target, annotated):
        nonlocal mark
        if annotated:
            text = f"Release {name}\n".encode()
            write(f"tag {name}\nfrom :{target}\ntagger Bench Committer <committer@example.com> {epoch + mark * 600} +0000\ndata {len(text)}\n")
            write(text); write("\n")
        else:
            write(f"reset refs/tags/{name}\nfrom :{target}\n\n")

    def merge(into, other, text):
        nonlocal mark
        msg = text.encode()
        mark += 1
        when = epoch + mark * 600
        write(f"commit refs/heads/main\nmark :{mark}\nauthor Bench Committer <committer@example.com> {when} +0000\n"
              f"committer Bench Committer <committer@example.com> {when} +0000\ndata {len(msg)}\n")
        write(msg); write(f"\nfrom :{into}\nmerge :{other}\n\n")
        return mark

    def real_shape():
        nonlocal n, main_head, releases
        main_commits = args.commits * 9 // 10
        stable = max(1, args.tags * 3 // 10)
        nightlies = max(1, args.tags * 3 // 10)
        stable_every = max(2, (main_commits - args.tail) // stable)
        nightly_every = max(2, (main_commits - args.tail) // nightlies)
        maintenance_share = args.commits - main_commits
        branches_expected = max(1, stable // 3)
        per_branch = max(4, maintenance_share // branches_expected)
        patch_every = max(2, per_branch // max(1, (args.tags * 4 // 10) // (2 * branches_expected)))
        active = []   # [name, head mark, major, minor, patch, commits so far, prefix, merge back]
        nightly = 0
        written = 0
        def prefix_now():
            return "" if written < args.commits // 3 else "v"
        while written < args.commits:
            n += 1
            package = PACKAGES[rng.randrange(len(PACKAGES))]
            body = written < args.commits - args.tail
            # maintenance work, about a tenth of all commits, on the open branches in turn
            if active and body and rng.randrange(10) == 0:
                branch = active[rng.randrange(len(active))]
                branch[1] = commit(f"refs/heads/{branch[0]}", [branch[1]], package, n)
                written += 1
                branch[5] += 1
                if branch[5] % patch_every == 0:
                    branch[4] += 1
                    name = f"{branch[6]}{branch[2]}.{branch[3]}.{branch[4]}"
                    tag(f"{name}-rc.1", branch[1], annotated=True)
                    branch[1] = commit(f"refs/heads/{branch[0]}", [branch[1]], package, n)
                    written += 1
                    tag(name, branch[1], annotated=branch[4] % 2 == 1)
                    if branch[7] and branch[4] == 1:
                        main_head = merge(main_head, branch[1], f"Merge branch '{branch[0]}' (back-port of {name})\n")
                        written += 1
                if branch[5] >= per_branch:
                    active.remove(branch)
                continue
            if n % 50 == 25 and main_head is not None and body:
                side = main_head
                for _ in range(3):
                    side = commit("refs/heads/topic", [side], PACKAGES[rng.randrange(len(PACKAGES))], n)
                main_head = merge(main_head, side, "Merge branch 'topic'\n")
                written += 4
                continue
            main_head = commit("refs/heads/main", [main_head] if main_head else [], package, n)
            written += 1
            if not body:
                continue
            if written % stable_every == 0:
                releases += 1
                major, minor = 1 + releases // 50, releases % 50
                prefix = prefix_now()
                tag(f"{prefix}{major}.{minor}.0", main_head, annotated=releases % 2 == 1)
                nightly = 0
                if releases % 3 == 0:
                    index = releases // 3
                    name = f"release/{major}.{minor}.x" if index % 2 else f"{major}-{minor}-x"
                    active.append([name, main_head, major, minor, 0, 0, prefix, index % 4 == 0])
            elif (written + nightly_every // 2) % nightly_every == 0:
                nightly += 1
                upcoming = releases + 1
                tag(f"{prefix_now()}{1 + upcoming // 50}.{upcoming % 50}.0-nightly.{nightly}", main_head, annotated=False)

    if args.shape == "real":
        real_shape()
    else:
        while n < args.commits:
            n += 1
            package = PACKAGES[rng.randrange(len(PACKAGES))]
            if n % 50 == 25 and main_head is not None and n < body_commits:
                # a short branch merged back
                side = main_head
                for _ in range(3):
                    side = commit("refs/heads/topic", [side] if side else [], PACKAGES[rng.randrange(len(PACKAGES))], n)
                msg = b"Merge branch 'topic'\n"
                mark += 1
                when = epoch + mark * 600
                write(f"commit refs/heads/main\nmark :{mark}\nauthor Bench Committer <committer@example.com> {when} +0000\n"
                      f"committer Bench Committer <committer@example.com> {when} +0000\ndata {len(msg)}\n")
                write(msg); write(f"\nfrom :{main_head}\nmerge :{side}\n\n")
                main_head = mark
                continue
            main_head = commit("refs/heads/main", [main_head] if main_head else [], package, n)
            if n <= body_commits and n % args.tag_every == 0:
                releases += 1
                major, minor = 1 + releases // 200, releases % 200
                tag(f"v{major}.{minor}.0", main_head, annotated=releases % 2 == 1)
            if n <= body_commits and (n + 20) % (args.tag_every * 10) == 0:
                upcoming = releases + 1
                tag(f"v{1 + upcoming // 200}.{upcoming % 200}.0-rc.1", main_head, annotated=True)

    write("done\n")
    out.close()
    if importer.wait() != 0:
        sys.exit("git fast-import failed")
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=args.dest, check=True)
    subprocess.run(["git", "branch", "-q", "-D", "topic"], cwd=args.dest, check=False)
    subprocess.run(["git", "commit-graph", "write", "--reachable"], cwd=args.dest, check=False)
    subprocess.run(["git", "gc", "-q", "--aggressive" if args.commits < 20_000 else "--auto"], cwd=args.dest, check=True)
    tags = subprocess.run(["git", "tag"], cwd=args.dest, capture_output=True, text=True).stdout.count("\n")
    print(f"{args.dest}: {args.shape} shape, {n} steps, {releases} releases on main, {tags} tags", file=sys.stderr)

if __name__ == "__main__":
    main()
