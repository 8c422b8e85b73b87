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

# Distribution (make dist, man, install): the portable binary's version and where files go.
VERSION       ?= $(shell sed -n 's/.*static let toolVersion = "\(.*\)"/\1/p' Sources/RelnotesCLI/Relnotes.swift)
ARCH          := $(shell uname -m)
DIST_DIR      ?= dist
DIST_BINARY    = $(DIST_DIR)/relnotes-$(VERSION)-linux-$(ARCH)
JOBS          ?= 1
MAN_PAGE       = $(DIST_DIR)/relnotes.1

.PHONY: bench all deps build test install uninstall changelog changelog-all check-changelog check-workflows check-schema docs golden clean fuzz fuzz-build fuzz-ci sanitize \
	dist dist-deps dist-binary check-dist man check-man

all: build

## deps: install libgit2-dev with apt-get, only when pkg-config cannot find libgit2
deps:
	@if pkg-config --exists libgit2; then \
		echo "libgit2 $$(pkg-config --modversion libgit2) found"; \
	else \
		echo "libgit2 not found: installing libgit2-dev with apt-get"; \
		scripts/apt-install.sh libgit2-dev; \
	fi

## build: the relnotes executable ($(CONFIGURATION) configuration). On Linux the Swift runtime
## and Foundation are linked into it (STATIC_STDLIB): every run then starts faster, since the
## dynamic loader no longer maps them and resolves their symbols (docs/performance.md), and the
## binary keeps working when the toolchain moves. libgit2 and libcurl stay the system's (make
## dist links those in as well).
STATIC_STDLIB ?= $(if $(filter Linux,$(shell uname -s)),--static-swift-stdlib)
build: deps
	$(SWIFT) build -c $(CONFIGURATION) --product relnotes $(STATIC_STDLIB)

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
	@command -v groff >/dev/null || scripts/apt-install.sh groff-base
	@warnings="$$(groff -man -Tutf8 -ww -z "$(MAN_PAGE)" 2>&1)"; \
		if [ -n "$$warnings" ]; then echo "$$warnings" >&2; exit 1; fi; \
		echo "$(MAN_PAGE) renders without warnings"

## dist-deps: the Debian packages whose static archives make dist links (only those missing)
DIST_PACKAGES = libgit2-dev libcurl4-openssl-dev libnghttp2-dev librtmp-dev libpsl-dev libldap-dev \
	libzstd-dev libunistring-dev libbrotli-dev libidn2-dev libssl-dev g++ binutils
dist-deps:
	@scripts/apt-install.sh $(DIST_PACKAGES)

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

## check-workflows: validate .github/workflows and docs/examples offline (GitHub's schema, then zizmor's audits)
PY_SCRIPTS = $(shell python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')
check-workflows:
	@[ -x "$(PY_SCRIPTS)/check-jsonschema" ] && [ -x "$(PY_SCRIPTS)/zizmor" ] || \
		python3 -m pip install --quiet check-jsonschema zizmor
	"$(PY_SCRIPTS)/check-jsonschema" --builtin-schema vendor.github-workflows .github/workflows/*.yml docs/examples/*.yml
	"$(PY_SCRIPTS)/check-jsonschema" --builtin-schema vendor.github-actions action.yml
	"$(PY_SCRIPTS)/zizmor" --offline .github/workflows/ action.yml docs/examples/*.yml

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
## (the fixed cost of the portable binary too, when make dist has written it)
bench: build
	@command -v hyperfine >/dev/null || scripts/apt-install.sh hyperfine
	@command -v git-cliff >/dev/null || python3 -m pip install --quiet git-cliff || \
		echo "git-cliff could not be installed: its columns stay empty (pip install git-cliff)"
	python3 Benchmarks/bench.py --relnotes "$(RELNOTES)" --runs $(BENCH_RUNS) --sizes $(BENCH_SIZES) $(if $(BENCH_CACHE),--cache $(BENCH_CACHE)) \
		$(if $(wildcard $(DIST_BINARY)),--dist-binary "$(DIST_BINARY)")

## golden: re-record golden files on purpose (the recording run fails; run make test after)
golden: deps
	-RELNOTES_RECORD=1 $(SWIFT) test
	@echo "golden files rewritten: review them with git diff, then run make test"

## fuzz: build the libFuzzer targets in Tests/Fuzz (.build-fuzz) and run each FUZZ_SECONDS (600)
##       with a random seed (targets named in FUZZ_REPLAY only run their seed corpus once;
##       FUZZ_RUNS="Target=N …" with FUZZ_SEED=S runs N inputs from seed S instead of a time)
FUZZ_SECONDS  ?= 600
FUZZ_TARGETS  ?= FuzzCommitParser FuzzSemanticVersion FuzzConfiguration FuzzChangelogMerger FuzzCommitGraph
FUZZ_REPLAY   ?=
FUZZ_RUNS     ?=
FUZZ_SEED     ?= 1
FUZZ_CORPUS   ?= corpus
FUZZ_BUILD     = .build-fuzz
FUZZ_CRASHES   = Tests/Fuzz/crashes
SANITIZER_ENV  = LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/Fuzz/lsan.supp:print_suppressions=0 SWIFT_BACKTRACE=enable=no
fuzz: fuzz-build
	@mkdir -p "$(FUZZ_CRASHES)"; failed=""; \
	for target in $(FUZZ_TARGETS); do \
		mkdir -p "$(FUZZ_BUILD)/$(FUZZ_CORPUS)/$$target"; log="$(FUZZ_BUILD)/$$target.log"; \
		limit="-max_total_time=$(FUZZ_SECONDS)"; what="$(FUZZ_SECONDS) s over"; \
		runs=$$(echo " $(FUZZ_RUNS) " | sed -n "s/.* $$target=\([0-9]*\) .*/\1/p"); \
		pinned=""; if [ -n "$$runs" ]; then limit="-runs=$$runs -seed=$(FUZZ_SEED) -reload=0"; what="$$runs inputs from seed $(FUZZ_SEED) over"; pinned="SWIFT_DETERMINISTIC_HASHING=1"; \
			if setarch -R true 2>/dev/null; then pinned="$$pinned setarch -R"; fi; fi; \
		case " $(FUZZ_REPLAY) " in *" $$target "*) limit="-runs=0"; what="replaying";; esac; \
		echo "== $$target: $$what Tests/Fuzz/corpus/$$target (log: $$log)"; \
		if env $(SANITIZER_ENV) $$pinned "$(FUZZ_BUILD)/release/$$target" $$limit -timeout=25 \
			-print_final_stats=1 -artifact_prefix="$(FUZZ_CRASHES)/$$target-" \
			"$(FUZZ_BUILD)/$(FUZZ_CORPUS)/$$target" "Tests/Fuzz/corpus/$$target" >"$$log" 2>&1; then \
			grep -E 'INITED|DONE|^Done|stat::number_of_executed_units|stat::peak_rss_mb' "$$log"; \
			grep -q 'INITED cov: [1-9]' "$$log" || { echo "$$target: no coverage (built without its counters?)"; failed="$$failed $$target"; }; \
		else \
			tail -n 40 "$$log"; failed="$$failed $$target"; \
		fi; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz: failed:$$failed (inputs in $(FUZZ_CRASHES)/)"; exit 1; fi

# SwiftPM's --sanitize flags do not reach every compile of this package reliably: objects came
# out with ASan but no coverage counters, so libFuzzer saw only the C++ code and mutated blind.
# The flags are therefore also given to swiftc directly, the link keeps every section, and
# `make fuzz` fails a target whose run reports no coverage.
fuzz-build: deps
	for target in $(FUZZ_TARGETS); do \
		$(SWIFT) build -c release --package-path Tests/Fuzz --scratch-path $(FUZZ_BUILD) \
			--sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address \
			-Xlinker --no-gc-sections --product $$target || exit 1; \
	done

## fuzz-ci: what CI runs: a fixed seed and a fixed number of inputs a target (under a minute
##          each here), from the committed corpus only, with Swift's hashing and (where allowed)
##          address layout fixed, so a commit's result does not depend on luck or machine speed;
##          `make fuzz` explores with random seeds.
FUZZ_CI_RUNS = FuzzCommitParser=50000 FuzzSemanticVersion=100000 FuzzConfiguration=1000000 FuzzChangelogMerger=200000 FuzzCommitGraph=6000
fuzz-ci:
	rm -rf "$(FUZZ_BUILD)/ci-corpus"
	$(MAKE) fuzz FUZZ_RUNS="$(FUZZ_CI_RUNS)" FUZZ_SEED=1 FUZZ_CORPUS=ci-corpus

## sanitize: the test suite under AddressSanitizer, in its own build folder (.build-asan)
sanitize: deps
	$(SANITIZER_ENV) $(SWIFT) test --sanitize=address --scratch-path .build-asan

uninstall:
	rm -f "$(DESTDIR)$(PREFIX)/bin/relnotes" "$(DESTDIR)$(PREFIX)/share/man/man1/relnotes.1" \
		"$(DESTDIR)$(PREFIX)/share/bash-completion/completions/relnotes" \
		"$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_relnotes" \
		"$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/relnotes.fish"

clean:
	rm -rf .build .build-fuzz .build-asan .build-dist "$(DIST_DIR)"
