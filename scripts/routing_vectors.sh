#!/bin/sh
# Regenerates testdata/vectors/routing_*.json (expected values from plain Dijkstra).
set -e
cd "$(dirname "$0")/.."
cargo run -q -p medcore-routing --example routing_vectors -- testdata/vectors
