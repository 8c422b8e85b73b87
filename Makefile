# relnotes — build, test, install, and relnotes' own changelog.
# Every target that builds first makes sure libgit2 is there (`deps`).

PREFIX        ?= /usr/local
SWIFT         ?= swift
CONFIGURATION ?= release
SUDO          := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BIN_DIR        = $(shell $(SWIFT) build -c $(CONFIGURATION) --show-bin-path)
RELNOTES       = $(BIN_DIR)/relnotes

BENCH_RUNS    ?= 5

# Distribution (make dist, man, install): the portable binary's version and where files go.
VERSION       ?= $(shell sed -n 's/.*static let toolVersion = "\(.*\)"/\1/p' Sources/RelnotesCLI/Relnotes.swift)
ARCH          := $(shell uname -m)
DIST_DIR      ?= dist
DIST_BINARY    = $(DIST_DIR)/relnotes-$(VERSION)-linux-$(ARCH)
JOBS          ?= 1
MAN_PAGE       = $(DIST_DIR)/relnotes.1

.PHONY: bench all deps build test install uninstall changelog changelog-all check-changelog check-workflows golden clean \
	dist dist-deps dist-binary check-dist man check-man

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

## install: relnotes into $(PREFIX)/bin, its man page and its bash, zsh and fish completions
install: build man
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/man/man1" \
		"$(DESTDIR)$(PREFIX)/share/bash-completion/completions" \
		"$(DESTDIR)$(PREFIX)/share/zsh/site-functions" \
		"$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d"
	install -m 0755 "$(RELNOTES)" "$(DESTDIR)$(PREFIX)/bin/relnotes"
	install -m 0644 "$(MAN_PAGE)" "$(DESTDIR)$(PREFIX)/share/man/man1/relnotes.1"
	"$(RELNOTES)" completions bash > "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/relnotes"
	"$(RELNOTES)" completions zsh > "$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_relnotes"
	"$(RELNOTES)" completions fish > "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/relnotes.fish"

## man: the man page relnotes.1, generated from the command tree (argument-parser's
## generate-manual plugin, on the debug build make test uses), into $(DIST_DIR)/, dated by the
## last commit; scripts/tidy-man.awk sets the examples as displays
man: deps
	$(SWIFT) package --jobs $(JOBS) plugin generate-manual --configuration debug \
		--date "$$(git log -1 --format=%cs 2>/dev/null || date +%F)"
	install -d "$(DIST_DIR)"
	awk -f scripts/tidy-man.awk .build/plugins/GenerateManual/outputs/RelnotesCLI/relnotes.1 > "$(MAN_PAGE)"
	@$(MAKE) --no-print-directory check-man

## check-man: the man page renders with groff without a single warning
check-man:
	@command -v groff >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y groff-base; }
	@warnings="$$(groff -man -Tutf8 -ww -z "$(MAN_PAGE)" 2>&1)"; \
		if [ -n "$$warnings" ]; then echo "$$warnings" >&2; exit 1; fi; \
		echo "$(MAN_PAGE) renders without warnings"

## dist-deps: the Debian packages whose static archives make dist links (only those missing)
DIST_PACKAGES = libgit2-dev libcurl4-openssl-dev libnghttp2-dev librtmp-dev libpsl-dev libldap-dev \
	libzstd-dev libunistring-dev libbrotli-dev libidn2-dev libssl-dev g++ binutils
dist-deps:
	@missing=""; for package in $(DIST_PACKAGES); do \
		dpkg -s "$$package" >/dev/null 2>&1 || missing="$$missing $$package"; done; \
	if [ -n "$$missing" ]; then $(SUDO) apt-get update && $(SUDO) apt-get install -y $$missing; fi

## dist: the portable Linux binary (Swift runtime, Foundation, libgit2 and its dependencies
## linked statically) with .sha256, and a .tar.gz with man page and completions, in $(DIST_DIR)/
dist: dist-deps man
	VERSION="$(VERSION)" DIST_DIR="$(DIST_DIR)" MAN_PAGE="$(MAN_PAGE)" SWIFT="$(SWIFT)" JOBS="$(JOBS)" scripts/dist.sh

## dist-binary: print the path of the portable binary make dist writes
dist-binary:
	@echo "$(DIST_BINARY)"

## check-dist: run the dist binary with the Swift toolchain and libgit2 hidden (needs root or
## user namespaces), on a fixture and on a fresh clone, against the development build
check-dist: dist
	MAN_PAGE="$(MAN_PAGE)" scripts/check-dist.sh "$(DIST_BINARY)" "$$($(SWIFT) build --show-bin-path)/relnotes"

## changelog: update the Unreleased section of CHANGELOG.md (every other byte is kept)
changelog: build
	"$(RELNOTES)" changelog --output CHANGELOG.md

## changelog-all: regenerate CHANGELOG.md from every release tag
changelog-all: build
	"$(RELNOTES)" changelog --all --output CHANGELOG.md

## check-changelog: fail (exit 3, with a diff) when CHANGELOG.md is not what changelog-all writes
check-changelog: build
	"$(RELNOTES)" changelog --all --output CHANGELOG.md --check

## check-workflows: validate .github/workflows offline (GitHub's schema, then zizmor's audits)
PY_SCRIPTS = $(shell python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')
check-workflows:
	@[ -x "$(PY_SCRIPTS)/check-jsonschema" ] && [ -x "$(PY_SCRIPTS)/zizmor" ] || \
		python3 -m pip install --quiet check-jsonschema zizmor
	"$(PY_SCRIPTS)/check-jsonschema" --builtin-schema vendor.github-workflows .github/workflows/*.yml
	"$(PY_SCRIPTS)/check-jsonschema" --builtin-schema vendor.github-actions action.yml
	"$(PY_SCRIPTS)/zizmor" --offline .github/workflows/ action.yml

## bench: time relnotes on generated 100k/300k-commit histories; writes Benchmarks/RESULTS.md
bench: build
	@command -v hyperfine >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y hyperfine; }
	@command -v git-cliff >/dev/null || python3 -m pip install --quiet git-cliff || \
		echo "git-cliff could not be installed: its columns stay empty (pip install git-cliff)"
	python3 Benchmarks/bench.py --relnotes "$(RELNOTES)" --runs $(BENCH_RUNS)

## golden: re-record golden files on purpose (the recording run fails; run make test after)
golden: deps
	-RELNOTES_RECORD=1 $(SWIFT) test
	@echo "golden files rewritten: review them with git diff, then run make test"

uninstall:
	rm -f "$(DESTDIR)$(PREFIX)/bin/relnotes" "$(DESTDIR)$(PREFIX)/share/man/man1/relnotes.1" \
		"$(DESTDIR)$(PREFIX)/share/bash-completion/completions/relnotes" \
		"$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_relnotes" \
		"$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/relnotes.fish"

clean:
	rm -rf .build .build-dist "$(DIST_DIR)"
