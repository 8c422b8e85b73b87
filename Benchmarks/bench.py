#!/usr/bin/env python3
"""`make bench`: time relnotes on large generated histories against references run in the
same invocation, and write Benchmarks/RESULTS.md.

    bench.py --relnotes PATH [--cache DIR] [--sizes 100000 300000] [--runs 5] [--output FILE]

Histories are generated once by generate.py (git fast-import) and kept in the cache folder
(default: $XDG_CACHE_HOME/relnotes-bench, outside the repository). Each case is timed with
hyperfine (median of --runs runs after a warm-up); peak memory is the max RSS of one more run,
read with wait4(2). Reference commands are plain git; git-cliff is a second reference when it
is installed (`pip install git-cliff`), timed with fewer runs since it is slow.
"""
import argparse, hashlib, json, os, platform, shutil, signal, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))

def sh(command, cwd):
    return subprocess.run(command, cwd=cwd, shell=True, check=True, capture_output=True, text=True).stdout.strip()

def history(cache, size):
    with open(os.path.join(HERE, "generate.py"), "rb") as handle:
        stamp = hashlib.sha256(handle.read()).hexdigest()[:12]
    path = os.path.join(cache, f"history-{size}-{stamp}")
    if not os.path.isdir(os.path.join(path, ".git")):
        shutil.rmtree(path, ignore_errors=True)
        print(f"generating {size} commits in {path} …", file=sys.stderr)
        tags = ["--tags", "10000"] if size >= 1_000_000 else []
        subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), path, "--commits", str(size)] + tags, check=True)
    return path

def median(command, cwd, runs, timeout=None):
    with tempfile.NamedTemporaryFile(suffix=".json") as export:
        # -i: `lint` exits 3 when it finds a message it rejects; that is its answer, not a failure.
        # A timeout (git-cliff's cases) raises subprocess.TimeoutExpired, hyperfine killed.
        # Its own process group, so that a timeout stops the timed command too, not only hyperfine.
        process = subprocess.Popen(["hyperfine", "-i", "--style", "none", "--warmup", "1" if runs > 1 else "0",
                                    "--runs", str(runs), "--export-json", export.name, "--", command],
                                   cwd=cwd, stdout=subprocess.DEVNULL, start_new_session=True)
        try:
            status = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise
        if status != 0:
            raise subprocess.CalledProcessError(status, command)
        with open(export.name) as handle:
            result = json.load(handle)["results"][0]
    return result.get("median", result["mean"])

def timed(command, cwd):
    """Seconds one run of `command` takes."""
    start = time.perf_counter()
    # Exit statuses are answers here (`lint` exits 3 on a message it rejects), not failures.
    subprocess.run(command, cwd=cwd, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start

def paired(ours, reference, cwd, runs):
    """Times `ours` and `reference` in turn, `runs` times after a warm-up of each, so that this
    machine's drift (10% and more within minutes) falls on both alike. Returns the median time of
    each and the median of the per-turn ratios."""
    timed(ours, cwd)
    timed(reference, cwd)
    turns = [(timed(ours, cwd), timed(reference, cwd)) for _ in range(runs)]
    return (statistics.median(t[0] for t in turns), statistics.median(t[1] for t in turns),
            statistics.median(t[0] / t[1] for t in turns))

def growth_in_turns(ours, reference, small, large, runs):
    """How much longer `ours` and `reference` take on the history `large` than on `small`, each
    run on both in turn, `runs` times after a warm-up, and the median of the per-turn ratios: the
    sizes are measured minutes apart otherwise, and this machine's drift between them showed as
    growth (git log's own grew 11.9× for one case and 14.4× for the other, the same command, in
    one run)."""
    for command in (ours, reference):
        timed(command, small)
        timed(command, large)
    turns = []
    for _ in range(runs):
        a, b = timed(ours, small), timed(ours, large)
        c, d = timed(reference, small), timed(reference, large)
        turns.append((b / a, d / c))
    return statistics.median(t[0] for t in turns), statistics.median(t[1] for t in turns)

def max_rss_mb(command, cwd):
    process = subprocess.Popen(command, cwd=cwd, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(process.pid, 0)
    # A shell running one command execs it, or waits for it: either way the child's peak counts.
    return usage.ru_maxrss / 1024

def semver_key(name):
    """Sort key for release tag names (`v1.2.3`, `1.2.3-rc.1`): SemVer precedence."""
    version = name[1:] if name.startswith("v") else name
    core, _, pre = version.partition("-")
    parts = tuple(int(part) for part in core.split("."))
    if not pre:
        return parts + (1,)
    return parts + (0,) + tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre.split("."))

def release_tags(names):
    result = []
    for name in names:
        version = name[1:] if name.startswith("v") else name
        core = version.partition("-")[0].split(".")
        if len(core) == 3 and all(part.isdigit() for part in core):
            result.append(name)
    return sorted(result, key=semver_key)

def cases_for(repo, relnotes):
    merged = release_tags(sh("git tag --merged HEAD", repo).split())
    stable = [name for name in merged if "-" not in name]
    base = stable[-1]
    # An old named release: a stable tag on main about two thirds down the list, and the one before it.
    old_index = max(1, len(stable) // 3)
    old, before_old = stable[old_index], stable[old_index - 1]
    merged_ref = "git tag --merged HEAD >/dev/null"
    def reference(since, until="HEAD"):
        return f"sh -c '{merged_ref}; git log --format=%B {since}..{until} >/dev/null'"
    return base, [
        ("current-version", f"{relnotes} current-version", reference(base), 2.0, None),
        ("next-version", f"{relnotes} next-version", reference(base), 2.0, "git-cliff --bumped-version"),
        ("next-version --pre rc", f"{relnotes} next-version --pre rc", reference(base), 2.0, None),
        ("changelog (unreleased)", f"{relnotes} changelog", reference(base), 2.0, "git-cliff --unreleased"),
        ("lint (default range)", f"{relnotes} lint", reference(base), 2.0, None),
        ("notes (latest)", f"{relnotes} notes", reference(stable[-2], base), 2.0, "git-cliff --latest"),
        ("notes (an old release)", f"{relnotes} notes {old}",
         f"sh -c 'git tag --merged {old} >/dev/null; git log --format=%B {before_old}..{old} >/dev/null'", 2.0, None),
        ("tag --dry-run", f"{relnotes} tag --dry-run", reference(base), 2.0, None),
        ("changelog --all", f"{relnotes} changelog --all", "git log --format=%H%x00%B HEAD", 1.5, "git-cliff"),
        ("changelog --all --format json", f"{relnotes} changelog --all --format json", "git log --format=%H%x00%B HEAD", 1.5,
         "git-cliff --context"),
        ("changelog --all --include-path", f"{relnotes} changelog --all --include-path 'packages/a/**'",
         "git log --format=%H -- packages/a", 2.0, "git-cliff --include-path 'packages/a/**'"),
    ]

# One release command, the full changelog and a path filter: what git-cliff is asked most, each
# up to --cliff-timeout; the other three it has ('all') add up to half an hour more.
DEFAULT_CLIFF_CASES = ["next-version", "changelog --all", "changelog --all --include-path"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--relnotes", required=True)
    parser.add_argument("--cache", default=os.path.join(os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "relnotes-bench"))
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 300_000],
                        help="commits; 1000000 writes the largest public histories' size (10,000 tags)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cliff-runs", type=int, default=1)
    parser.add_argument("--cliff-sizes", type=int, nargs="*", default=[100_000],
                        help="histories git-cliff is timed on (it takes minutes per case on large ones)")
    parser.add_argument("--cliff-cases", nargs="*", default=DEFAULT_CLIFF_CASES,
                        help="only these cases (by name, e.g. 'next-version' 'changelog --all') time git-cliff, or 'all'; "
                             "default: " + ", ".join(DEFAULT_CLIFF_CASES) + " (git-cliff takes minutes per case)")
    parser.add_argument("--cliff-timeout", type=float, default=600,
                        help="seconds a git-cliff case may take before it counts as not finishing")
    parser.add_argument("--output", default=os.path.join(HERE, "RESULTS.md"))
    parser.add_argument("--dist-binary", help="the portable binary (make dist): its fixed cost is reported too")
    args = parser.parse_args()
    relnotes = os.path.abspath(args.relnotes)
    os.makedirs(args.cache, exist_ok=True)
    cliff = shutil.which("git-cliff")
    rows = []
    fixed = fixed_cost(relnotes, args)
    for size in args.sizes:
        repo = history(args.cache, size)
        base, cases = cases_for(repo, relnotes)
        unreleased = int(sh(f"git rev-list --count --no-merges {base}..HEAD", repo))
        for name, ours, reference, target, cliff_command in cases:
            print(f"[{size}] {name}", file=sys.stderr)
            ours_time, reference_time, ratio = paired(ours, reference, repo, args.runs)
            row = {"size": size, "case": name, "target": target, "unreleased": unreleased,
                   "ours": ours_time, "reference": reference_time, "ratio": ratio,
                   "ours_rss": max_rss_mb(ours, repo), "reference_rss": max_rss_mb(reference, repo),
                   "reference_command": reference, "rss_target": 2.0 if target == 1.5 else None}
            if cliff and cliff_command and size in args.cliff_sizes and ("all" in args.cliff_cases or name in args.cliff_cases):
                try:
                    row["cliff"] = median(cliff_command, repo, args.cliff_runs, timeout=args.cliff_timeout)
                except subprocess.TimeoutExpired:
                    row["cliff"] = "timeout"
                except subprocess.CalledProcessError:
                    row["cliff"] = "failed"
            rows.append(row)
            with open(args.output + ".json", "w") as handle:
                json.dump({"fixed": fixed, "rows": rows}, handle)
    # The cases with a growth target (`--all`): both sizes timed in turns.
    growth = {}
    sizes = sorted(set(args.sizes))
    if len(sizes) >= 2:
        small, large = history(args.cache, sizes[0]), history(args.cache, sizes[-1])
        for name, ours, reference, target, _ in cases_for(large, relnotes)[1]:
            if target == 1.5:
                print(f"[growth {sizes[0]} → {sizes[-1]}] {name}", file=sys.stderr)
                growth[name] = growth_in_turns(ours, reference, small, large, args.runs)
    write_results(args.output, rows, cliff, args, fixed, growth)

def fixed_cost(relnotes, args):
    """What every run pays before reading history: start-up, and an empty repository; for the
    binary under test and, when given, the portable one `make dist` writes (what users download)."""
    empty = tempfile.mkdtemp(prefix="relnotes-bench-empty-")
    subprocess.run(["git", "init", "-q", empty], check=True)
    binaries = [("", relnotes)]
    if args.dist_binary:
        binaries.append((" (portable binary)", os.path.abspath(args.dist_binary)))
    # A few milliseconds each: enough runs that the median is not one scheduling hiccup.
    runs = max(args.runs, 100)
    rows = []
    for suffix, binary in binaries:
        for name, ours, reference in [
            ("--version", f"{binary} --version", "git --version"),
            ("current-version, empty repository", f"{binary} current-version || true", "git describe --tags || true"),
        ]:
            rows.append((name + suffix, median(f"sh -c '{ours} >/dev/null 2>&1'", empty, runs),
                         median(f"sh -c '{reference} >/dev/null 2>&1'", empty, runs), ours, reference))
    shutil.rmtree(empty, ignore_errors=True)
    return rows

def write_results(path, rows, cliff, args, fixed, growth):
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as handle:
            cpu = next(line.split(":", 1)[1].strip() for line in handle if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    git_version = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip()
    cliff_version = subprocess.run([cliff, "--version"], capture_output=True, text=True).stdout.strip() if cliff else "not installed"
    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench` on {time.strftime('%Y-%m-%d')}: {os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()},",
        f"{git_version}, {cliff_version}. Medians of {args.runs} runs after a warm-up (git-cliff: {args.cliff_runs});",
        "per history, relnotes and its reference run in turn and the ratio is the median of the per-turn",
        "ratios, so that the machine's drift falls on both alike (fixed cost and git-cliff: hyperfine).",
        "Peak memory is the max RSS of one run. Histories from `Benchmarks/generate.py`",
        "(the real shape: stable releases, nightly prereleases and back-port merges on main, maintenance",
        "branches with patch and release-candidate tags HEAD never contains, bare then `v` tags; one tag",
        "per 100 commits, 10,000 at 1,000,000). Ratios are relnotes ÷ reference, measured in the same",
        "invocation: lower is better. The reference of a release command is git's answer to the same",
        "question: `git tag --merged HEAD` plus `git log --format=%B <base>..HEAD`.",
        "",
        "## Fixed cost",
        "",
        "| case | relnotes | git | ratio |",
        "|---|---|---|---|",
    ]
    for name, ours, reference, _, _ in fixed:
        # hyperfine subtracts the shell's own start-up, so git's few milliseconds can read as 0.
        ratio = f"{ours / reference:.1f}" if reference >= 0.001 else "— (git below 1 ms)"
        lines.append(f"| {name} | {ours * 1000:.1f} ms | {reference * 1000:.1f} ms | {ratio} |")
    lines += [
        "",
        "## Per history",
        "",
        "| history | case | relnotes | reference (git) | ratio | target | met | relnotes RSS | git RSS | git-cliff | × faster than git-cliff |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        ratio = row.get("ratio") or (row["ours"] / row["reference"] if row["reference"] > 0 else float("inf"))
        met = "yes" if ratio <= row["target"] else f"no ({ratio / row['target']:.1f}× over)"
        if row.get("rss_target") and row["reference_rss"] > 0:
            rss_ratio = row["ours_rss"] / row["reference_rss"]
            met += f"; memory {rss_ratio:.1f}× " + ("yes" if rss_ratio <= row["rss_target"] else "no") + f" (≤ {row['rss_target']})"
        cliff_cell, faster = "—", "—"
        if isinstance(row.get("cliff"), (int, float)):
            cliff_cell = f"{row['cliff']:.2f} s"
            faster = f"{row['cliff'] / row['ours']:.0f}×"
        elif row.get("cliff") == "timeout":
            cliff_cell, faster = f"> {args.cliff_timeout:.0f} s (stopped)", f"> {args.cliff_timeout / row['ours']:.0f}×"
        elif row.get("cliff") == "failed":
            cliff_cell = "failed"
        lines.append(f"| {row['size']:,} | {row['case']} | {row['ours']:.3f} s | {row['reference']:.3f} s | {ratio:.2f} | ≤ {row['target']} | {met} "
                     f"| {row['ours_rss']:.0f} MB | {row['reference_rss']:.0f} MB | {cliff_cell} | {faster} |")
    sizes = sorted({row["size"] for row in rows})
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        limit = 1.1 * large / small
        lines += ["", f"## Growth from {small:,} to {large:,} commits (linear would be {large / small:.0f}×; target for --all: at most {limit:.1f}×)", "",
                  "The `--all` cases, which have the target, run on both histories in turn (the median of the",
                  "per-turn ratios, as for the ratios to git); the others are the ratios of the medians above.", "",
                  "| case | relnotes | git | relnotes ÷ git | met |", "|---|---|---|---|---|"]
        for case in dict.fromkeys(row["case"] for row in rows):
            a = next((r for r in rows if r["case"] == case and r["size"] == small), None)
            b = next((r for r in rows if r["case"] == case and r["size"] == large), None)
            if a is None or b is None:
                continue
            if case in growth:
                ours_growth, git_growth = growth[case]
                met = "yes" if ours_growth <= limit else "no"
                case_name = f"{case} (in turns)"
            else:
                ours_growth, git_growth = b['ours'] / a['ours'], b['reference'] / a['reference']
                met, case_name = "—", case
            lines.append(f"| {case_name} | {ours_growth:.2f}× | {git_growth:.2f}× | {ours_growth / git_growth:.2f} | {met} |")
    lines += ["", "Reference commands: " + "; ".join(dict.fromkeys(f"`{row['case']}`: `{row['reference_command']}`" for row in rows if row['size'] == rows[0]['size'])), ""]
    analysis = os.path.join(HERE, "analysis.md")
    if os.path.exists(analysis):
        with open(analysis) as handle:
            lines += ["", handle.read().rstrip(), ""]
    with open(path, "w") as handle:
        handle.write("\n".join(lines))
    print(f"wrote {path}", file=sys.stderr)

if __name__ == "__main__":
    main()
