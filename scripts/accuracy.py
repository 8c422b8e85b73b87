#!/usr/bin/env python3
"""Compare relnotes' changelog with the one a project's maintainers published.

Given a local clone of a repository, a relnotes binary and the maintainers' CHANGELOG.md, this
parses the maintainers' release sections, runs `relnotes changelog --all --format json`, matches
the entries of each release (by commit hash, then pull-request number, then normalised text)
and prints a Markdown report: one table row per release with the entries in both, only in
theirs, only in ours, precision and recall, then the differences classified by likely cause,
then a sample of them.

    python3 scripts/accuracy.py /path/to/clone --relnotes /path/to/relnotes \
        [--changelog FILE] [--config relnotes.toml] [--limit 20] [--output report.md]

Python 3 standard library only. See docs/accuracy.md.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field

SEMVER = r"v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)"
# "## [1.2.3](url) (date)", "### [1.2.3]", "## 1.2.3 - date", "## v1.2.3", "# [1.2.3](url)"
HEADING = re.compile(r"^(#{1,3})\s+\[?" + SEMVER + r"\]?(?=[\s(\]]|$)")
ANY_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
BULLET = re.compile(r"^( {0,1})[-*+]\s+(.*)$")
RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")  # "- - -", "***": a thematic break
HASH_LINK = re.compile(r"/commit/([0-9a-f]{7,40})\b")
HASH_BRACKET = re.compile(r"\[`?([0-9a-f]{7,40})`?\]")
HASH_PAREN = re.compile(r"\(`?([0-9a-f]{7,40})`?\)")
PR_LINK = re.compile(r"\[#(\d+)\]\([^)]*\)")
PR_PLAIN = re.compile(r"(?<![\w/])#(\d+)\b")
RELEASE_COMMIT = re.compile(
    r"^(chore|build|ci)(\([^)]*\))?!?:\s*(release|prepare for|bump (the )?version|version)\b"
    r"|^chore\((release|main|master)\)"
    r"|^(release|bump version|version bump)\b"
    r"|^[a-z]+(\([^)]*\))?!?:\s*v?\d+\.\d+\.\d+\S*$"
    r"|^v?\d+\.\d+\.\d+$",
    re.IGNORECASE,
)
HEADER_FORMAT = re.compile(r"^(?P<type>[A-Za-z]+)(\((?P<scope>[^)]*)\))?(?P<bang>!)?:\s")


def normalise(text: str) -> str:
    """Entry text without links, hashes, PR numbers, scope markers, case and extra spaces."""
    t = text
    t = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", t)  # badges (cocogitto's BREAKING)
    t = re.sub(r"\[\*\*breaking\*\*\]", " ", t, flags=re.IGNORECASE)
    t = PR_LINK.sub(" ", t)
    # cut at the first commit-hash link: what follows is hashes, authors, issue lists
    m = re.search(r"\(?\[`?[0-9a-f]{7,40}`?\]\([^)]*\)", t)
    if m:
        t = t[: m.start()]
    t = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", t)  # other links keep their text
    t = re.sub(r"^\s*(\*\*[^*]+:\*\*|\*\([^)]*\)\*|\(\*\*[^*]+\*\*\)|\*\*\([^)]*\)\*\*)\s*", "", t)
    t = re.sub(r"\(\s*#\d+\s*\)", " ", t)
    t = re.sub(r"\(\s*\)", " ", t)
    t = re.sub(r"`", "", t)
    t = re.sub(r"\s+", " ", t).strip().lower()
    t = re.sub(r"[\s\-–—:;,.]+$", "", t)
    return t


@dataclass
class Theirs:
    raw: str
    section: str
    text: str
    hashes: list[str]
    prs: list[int]
    matched_by: str | None = None
    commit: str | None = None


@dataclass
class TheirRelease:
    version: str
    line: int
    entries: list[Theirs] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def parse_changelog(text: str) -> tuple[list[TheirRelease], list[str]]:
    """Release sections (newest first, as written) and notes on what could not be parsed."""
    releases: list[TheirRelease] = []
    notes: list[str] = []
    current: TheirRelease | None = None
    section = ""
    release_level = None
    in_fence = False
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        m = HEADING.match(line)
        if m and (release_level is None or len(m.group(1)) <= release_level + 1):
            # a version heading; "### [1.2.4]" next to "## [1.2.3]" is a release too
            # (release-please wrote patch releases one level deeper for a while)
            if release_level is None:
                release_level = len(m.group(1))
            current = TheirRelease(m.group(2), number)
            releases.append(current)
            section = ""
            continue
        h = ANY_HEADING.match(line)
        if h:
            if release_level is not None and len(h.group(1)) <= release_level:
                current = None  # "## Unreleased", "## Older versions", ...
            section = h.group(2).strip()
            continue
        if current is None:
            continue
        b = BULLET.match(line)
        if not b or RULE.match(line):
            continue
        body = b.group(2).strip()
        if not body:
            continue
        hashes = HASH_LINK.findall(body) or HASH_BRACKET.findall(body) or HASH_PAREN.findall(body)
        prs = [int(x) for x in PR_LINK.findall(body)] or [int(x) for x in PR_PLAIN.findall(body)]
        lowered = section.lower()
        if not hashes and ("contributor" in lowered or "package update" in lowered
                           or "bumped to" in body):
            current.skipped.append(body)
            continue
        current.entries.append(Theirs(body, section, normalise(body), hashes, prs))
    if not releases:
        notes.append("no `## <version>` headings found: nothing parsed")
    return releases, notes


@dataclass
class Ours:
    commit: dict
    group: str
    matched: bool = False
    cause: str | None = None

    @property
    def id(self) -> str:
        return self.commit["id"]

    @property
    def text(self) -> str:
        return normalise(self.commit.get("summary") or self.commit.get("description") or "")


def visible_entries(release: dict) -> list[Ours]:
    """What relnotes shows for a release: breaking changes plus every visible group's entries."""
    out: list[Ours] = []
    seen: set[tuple[str, str]] = set()

    def add(commit: dict, group: str) -> None:
        key = (commit["id"], commit.get("summary") or commit.get("description") or "")
        if key not in seen:
            seen.add(key)
            out.append(Ours(commit, group))

    for c in release.get("breaking_changes") or []:
        add(c, "Breaking Changes")

    def walk(groups: list[dict]) -> None:
        for g in groups or []:
            for c in g.get("commits") or []:
                add(c, g.get("title") or "")
            walk(g.get("groups") or [])

    walk(release.get("groups") or [])
    return out


def git(repo: str, *args: str) -> str:
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True,
                          text=True, errors="replace").stdout


class History:
    """Facts about the clone used to explain differences."""

    def __init__(self, repo: str):
        self.repo = repo
        self.reachable = set(git(repo, "rev-list", "HEAD").split())
        self.merges = set(git(repo, "rev-list", "--merges", "HEAD").split())
        self.reverted: set[str] = set()
        self.reverters: set[str] = set()
        self.subjects: dict[str, str] = {}
        log = git(repo, "log", "--format=%H%x00%s%x00%b%x1e", "HEAD")
        for record in log.split("\x1e"):
            parts = record.strip("\n").split("\x00")
            if len(parts) < 3:
                continue
            self.subjects[parts[0]] = parts[1]
            for m in re.finditer(r"This reverts commit ([0-9a-f]{7,40})", parts[2]):
                self.reverted.add(m.group(1))
                self.reverters.add(parts[0])

    def resolve(self, short: str) -> str | None:
        for full in self.reachable:
            if full.startswith(short):
                return full
        try:
            return git(self.repo, "rev-parse", "--verify", "--quiet", short + "^{commit}").strip() or None
        except subprocess.CalledProcessError:
            return None

    def is_reverted(self, full: str) -> bool:
        return any(full.startswith(r) or r.startswith(full) for r in self.reverted)

    def changelog_only(self, full: str) -> bool:
        files = git(self.repo, "diff-tree", "--no-commit-id", "--name-only", "-r", full).split()
        return bool(files) and all(os.path.basename(f).lower().startswith("changelog") for f in files)


def run_relnotes(args: argparse.Namespace) -> dict:
    cmd = [args.relnotes, "changelog", "--all", "--format", "json", "--repo", args.repo]
    if args.config:
        cmd += ["--config", args.config]
    if args.group_by:
        cmd += ["--group-by", args.group_by]
    for extra in args.relnotes_arg or []:
        cmd.append(extra)
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"accuracy: relnotes failed ({proc.returncode}): {proc.stderr.strip()}")
    return json.loads(proc.stdout)


def match_release(theirs: TheirRelease, ours: list[Ours]) -> None:
    by_short: dict[str, Ours] = {}
    for o in ours:
        by_short.setdefault(o.id[:7], o)
    # 1. commit hash (one commit may stand behind several of their entries)
    for t in theirs.entries:
        for h in t.hashes:
            o = by_short.get(h[:7])
            if o and o.id.startswith(h):
                if o.matched:
                    t.matched_by = "hash (again)"
                else:
                    t.matched_by = "hash"
                    o.matched = True
                t.commit = o.id
                break
    # 2. pull-request number
    for t in theirs.entries:
        if t.matched_by or t.hashes or not t.prs:
            continue
        for o in ours:
            if not o.matched and o.commit.get("pull_request") in t.prs:
                t.matched_by, t.commit, o.matched = "pull request", o.id, True
                break
    # 3. normalised text
    for t in theirs.entries:
        if t.matched_by or not t.text:
            continue
        for o in ours:
            if not o.matched and o.text == t.text:
                t.matched_by, t.commit, o.matched = "text", o.id, True
                break
    # 4. an entry that repeats a commit already matched: a pull request or a breaking note
    #    named a second time (release-please lists breaking notes again under their own heading)
    for t in theirs.entries:
        if t.matched_by:
            continue
        for o in ours:
            note = normalise((o.commit.get("breaking_note") or "").split("\n")[0])
            if (not t.hashes and o.commit.get("pull_request") in t.prs) or (note and note == t.text):
                t.matched_by, t.commit = "hash (again)", o.id
                break
    texts = [t.text for t in theirs.entries if "breaking" not in t.section.lower()]
    for t in theirs.entries:
        if "breaking" in t.section.lower() and (t.matched_by == "hash (again)"
                                                or (not t.matched_by and t.text in texts)):
            t.matched_by = "repeat"


def classify_theirs(t: Theirs, version: str, ours_index: dict[str, str], hidden_index: dict[str, str],
                    hist: History) -> str:
    if t.matched_by == "hash (again)":
        return "several entries from one commit (squash body or hand split)"
    if not t.hashes:
        return "no commit hash and no match by PR/text (hand-written or reworded)"
    full = hist.resolve(t.hashes[0])
    if full is None:
        return "commit not in this clone (rewritten history or other branch)"
    if full in ours_index and ours_index[full] != version:
        return "relnotes lists it under another release (range/prerelease folding)"
    if full in hidden_index:
        return "relnotes hides its group (`%s`)" % hidden_index[full]
    if full not in hist.reachable:
        return "commit not reachable from HEAD (release branch)"
    if full in hist.merges:
        return "merge commit (relnotes leaves merges out)"
    if hist.is_reverted(full):
        return "reverted later (relnotes drops reverted pairs)"
    subject = hist.subjects.get(full, "")
    if subject.lower().startswith("revert") or full in hist.reverters:
        return "a revert whose target relnotes dropped with it"
    if not HEADER_FORMAT.match(subject):
        return "non-conventional header relnotes does not list here"
    return "in history but not in relnotes' range for this release"


def classify_ours(o: Ours, version: str, theirs_index: dict[str, str], shown: dict, hist: History) -> str:
    c = o.commit
    header = c.get("header") or ""
    if theirs_index.get(o.id[:7]) not in (None, version):
        return "they list it under another release (range/prerelease folding)"
    if RELEASE_COMMIT.search(header):
        return "release commit"
    if not c.get("conventional"):
        return "non-conventional commit (they drop these)"
    ctype = (c.get("type") or "").lower()
    scope = (c.get("scope") or "").lower()
    if c.get("breaking") and shown["types"].get(ctype, 0) == 0:
        return "breaking `%s` (they hide the type even when breaking)" % ctype
    if shown["types"].get(ctype, 0) == 0:
        return "type `%s` they never show" % ctype
    if shown["types"][ctype] < 0.25 * (shown["types"][ctype] + shown["unmatched_types"][ctype]):
        return "type `%s` they mostly hide" % ctype
    if scope and shown["scopes"].get((ctype, scope), 0) == 0 and shown["unmatched_scopes"][(ctype, scope)] >= 3:
        return "`%s(%s)` they never show" % (ctype, scope)
    if o.id in hist.reachable and hist.changelog_only(o.id):
        return "commit touches only the changelog"
    if not scope and shown["unscoped"] == 0:
        return "no scope (they drop unscoped commits)"
    return "type they show, commit left out (hand edit or their filter)"


def pct(a: int, b: int) -> str:
    return "n/a" if b == 0 else "%.0f%%" % (100.0 * a / b)


def md_escape(text: str, limit: int = 90) -> str:
    t = re.sub(r"\s+", " ", text).replace("|", "\\|")
    return t if len(t) <= limit else t[: limit - 1] + "…"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("repo", help="a local clone with its tags")
    p.add_argument("--relnotes", default="relnotes", help="the relnotes binary (default: relnotes on PATH)")
    p.add_argument("--changelog", help="the maintainers' changelog (default: `git show HEAD:CHANGELOG.md`)")
    p.add_argument("--config", help="a relnotes configuration file passed as --config")
    p.add_argument("--group-by", choices=["type", "scope"], help="passed to relnotes")
    p.add_argument("--relnotes-arg", action="append", help="one more argument for relnotes (repeatable)")
    p.add_argument("--limit", type=int, default=20, help="the newest N of their releases (default 20)")
    p.add_argument("--samples", type=int, default=3, help="examples per cause (default 3)")
    p.add_argument("--name", help="the title of the report (default: the folder name)")
    p.add_argument("--output", help="write the Markdown here instead of stdout")
    p.add_argument("--json", help="also write the numbers as JSON here")
    args = p.parse_args()

    name = args.name or os.path.basename(os.path.abspath(args.repo))
    if args.changelog:
        with open(args.changelog, encoding="utf-8", errors="replace") as f:
            text = f.read()
    else:
        text = git(args.repo, "show", "HEAD:CHANGELOG.md")
    theirs, notes = parse_changelog(text)
    doc = run_relnotes(args)
    hist = History(args.repo)

    ours_by_version = {r["version"]: r for r in doc["releases"] if r.get("version")}
    ours_index: dict[str, str] = {}   # commit id -> version where relnotes shows it
    hidden_index: dict[str, str] = {}  # commit id -> type, for commits in a range but not shown
    for r in doc["releases"]:
        shown_ids = {o.id for o in visible_entries(r)}
        for c in r.get("commits") or []:
            if r.get("version"):
                if c["id"] in shown_ids:
                    ours_index.setdefault(c["id"], r["version"])
                else:
                    hidden_index.setdefault(c["id"], c.get("type") or "non-conventional")

    seen_versions: set[str] = set()
    selected: list[TheirRelease] = []
    for r in theirs:
        if r.version in seen_versions:
            notes.append("version %s appears twice in their changelog (line %d): second one skipped" % (r.version, r.line))
            continue
        seen_versions.add(r.version)
        selected.append(r)
    selected = selected[: args.limit]

    theirs_index: dict[str, str] = {}  # short hash -> their version (all releases)
    for r in theirs:
        for t in r.entries:
            for h in t.hashes:
                theirs_index.setdefault(h[:7], r.version)

    rows = []
    pairs = []
    for tr in selected:
        orel = ours_by_version.get(tr.version)
        if orel is None:
            notes.append("%s: in their changelog, no such release tag reachable from HEAD" % tr.version)
            continue
        ours = visible_entries(orel)
        match_release(tr, ours)
        pairs.append((tr, orel, ours))

    # which types/scopes they show, learned from every matched entry of the compared releases
    shown = {"types": collections.Counter(), "scopes": collections.Counter(), "unscoped": 0,
             "unmatched_scopes": collections.Counter(), "unmatched_types": collections.Counter()}
    for tr, orel, ours in pairs:
        for o in ours:
            ctype = (o.commit.get("type") or "").lower()
            scope = (o.commit.get("scope") or "").lower()
            if o.matched:
                shown["types"][ctype] += 1
                shown["scopes"][(ctype, scope)] += 1
                shown["unscoped"] += 0 if scope else 1
            else:
                shown["unmatched_scopes"][(ctype, scope)] += 1
                shown["unmatched_types"][ctype] += 1

    causes_theirs: dict[str, list[tuple[str, str]]] = collections.defaultdict(list)
    causes_ours: dict[str, list[tuple[str, str]]] = collections.defaultdict(list)
    totals = collections.Counter()
    per_release = []
    for tr, orel, ours in pairs:
        both = sum(1 for t in tr.entries if t.matched_by in ("hash", "pull request", "text"))
        repeats = [t for t in tr.entries if t.matched_by == "repeat"]
        only_theirs = [t for t in tr.entries if not t.matched_by or t.matched_by == "hash (again)"]
        only_ours = [o for o in ours if not o.matched]
        by_method = collections.Counter(t.matched_by for t in tr.entries if t.matched_by)
        for t in only_theirs:
            cause = classify_theirs(t, tr.version, ours_index, hidden_index, hist)
            causes_theirs[cause].append((tr.version, md_escape(t.text or t.raw)))
        for o in only_ours:
            cause = classify_ours(o, tr.version, theirs_index, shown, hist)
            o.cause = cause
            causes_ours[cause].append((tr.version, "%s `%s`" % (o.id[:7], md_escape(o.commit.get("header") or ""))))
        n_theirs, n_ours = len(tr.entries) - len(repeats), len(ours)
        totals.update(repeats=len(repeats), theirs=n_theirs, ours=n_ours, both=both, only_theirs=len(only_theirs),
                      only_ours=len(only_ours), ours_matched=sum(1 for o in ours if o.matched),
                      **{"by_" + k.replace(" ", "_").replace("(", "").replace(")", ""): v for k, v in by_method.items()})
        per_release.append({"version": tr.version, "theirs": n_theirs, "ours": n_ours, "both": both,
                            "only_theirs": len(only_theirs), "only_ours": len(only_ours),
                            "precision": pct(sum(1 for o in ours if o.matched), n_ours),
                            "recall": pct(both, n_theirs), "skipped": len(tr.skipped),
                            "range": "%s..%s" % (orel.get("previous_tag") or "(root)", orel.get("tag"))})

    out: list[str] = []
    w = out.append
    w("### %s" % name)
    w("")
    w("Compared: the newest %d release sections of their changelog with `relnotes changelog --all --format json`%s%s." % (
        len(per_release),
        " --config `%s`" % os.path.basename(args.config) if args.config else " (default configuration)",
        " --group-by %s" % args.group_by if args.group_by else ""))
    w("Matched by commit hash %d, by pull request %d, by text %d." % (
        totals["by_hash"], totals["by_pull_request"], totals["by_text"]))
    w("")
    w("| release | relnotes range | theirs | ours | both | only theirs | only ours | precision | recall |")
    w("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in per_release:
        w("| %s | `%s` | %d | %d | %d | %d | %d | %s | %s |" % (
            r["version"], r["range"], r["theirs"], r["ours"], r["both"], r["only_theirs"], r["only_ours"],
            r["precision"], r["recall"]))
    w("| **total** | | %d | %d | %d | %d | %d | %s | %s |" % (
        totals["theirs"], totals["ours"], totals["both"], totals["only_theirs"], totals["only_ours"],
        pct(totals["ours_matched"], totals["ours"]), pct(totals["both"], totals["theirs"])))
    w("")
    w("Precision: the share of relnotes' entries they also list. Recall: the share of their entries relnotes lists.")
    w("")
    for title, causes in (("Only in theirs", causes_theirs), ("Only in ours", causes_ours)):
        w("#### %s, by cause" % title)
        w("")
        if not causes:
            w("None.")
            w("")
            continue
        w("| cause | entries | examples |")
        w("|---|---:|---|")
        for cause, items in sorted(causes.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            sample = "; ".join("%s: %s" % (v, e) for v, e in items[: args.samples])
            w("| %s | %d | %s |" % (cause, len(items), sample))
        w("")
    skipped = sum(len(tr.skipped) for tr, _, _ in pairs)
    if skipped or notes or totals["repeats"]:
        w("#### Not compared")
        w("")
        if totals["repeats"]:
            w("- %d of their entries repeat a commit already listed (a breaking note under a breaking-changes heading); relnotes shows a breaking change once, so these are not counted." % totals["repeats"])
        if skipped:
            w("- %d bullet lines without a commit (package updates, contributor lists) were skipped." % skipped)
        for n in notes:
            w("- %s" % n)
        w("")
    report = "\n".join(out)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(report)
    else:
        sys.stdout.write(report)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"name": name, "totals": totals, "releases": per_release,
                       "causes_theirs": {k: len(v) for k, v in causes_theirs.items()},
                       "causes_ours": {k: len(v) for k, v in causes_ours.items()}}, f, indent=1, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
