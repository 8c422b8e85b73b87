# relnotes — build, test, install, and relnotes' own changelog.
# Every target that builds first makes sure libgit2 is there (`deps`).

PREFIX        ?= /usr/local
SWIFT         ?= swift
CONFIGURATION ?= release
SUDO          := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BIN_DIR        = $(shell $(SWIFT) build -c $(CONFIGURATION) --show-bin-path)
RELNOTES       = $(BIN_DIR)/relnotes

BENCH_RUNS    ?= 5
# BENCH_SIZES="100000 300000 1000000" adds the million-commit history (10,000 tags)
BENCH_SIZES ?= 100000 300000
BENCH_CACHE ?=

.PHONY: bench all deps build test install uninstall changelog changelog-all check-changelog check-workflows check-schema docs golden clean

all: build

## deps: install libgit2-dev with apt-get, only when pkg-config cannot find libgit2
deps:
	@if pkg-config --exists libgit2; then \
		echo "libgit2 $$(pkg-config --modversion libgit2) found"; \
	else \
		echo "libgit2 not found: installing libgit2-dev with apt-get"; \
		$(SUDO) apt-get update && $(SUDO) apt-get install -y libgit2-dev; \
	fi

## build: the relnotes executable ($(CONFIGURATION) configuration)
build: deps
	$(SWIFT) build -c $(CONFIGURATION) --product relnotes

## test: the whole test suite
test: deps
	$(SWIFT) test

## install: relnotes into $(PREFIX)/bin
install: build
	install -d "$(DESTDIR)$(PREFIX)/bin"
	install -m 0755 "$(RELNOTES)" "$(DESTDIR)$(PREFIX)/bin/relnotes"

## changelog: update the Unreleased section of CHANGELOG.md (every other byte is kept)
changelog: build
	"$(RELNOTES)" changelog --output CHANGELOG.md

## changelog-all: regenerate CHANGELOG.md from every release tag
changelog-all: build
	"$(RELNOTES)" changelog --all --output CHANGELOG.md

## check-changelog: fail (exit 3, with a diff) when CHANGELOG.md is not what changelog-all writes
check-changelog: build
	"$(RELNOTES)" changelog --all --output CHANGELOG.md --check

## check-workflows: validate .github/workflows and docs/examples offline (GitHub's schema, then zizmor's audits)
PY_SCRIPTS = $(shell python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')
check-workflows:
	@[ -x "$(PY_SCRIPTS)/check-jsonschema" ] && [ -x "$(PY_SCRIPTS)/zizmor" ] || \
		python3 -m pip install --quiet check-jsonschema zizmor
	"$(PY_SCRIPTS)/check-jsonschema" --builtin-schema vendor.github-workflows .github/workflows/*.yml docs/examples/*.yml
	"$(PY_SCRIPTS)/zizmor" --offline .github/workflows/ docs/examples/*.yml

## check-schema: every example .relnotes.toml in the docs matches docs/schema/relnotes.schema.json,
## and the wrong ones in Scripts/schema-must-reject/ do not (offline, check-jsonschema)
check-schema:
	@[ -x "$(PY_SCRIPTS)/check-jsonschema" ] || python3 -m pip install --quiet check-jsonschema
	python3 Scripts/check-config-schema.py "$(PY_SCRIPTS)/check-jsonschema"

## docs: DocC documentation of RelnotesCore and RelnotesGit into .build/docs/<target>
DOCC_TARGETS = RelnotesCore RelnotesGit
docs: deps
	@mkdir -p .build/docs
	@command -v docc >/dev/null || xcrun --find docc >/dev/null 2>&1 || { \
		echo "docc is not in this Swift toolchain: install a toolchain that ships it (swift.org toolchains do)"; exit 1; }
	@for target in $(DOCC_TARGETS); do \
		$(SWIFT) package --allow-writing-to-directory .build/docs \
			generate-documentation --target $$target --output-path .build/docs/$$target \
			--warnings-as-errors --transform-for-static-hosting || exit 1; \
		echo "$$target: .build/docs/$$target/index.html"; \
	done

## bench: time relnotes on generated 100k/300k(/1M)-commit histories; writes Benchmarks/RESULTS.md
bench: build
	@command -v hyperfine >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y hyperfine; }
	@command -v git-cliff >/dev/null || python3 -m pip install --quiet git-cliff || \
		echo "git-cliff could not be installed: its columns stay empty (pip install git-cliff)"
	python3 Benchmarks/bench.py --relnotes "$(RELNOTES)" --runs $(BENCH_RUNS) --sizes $(BENCH_SIZES) $(if $(BENCH_CACHE),--cache $(BENCH_CACHE))

## golden: re-record golden files on purpose (the recording run fails; run make test after)
golden: deps
	-RELNOTES_RECORD=1 $(SWIFT) test
	@echo "golden files rewritten: review them with git diff, then run make test"

uninstall:
	rm -f "$(DESTDIR)$(PREFIX)/bin/relnotes"

clean:
	rm -rf .build
