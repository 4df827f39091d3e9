# Kindly: `make run` to use it, `make test` to check it. Each installs what it needs first.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)
CARGO ?= cargo

.PHONY: run test deps test-deps ui fmt-check clippy layers rust-test ui-check e2e package package-test bench bindings fixtures screenshots clean

run: deps ui
	$(CARGO) build --release --bin kindly
	./target/release/kindly

test: test-deps ui fmt-check clippy layers
	@scripts/check-hermetic.sh snapshot
	$(MAKE) rust-test ui-check e2e package-test
	@scripts/check-hermetic.sh verify
	@echo "make test: all checks passed"

deps:
	@scripts/deps.sh

test-deps:
	@scripts/deps.sh --test

ui:
	cd ui && npm run build

fmt-check:
	$(CARGO) fmt --all --check

clippy:
	$(CARGO) clippy --workspace --all-targets -- -D warnings

# The core's layers point one way (domain <- store <- mail, secrets <- service), with no cycle.
layers:
	python3 scripts/check-layers.py

# Rust tests on a temp SQLite file and a throwaway PostgreSQL server, beside a test SMTP server
# and a real gnome-keyring in its own D-Bus session. Building the integration tests also builds
# target/debug/kindly (serving ui/dist), the binary the end-to-end tests drive.
rust-test:
	scripts/with-postgres.sh scripts/with-oauth.sh scripts/with-smtp.sh scripts/with-imap.sh scripts/with-dns.sh \
	  scripts/with-keyring.sh $(CARGO) nextest run --workspace --no-fail-fast


ui-check:
	cd ui && npm run typecheck && npm run lint && npm test

e2e:
	scripts/e2e.sh

# The installers (a .deb here; see scripts/package.sh), with their sizes.
package: deps
	scripts/package.sh

# The .deb installed with dpkg, its /usr/bin/kindly driven under Xvfb, then removed with dpkg -r.
package-test: test-deps
	scripts/package-test.sh

# Record the UI tests' calls through the real core, then write the core's answers beside them
# (ui/src/backend/fixtures/). `make test` fails while they are stale. FILES=Outbox re-records
# only the test files whose names match.
fixtures: test-deps
	$(CARGO) build --example core_bridge
	cd ui && KINDLY_RECORD=1 ../scripts/with-oauth.sh ../scripts/with-dns.sh ../scripts/with-keyring.sh node_modules/.bin/vitest run $(FILES)
	KINDLY_WRITE_FIXTURES=1 scripts/with-oauth.sh scripts/with-dns.sh scripts/with-keyring.sh $(CARGO) nextest run --test commands ui_fixtures

# Regenerate ui/src/bindings.ts after changing a command or a type that crosses to the UI.
bindings:
	KINDLY_WRITE_BINDINGS=1 $(CARGO) nextest run --test commands committed_bindings_match_the_commands

# PNGs of the main screens (light theme, sample data) in target/shots, for reviewing the look.
screenshots: test-deps ui
	$(CARGO) build --bin kindly
	mkdir -p target/shots
	cd tests/e2e && HOME=$$(mktemp -d) xvfb-run -a -s "-screen 0 1280x800x24" node shots.mjs ../../target/shots

bench: test-deps ui
	@[ -x .tools/venv/bin/mailmerge ] || .tools/venv/bin/pip install --quiet --disable-pip-version-check mailmerge==2.3.0
	$(CARGO) bench --bench tone_check
	scripts/with-postgres.sh $(CARGO) bench --bench list_latency
	scripts/bench-startup.sh
	$(CARGO) bench --bench import_10k
	$(CARGO) build --release -p kindly-core --example team_desk
	scripts/with-postgres.sh $(CARGO) bench --bench team_load
	scripts/with-oauth.sh scripts/with-smtp.sh scripts/with-keyring.sh $(CARGO) bench --bench mail_throughput
	scripts/with-oauth.sh scripts/with-smtp.sh scripts/with-imap.sh scripts/with-keyring.sh $(CARGO) bench --bench inbox_scan

clean:
	$(CARGO) clean
	rm -rf ui/dist ui/node_modules tests/e2e/node_modules
