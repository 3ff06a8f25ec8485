# Ladder: the README's Quick start is `make demo` and `make test`.
SWIFT ?= swift
BUILD_FLAGS ?=

.PHONY: all bootstrap build demo test bench clean

all: build

bootstrap:
	@scripts/bootstrap.sh

build: bootstrap
	$(SWIFT) build $(BUILD_FLAGS)

## The main job on the embedded default (SQLite): the whole learner flow in a temp dir.
demo: build
	@scripts/demo.sh "$$($(SWIFT) build $(BUILD_FLAGS) --show-bin-path)/ladder"

## Every test: unit, the hostile-program suite (in its own PID namespace), end to end against the built binary.
test: bootstrap
	@scripts/test.sh

bench: bootstrap
	@scripts/bench.sh

clean:
	rm -rf .build
