#!/usr/bin/env python3
"""Validates every example .relnotes.toml against docs/schema/relnotes.schema.json.

Examples: docs/examples/*.toml, every ```toml block in README.md and docs/*.md, and the
files `relnotes init` writes in the golden tests (Fixtures/Scenarios/*/init.toml). Each is
converted to JSON with tomllib and checked by check-jsonschema; then every file in
Scripts/schema-must-reject/ must FAIL, so a schema that accepts anything cannot pass.

Usage: check-config-schema.py CHECK_JSONSCHEMA
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import tomllib

SCHEMA = "docs/schema/relnotes.schema.json"


def examples():
    for path in sorted(glob.glob("docs/examples/*.toml") + glob.glob("Fixtures/Scenarios/*/init.toml")):
        with open(path, encoding="utf-8") as file:
            yield path, file.read()
    for path in ["README.md"] + sorted(glob.glob("docs/*.md")):
        with open(path, encoding="utf-8") as file:
            text = file.read()
        for number, match in enumerate(re.finditer(r"^```toml\n(.*?)^```", text, re.M | re.S), 1):
            line = text[: match.start()].count("\n") + 1
            yield f"{path}:{line} (toml block {number})", match.group(1)


def as_json(folder, name, text):
    target = os.path.join(folder, re.sub(r"[^A-Za-z0-9]+", "_", name) + ".json")
    with open(target, "w", encoding="utf-8") as file:
        json.dump(tomllib.loads(text), file)
    return target


def check(tool, files):
    return subprocess.run([tool, "--schemafile", SCHEMA, *files]).returncode == 0


def main():
    tool = sys.argv[1] if len(sys.argv) > 1 else "check-jsonschema"
    if subprocess.run([tool, "--check-metaschema", SCHEMA]).returncode != 0:
        sys.exit("the schema itself is not a valid JSON Schema")
    with tempfile.TemporaryDirectory() as folder:
        good = []
        for name, text in examples():
            print(f"example: {name}")
            good.append(as_json(folder, name, text))
        if not good:
            sys.exit("no example configuration found")
        if not check(tool, good):
            sys.exit("an example configuration does not match the schema")
        for path in sorted(glob.glob("Scripts/schema-must-reject/*.toml")):
            with open(path, encoding="utf-8") as file:
                converted = as_json(folder, "reject-" + path, file.read())
            result = subprocess.run([tool, "--schemafile", SCHEMA, converted], capture_output=True, text=True)
            if result.returncode == 0:
                sys.exit(f"{path} is wrong on purpose, yet the schema accepts it")
            print(f"rejected as it should be: {path}")
    print(f"{len(good)} example configurations match {SCHEMA}")


if __name__ == "__main__":
    main()
