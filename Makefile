# Ladder: the README's Quick start is `make demo` and `make test`; `make install` puts it on the PATH.
SWIFT ?= swift
BUILD_FLAGS ?=
PREFIX ?= /usr/local
DESTDIR ?=
## The build `make release` and `make install` use; CONFIG=debug installs the debug build (the test suite does, to
## spare CI a second, optimised build of everything).
CONFIG ?= release

.PHONY: all bootstrap build demo test bench fuzz release install uninstall clean

all: build

bootstrap:
	@scripts/bootstrap.sh

build: bootstrap
	$(SWIFT) build $(BUILD_FLAGS)

## The main job on the embedded default (SQLite): the whole learner flow in a temp dir.
demo: build
	@scripts/demo.sh "$$($(SWIFT) build $(BUILD_FLAGS) --show-bin-path)/ladder"

## Every test: unit, the hostile-program suite (in its own PID namespace), end to end against the built binary.
test:
	@scripts/bootstrap.sh --tests
	@scripts/test.sh

bench: bootstrap
	@scripts/static-libs.sh $(STATIC_LIBS)
	@RELEASE_BUILD="$(BUILD_release)" scripts/bench.sh

## libFuzzer with AddressSanitizer on every parser of learner-controlled bytes (JSON, TOML, HTTP responses, TAP,
## JUnit XML), FUZZ_SECONDS each; `make fuzz FUZZ_SECONDS=600` for a longer hunt. See scripts/fuzz.sh.
FUZZ_SECONDS ?= 60
fuzz:
	@FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh

## The release build links the Swift runtime and Foundation into `ladder` (loading them as shared libraries cost every
## command about 15 ms of start-up), and libgit2, SQLite and libxml2 from the static archives scripts/static-libs.sh
## gathers (see Package.swift), and lives in a build directory of its own: SwiftPM keeps a build plan across runs
## and would relink with the flags the plan was made with, not the ones given. The debug build the tests use stays
## dynamic: it links much faster.
STATIC_LIBS = $(CURDIR)/.build/static-libs
BUILD_release = env LADDER_STATIC_LIBS=$(STATIC_LIBS) $(SWIFT) build -c release --static-swift-stdlib \
	--scratch-path .build/static $(BUILD_FLAGS)
BUILD_debug = $(SWIFT) build -c debug $(BUILD_FLAGS)
BUILD_CONFIG = $(BUILD_$(CONFIG))

## The release build of `ladder`, `ladder-sandbox` and `ladder-regex`, then the man page, which swift-argument-parser's
## generate-manual writes from the command tree of the built `ladder`.
release: bootstrap
	@scripts/static-libs.sh $(STATIC_LIBS)
	$(BUILD_CONFIG) --product ladder
	$(BUILD_CONFIG) --product ladder-sandbox
	$(BUILD_CONFIG) --product ladder-regex
	$(BUILD_CONFIG) --product generate-manual
	mkdir -p .build/manual
	"$$($(BUILD_CONFIG) --show-bin-path)/generate-manual" "$$($(BUILD_CONFIG) --show-bin-path)/ladder" \
		--output-directory .build/manual

## `ladder`, `ladder-sandbox`, the templates of `ladder lab new`, the catalog, the sandbox profiles, completions and the man page under
## $(DESTDIR)$(PREFIX); the installed `ladder` finds its files in ../share/ladder. `make uninstall` removes them.
install: release
	@scripts/install.sh install "$(DESTDIR)" "$(PREFIX)" "$$($(BUILD_CONFIG) --show-bin-path)" .build/manual/ladder.1

uninstall:
	@scripts/install.sh uninstall "$(DESTDIR)" "$(PREFIX)"

clean:
	rm -rf .build
