# Sourced by xfer's scripts: points JAVA_HOME at a JDK 25 (xfer's language level) and puts it first on PATH.
# Machines of this kind default to JDK 17 with Temurin 25 installed beside it.
# the JDK's release file names its version: no JVM is started to ask (that cost every xfer command 0.1-0.2 s)
xfer_is_jdk25() { [[ -x "$1/bin/javac" ]] && grep -q '^JAVA_VERSION="25' "$1/release" 2>/dev/null; }

if [[ -z "${JAVA_HOME:-}" ]] || ! xfer_is_jdk25 "$JAVA_HOME"; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25* /usr/lib/jvm/*25*; do
    if xfer_is_jdk25 "$candidate"; then
      export JAVA_HOME="$candidate"
      break
    fi
  done
fi
if [[ -z "${JAVA_HOME:-}" ]] || ! xfer_is_jdk25 "$JAVA_HOME"; then
  echo "xfer: no JDK 25 found (JAVA_HOME=${JAVA_HOME:-unset}): install Temurin 25 (apt-get install temurin-25-jdk) or set JAVA_HOME" >&2
  exit 2
fi
export PATH="$JAVA_HOME/bin:$PATH"
