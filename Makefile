# LawQuiz (法治知识竞答). Two set-up commands: `make run` and `make test`;
# both install what is missing on Debian 12 (scripts/deps.sh).

SHELL := /bin/bash
XVFB := xvfb-run -a -s "-screen 0 1920x1080x24"

.PHONY: run test bench bench-host fuzz crash-test deps-build deps-test bank-report fmt lint
KILLS ?= 200

## make run: build and open the app on its default database
run: deps-build
	@if [ -z "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]; then \
	  echo "make run 需要图形桌面：没有找到显示器（DISPLAY 未设置）；在无显示器的机器上可用 xvfb-run make run。"; exit 1; fi
	cargo run

## make test: everything CI runs (format, lints, unit, integration, end-to-end)
test: deps-test
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	mkdir -p target; set -o pipefail; $(XVFB) cargo test --lib --bins --tests 2>&1 | tee target/test.log
	cargo run --quiet --example crash_test -- 5
	@awk '/^test result:/ {p+=$$4; f+=$$6} END {printf "tests: %d passed, %d failed\n", p, f}' target/test.log

## make crash-test: SIGKILL an answering process KILLS times (default 200); nothing acknowledged may be lost
crash-test: deps-build
	cargo run --quiet --example crash_test -- $(KILLS)

## make bench: benchmarks against the DESIGN.md targets (not part of make test)
bench: deps-build
	cargo bench --bench library --bench data -- --noplot

## make bench-host: the LAN host (release build, `lawquiz serve`) under TAKERS takers
# starting within 10 s (default 3000), simulated over HTTP by the load generator
# on the same 2 cores; last line: takers= answers= answers_per_s= p50_ms= p99_ms=
# max_ms= errors= lost= duplicated=
TAKERS ?= 3000
bench-host: deps-build
	cargo build --release --bin lawquiz --example load_host
	TAKERS=$(TAKERS) target/release/examples/load_host target/release/lawquiz

## make fuzz: fuzz the CSV and .xlsx question import (FUZZ_SECONDS each, default 120);
# cargo-fuzz needs nightly features: RUSTC_BOOTSTRAP lets the stable tool chain use them
FUZZ_SECONDS ?= 120
fuzz: deps-build
	@[ -x .tools/bin/cargo-fuzz ] || cargo install cargo-fuzz --locked --root .tools
	PATH="$(CURDIR)/.tools/bin:$$PATH" RUSTC_BOOTSTRAP=1 cargo fuzz run import_csv -- -max_total_time=$(FUZZ_SECONDS)
	PATH="$(CURDIR)/.tools/bin:$$PATH" RUSTC_BOOTSTRAP=1 cargo fuzz run import_xlsx -- -max_total_time=$(FUZZ_SECONDS)

## make bank-report: the question bank's coverage; last line is the summary
bank-report:
	@cargo run --quiet --example bank_report

deps-build:
	@scripts/deps.sh build

deps-test:
	@scripts/deps.sh test

fmt:
	cargo fmt

lint:
	cargo clippy --all-targets -- -D warnings
