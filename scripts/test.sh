#!/usr/bin/env bash
# Runs all of xfer's tests: set-up (JDK 25, system packages, build), Keras' reference outputs (a Python venv
# with tensorflow-cpu and keras from pip, under bench/out/), then `mvn verify` (unit tests, the golden and
# Keras comparisons, and the command line as a real process).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/setup.sh
# Keras' own outputs for every family (one Python process); without them the parity tests could only skip, so the
# test command fails here instead, saying why
if ! bench/keras_reference.sh >/dev/null; then
  echo "test: could not make Keras' reference outputs (bench/keras_reference.sh failed: is the pip index reachable?);" \
       "the Keras parity tests need them" >&2
  exit 1
fi
source scripts/jdk.sh
mvn -B verify
# pyarrow and pandas read the cache without xfer, and the exports hold the same values
bench/arrow_interop.sh "$root/examples/data/pets2k"
