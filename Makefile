# LawQuiz (法治知识竞答). Two set-up commands: `make run` and `make test`;
# both install what is missing on Debian 12 (scripts/deps.sh).

SHELL := /bin/bash
XVFB := xvfb-run -a -s "-screen 0 1920x1080x24"

.PHONY: run test bench bench-host bench-show deb measure-app fixtures fuzz crash-test deps-build deps-test bank-report fmt lint
KILLS ?= 200

## make run: build and open the app on its default database
run: deps-build
	@if [ -z "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]; then \
	  echo "make run 需要图形桌面：没有找到显示器（DISPLAY 未设置）；在无显示器的机器上可用 xvfb-run make run。"; exit 1; fi
	cargo run

## make test: everything CI runs (format, lints — Rust and the UI's JS, with
# Biome —, unit, integration, end-to-end);
# mDNS announcements stay on loopback during the tests (never on the network cards)
test: deps-test
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	.tools/bin/biome ci --colors=off ui
	python3 scripts/pack_check.py --quiet
	mkdir -p target; set -o pipefail; LAWQUIZ_MDNS_LOOPBACK_ONLY=1 $(XVFB) cargo test --lib --bins --tests 2>&1 | tee target/test.log
	cargo run --quiet --example crash_test -- 5
	@awk '/^test result:/ {p+=$$4; f+=$$6} END {printf "tests: %d passed, %d failed\n", p, f}' target/test.log

## make crash-test: SIGKILL an answering process KILLS times (default 200); nothing acknowledged may be lost
crash-test: deps-build
	cargo run --quiet --example crash_test -- $(KILLS)

## make bench: benchmarks against the targets in docs/performance.md (not part of make test);
# ends with a table: name, median, p99 (for the p99 targets), target, ok/MISS
bench: deps-build
	@date +%s > target/.bench-start 2>/dev/null || { mkdir -p target; date +%s > target/.bench-start; }
	cargo bench --bench library --bench data --bench answer --bench close --bench insight --bench law_text -- --noplot
	@python3 scripts/bench_summary.py --since $$(cat target/.bench-start)

## make deb: the release app (custom-protocol, LTO, stripped) and its .deb
# (tauri-cli 2 bundler; scripts/deps.sh release installs it into .tools)
deb: deps-build
	@scripts/deps.sh release
	rm -f target/release/bundle/deb/*.deb
	.tools/bin/tauri build --bundles deb
	@ls -l target/release/bundle/deb/*.deb | awk '{printf "deb: %s (%.2f MB)\n", $$9, $$5/1e6}'

## make measure-app: start-up time, memory (vs a blank Tauri window) and sizes
# of the release app, RUNS times (default 5) under Xvfb; the last line is
# startup_ms_median=… pss_mb_median=… blank_pss_mb_median=… binary_mb=… deb_mb=…
RUNS ?= 5
measure-app: deb
	@scripts/deps.sh measure
	cargo build --release --features tauri/custom-protocol --example blank_window
	cargo build --example measure_db
	RUNS=$(RUNS) $(XVFB) python3 scripts/measure_app.py

## make fixtures: writes the missing tests/fixtures/vN.sqlite (one per schema
# version) after a migration is added; FIXTURE=N rewrites version N
fixtures:
	cargo run --quiet --example make_fixtures -- $(FIXTURE)

## make bench-host: the LAN host (release build) under TAKERS takers starting
# within 10 s (default 3000), simulated over HTTP by the load generator on the
# same 2 cores, with an export and a backup mid-load. MODE=serve (default):
# `lawquiz serve`; MODE=app: the app itself, window open under Xvfb, its host
# on the app's own runtime (设置 → 作为主机; one loopback address per taker, as the
# app's host keeps its per-address log-in limit). Last line: takers= answers=
# answers_per_s= p50_ms= p99_ms= max_ms= start_p50_ms= start_p99_ms= errors= lost= duplicated=
TAKERS ?= 3000
MODE ?= serve
bench-host: deps-build
	cargo build --release --bin lawquiz --example load_host
	@if [ "$(MODE)" = app ]; then \
	  MODE=app TAKERS=$(TAKERS) TAKERS_PER_ADDRESS=$${TAKERS_PER_ADDRESS:-1} $(XVFB) target/release/examples/load_host target/release/lawquiz; \
	else \
	  TAKERS=$(TAKERS) target/release/examples/load_host target/release/lawquiz; fi

## make bench-show: the live show on the LAN host (release build, `lawquiz serve`):
# BUZZERS team devices (default 12) and AUDIENCE phones (default 500), each
# with its SSE stream, over ITEMS 抢答 questions (default 10), simulated over
# HTTP on the same 2 cores; last line: buzzers= audience= buzz_p50_ms=
# buzz_p99_ms= tally_p99_ms= lost=
BUZZERS ?= 12
AUDIENCE ?= 500
ITEMS ?= 10
bench-show: deps-build
	cargo build --release --bin lawquiz --example load_show
	BUZZERS=$(BUZZERS) AUDIENCE=$(AUDIENCE) ITEMS=$(ITEMS) target/release/examples/load_show target/release/lawquiz

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
	.tools/bin/biome format --write ui

lint:
	cargo clippy --all-targets -- -D warnings
