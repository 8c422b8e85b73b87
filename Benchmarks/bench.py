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
import argparse, hashlib, json, os, platform, shutil, subprocess, sys, tempfile, time

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
        subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), path, "--commits", str(size)], check=True)
    return path

def median(command, cwd, runs):
    with tempfile.NamedTemporaryFile(suffix=".json") as export:
        subprocess.run(["hyperfine", "--style", "none", "--warmup", "1" if runs > 1 else "0", "--runs", str(runs),
                        "--export-json", export.name, "--", command], cwd=cwd, check=True, stdout=subprocess.DEVNULL)
        with open(export.name) as handle:
            result = json.load(handle)["results"][0]
    return result.get("median", result["mean"])

def max_rss_mb(command, cwd):
    process = subprocess.Popen(command, cwd=cwd, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(process.pid, 0)
    # A shell running one command execs it, or waits for it: either way the child's peak counts.
    return usage.ru_maxrss / 1024

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--relnotes", required=True)
    parser.add_argument("--cache", default=os.path.join(os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "relnotes-bench"))
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 300_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cliff-runs", type=int, default=1)
    parser.add_argument("--cliff-sizes", type=int, nargs="*", default=[100_000],
                        help="histories git-cliff is timed on (it takes minutes per case on large ones)")
    parser.add_argument("--output", default=os.path.join(HERE, "RESULTS.md"))
    args = parser.parse_args()
    relnotes = os.path.abspath(args.relnotes)
    os.makedirs(args.cache, exist_ok=True)
    cliff = shutil.which("git-cliff")
    rows = []
    for size in args.sizes:
        repo = history(args.cache, size)
        last = sh("git describe --tags --abbrev=0 --match 'v*' --exclude '*-rc.*'", repo)
        unreleased = int(sh(f"git rev-list --count --no-merges {last}..HEAD", repo))
        cases = [
            ("1 next-version", f"{relnotes} next-version",
             f"sh -c 'git log --format=%B {last}..HEAD >/dev/null; git tag --merged HEAD >/dev/null'", 2.0,
             "git-cliff --bumped-version"),
            ("2 changelog (unreleased)", f"{relnotes} changelog", f"git log --format=%B {last}..HEAD", 2.0,
             "git-cliff --unreleased"),
            ("3a changelog --all", f"{relnotes} changelog --all", "git log --format=%H%x00%B HEAD", 1.5, "git-cliff"),
            ("3b changelog --all --format json", f"{relnotes} changelog --all --format json", "git log --format=%H%x00%B HEAD", 1.5,
             "git-cliff --context"),
            ("4 changelog --all --include-path", f"{relnotes} changelog --all --include-path 'packages/a/**'",
             "git log --format=%H -- packages/a", 2.0, "git-cliff --include-path 'packages/a/**'"),
        ]
        for name, ours, reference, target, cliff_command in cases:
            print(f"[{size}] {name}", file=sys.stderr)
            row = {"size": size, "case": name, "target": target, "unreleased": unreleased,
                   "ours": median(ours, repo, args.runs), "reference": median(reference, repo, args.runs),
                   "ours_rss": max_rss_mb(ours, repo), "reference_rss": max_rss_mb(reference, repo),
                   "reference_command": reference}
            if cliff and size in args.cliff_sizes:
                try:
                    row["cliff"] = median(cliff_command, repo, args.cliff_runs)
                except subprocess.CalledProcessError:
                    row["cliff"] = None
            rows.append(row)
    write_results(args.output, rows, cliff, args)

def write_results(path, rows, cliff, args):
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
        f"{git_version}, {cliff_version}. Medians of {args.runs} runs after a warm-up (git-cliff: {args.cliff_runs}),",
        "timed with hyperfine; peak memory is the max RSS of one run. Histories from `Benchmarks/generate.py`",
        "(a release tag every 100 commits, annotated and lightweight, release candidates, merges,",
        "8 packages). Ratios are relnotes ÷ reference, measured in the same invocation: lower is better.",
        "",
        "| history | case | relnotes | reference (git) | ratio | target | met | relnotes RSS | git RSS | git-cliff | × faster than git-cliff |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        ratio = row["ours"] / row["reference"] if row["reference"] > 0 else float("inf")
        met = "yes" if ratio <= row["target"] else f"no ({ratio / row['target']:.1f}× over)"
        cliff_cell, faster = "—", "—"
        if row.get("cliff"):
            cliff_cell = f"{row['cliff']:.2f} s"
            faster = f"{row['cliff'] / row['ours']:.0f}×"
        lines.append(f"| {row['size']:,} | {row['case']} | {row['ours']:.3f} s | {row['reference']:.3f} s | {ratio:.2f} | ≤ {row['target']} | {met} "
                     f"| {row['ours_rss']:.0f} MB | {row['reference_rss']:.0f} MB | {cliff_cell} | {faster} |")
    sizes = sorted({row["size"] for row in rows})
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        lines += ["", f"## Growth from {small:,} to {large:,} commits (target: at most {3.5 * large / small / 3:.1f}× for 3× the history)", "",
                  "| case | relnotes | git |", "|---|---|---|"]
        for case in dict.fromkeys(row["case"] for row in rows):
            a = next(r for r in rows if r["case"] == case and r["size"] == small)
            b = next(r for r in rows if r["case"] == case and r["size"] == large)
            lines.append(f"| {case} | {b['ours'] / a['ours']:.2f}× | {b['reference'] / a['reference']:.2f}× |")
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
