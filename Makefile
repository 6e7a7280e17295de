# impact — the two commands are `make test` and `make demo` (see README.md).
SWIFT ?= swift
RELEASE_BIN := .build/release/impact

FUZZ_SECONDS ?= 600
FUZZ_FLAGS := -Xswiftc -sanitize=fuzzer -Xswiftc -sanitize=address \
  -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp -Xswiftc -DFUZZING

.PHONY: deps deps-build build test demo lint clean fuzz test-asan test-spark bench bench-xlsx

## Install (as root) or name (otherwise) everything `make test` needs:
## the build's Debian packages, Chromium, LibreOffice, poppler-utils, Java
## and the Python test oracles.
deps:
	@bash .ci/install-deps test

## Only what building and running impact needs (make build, make demo).
deps-build:
	@bash .ci/install-deps build

## Release build of the `impact` executable.
build: deps-build
	$(SWIFT) build -c release --product impact

## The whole test suite, the formatter's lint, and the Spark job check.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test
	$(SWIFT) format lint --strict -r Sources Tests Package.swift
	$(MAKE) test-spark

## The Spark integration in local[2] mode against the single-machine results
## (installs pyspark from PyPI when missing; needs Java 17).
test-spark: deps
	$(SWIFT) build --product impact
	@python3 -c "import pyspark" 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check "pyspark==4.3.0"
	python3 Integrations/spark/test_spark.py --impact .build/debug/impact

## Side-by-side benchmark against pandas+SciPy, Polars, DuckDB and R
## (generates ~1 GB of inputs in Benchmarks/data; several minutes).
bench: build
	python3 Benchmarks/bench.py

## Reading a ~100 MB .xlsx export (1,048,575 rows × 27 columns, 886 MB of
## sheet XML): wall time and peak RSS of `impact inspect` on it.
bench-xlsx: build
	mkdir -p Benchmarks/data
	test -f Benchmarks/data/big_survey.xlsx || python3 Benchmarks/make_big_xlsx.py Benchmarks/data/big_survey.xlsx
	/usr/bin/time -f "impact inspect big_survey.xlsx: %e s wall, %M KB peak RSS" \
	  $(RELEASE_BIN) inspect Benchmarks/data/big_survey.xlsx > /dev/null

## The main job on the shipped example data, writing into notebooks-out/.
demo: build
	$(RELEASE_BIN) run --config datasets/example/impact.yaml

## libFuzzer on every target in turn (csv, xlsx, partial, config; see Sources/ImpactFuzzTargets),
## FUZZ_SECONDS each (default 600), then a table per target: seconds, executions, exec/s, cov/ft,
## crashes. Seeds and dictionaries: Tests/ImpactIngestTests/Fixtures/fuzz-seeds/<target>{/,.dict};
## crashes land in .build-fuzz/artifacts/<target>/: once fixed, add them to
## Tests/ImpactIngestTests/Fixtures/fuzz-regressions/<target>/ (swift test replays them).
## FUZZ_TARGETS="xlsx" picks targets; FUZZ_FORK=0 stops at the first crash (see .ci/fuzz-all).
fuzz: deps-build
	$(SWIFT) build -c debug --scratch-path .build-fuzz --product impact-fuzz $(FUZZ_FLAGS)
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash .ci/fuzz-all

## The whole test suite under AddressSanitizer (XCTest's own leaks ignored).
test-asan: deps
	ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test --scratch-path .build-asan --sanitize=address

lint:
	$(SWIFT) format lint --strict -r Sources Tests Package.swift

clean:
	rm -rf .build
