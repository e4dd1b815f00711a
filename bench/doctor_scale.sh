#!/usr/bin/env bash
# How `xfer doctor`'s analysis grows: synthetic N x 2,048 features (bench/DoctorScale.java: 10 clusters, 1% noisy
# copies, 2% flipped labels), duplicates + outliers + label issues (5-fold logreg), with peak RSS; and the numpy
# peer's duplicate search at the same size (bench/doctor_scale.py). SIZES="5000 10000 20000" by default (SIZES= for none);
# DUP_ONLY_SIZES (e.g. 50000) runs only the duplicate search. Writes bench/out/doctor_scale.txt.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/venv.sh" numpy
"$root/xfer" --version >/dev/null  # builds cli/target/lib when sources changed
source "$root/scripts/jdk.sh"
flags=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow --add-opens=java.base/java.nio=ALL-UNNAMED)
out="$root/bench/out/doctor_scale.txt"
mkdir -p "$root/bench/out"
: > "$out"
run() {
  /usr/bin/time -f '{"peak_rss_mib": %M}' -o /tmp/doctor_scale_rss.$$ \
    "$JAVA_HOME/bin/java" "${flags[@]}" -Xmx12g -cp "$root/cli/target/lib/*" "$root/bench/DoctorScale.java" "$@"
  awk '{gsub(/[0-9]+}/, int(substr($0, index($0, ":") + 2) / 1024) "}"); print}' /tmp/doctor_scale_rss.$$
  rm -f /tmp/doctor_scale_rss.$$
}
for n in ${SIZES-5000 10000 20000}; do
  run "$n" 2048 true | tee -a "$out"
  "$PY" "$root/bench/doctor_scale.py" "$n" 2048 | tee -a "$out"
done
for n in ${DUP_ONLY_SIZES:-}; do
  run "$n" 2048 false | tee -a "$out"
  "$PY" "$root/bench/doctor_scale.py" "$n" 2048 | tee -a "$out"
done
