# medcore: `make test` runs every test of every language; `make demo` runs the demonstration.
# Each step installs what it needs (see scripts/).
.PHONY: test lint demo test-rust test-fuzz test-python test-node test-kotlin test-c

test:
	bash scripts/test.sh

lint:
	bash scripts/test.sh lint

demo:
	cargo run --release -p medcore-cli -- demo

test-rust:
	bash scripts/test.sh rust

test-fuzz:
	bash scripts/test.sh fuzz

test-python:
	bash scripts/test.sh python

test-node:
	bash scripts/test.sh node

test-kotlin:
	bash scripts/test.sh kotlin

test-c:
	bash scripts/test.sh c
