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
	@scripts/bench.sh

## libFuzzer with AddressSanitizer on every parser of learner-controlled bytes (JSON, TOML, HTTP responses, TAP,
## JUnit XML), FUZZ_SECONDS each; `make fuzz FUZZ_SECONDS=600` for a longer hunt. See scripts/fuzz.sh.
FUZZ_SECONDS ?= 60
fuzz:
	@FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh

## The release build of `ladder`, `ladder-sandbox` and `ladder-regex`, then the man page: swift-argument-parser's
## GenerateManual plugin builds the package in the same configuration (nothing left to do) and writes ladder.1 from
## the command tree.
release: bootstrap
	$(SWIFT) build -c $(CONFIG) --product ladder
	$(SWIFT) build -c $(CONFIG) --product ladder-sandbox
	$(SWIFT) build -c $(CONFIG) --product ladder-regex
	$(SWIFT) package plugin generate-manual --configuration $(CONFIG)

## `ladder`, `ladder-sandbox`, the templates of `ladder lab new`, the catalog, the sandbox profiles, completions and the man page under
## $(DESTDIR)$(PREFIX); the installed `ladder` finds its files in ../share/ladder. `make uninstall` removes them.
install: release
	@scripts/install.sh install "$(DESTDIR)" "$(PREFIX)" "$$($(SWIFT) build -c $(CONFIG) --show-bin-path)" \
		.build/plugins/GenerateManual/outputs/ladder/ladder.1

uninstall:
	@scripts/install.sh uninstall "$(DESTDIR)" "$(PREFIX)"

clean:
	rm -rf .build
