#!/usr/bin/env bash
# Everything xfer needs on a fresh Debian 12 machine of this kind: a JDK 25, the system packages, the build.
# Idempotent: a second run only rebuilds what changed. Used by scripts/demo.sh and scripts/test.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/jdk.sh"

# System packages: maven to build; OpenBLAS for Smile's LDA/MLP heads; fonts for report figures.
missing=()
command -v mvn >/dev/null || missing+=(maven)
dpkg -s libopenblas-dev >/dev/null 2>&1 || missing+=(libopenblas-dev)
# fonts for the PNG figures in report.html (Java draws text through fontconfig)
dpkg -s fontconfig >/dev/null 2>&1 || missing+=(fontconfig)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || missing+=(fonts-dejavu-core)
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    echo "setup: installing ${missing[*]}" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") >&2
  else
    echo "setup: please install ${missing[*]} (apt-get install ${missing[*]})" >&2
  fi
fi

echo "setup: building xfer with $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)" >&2
(cd "$root" && mvn -q -B install -DskipTests) >&2
