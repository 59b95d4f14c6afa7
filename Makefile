# medcore: `make test` runs every test of every language; `make demo` runs the demonstration.
# Each step installs what it needs (see scripts/).
.PHONY: test demo test-rust test-fuzz

test:
	bash scripts/test.sh

demo:
	cargo run --release -p medcore-cli -- demo

test-rust:
	bash scripts/test.sh rust

test-fuzz:
	bash scripts/test.sh fuzz
