# impact — the two commands are `make test` and `make demo` (see README.md).
SWIFT ?= swift
RELEASE_BIN := .build/release/impact

.PHONY: deps build test demo lint clean

## Install (as root) or name (otherwise) the Debian packages the build needs.
deps:
	@bash .ci/install-deps

## Release build of the `impact` executable.
build: deps
	$(SWIFT) build -c release --product impact

## The whole test suite, then the formatter's lint.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test
	$(SWIFT) format lint --strict -r Sources Tests Package.swift

## The main job on the shipped example data, writing into notebooks-out/.
demo: build
	$(RELEASE_BIN) run --config datasets/example/impact.yaml

lint:
	$(SWIFT) format lint --strict -r Sources Tests Package.swift

clean:
	rm -rf .build
