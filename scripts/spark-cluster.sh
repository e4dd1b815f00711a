#!/usr/bin/env bash
# Starts, stops and reports a local Spark 4.2.0 (Scala 2.13) standalone cluster for xfer's Spark module and its
# integration test: one Master and N Workers, separate background JVMs (JDK 25, from scripts/jdk.sh), bound to
# 127.0.0.1 only.
#
#   scripts/spark-cluster.sh start [--workers N] [--cores C] [--memory M]   (defaults: 2 workers, 1 core, 2g each)
#   scripts/spark-cluster.sh stop
#   scripts/spark-cluster.sh status
#
# No Spark tarball can be downloaded here, so `start` first assembles a "distribution" from Maven Central: a
# throwaway pom depending on spark-core_2.13 and spark-sql_2.13 and `mvn dependency:copy-dependencies` fill
# target/spark-4.2.0/jars (SPARK_HOME=target/spark-4.2.0; done once, a marker file records it). Pids, ports and
# logs live in target/spark-cluster/. `start` waits (at most 60 s) until every worker has registered; progress
# goes to stderr and the last line on stdout is the master URL spark://127.0.0.1:PORT. If the cluster already
# runs, `start` prints its URL again. `stop` ends the Master, the Workers and the executor JVMs they launched
# (TERM, then KILL). `status` prints "running URL" or "not running".
# Exit codes: 0 ok (status: running), 1 failure (status: not running), 2 bad usage.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

spark_version=4.2.0
scala_version=2.13
spark_home="$root/target/spark-$spark_version"
marker="$spark_home/.assembled"
state_dir="${XFER_SPARK_STATE:-$root/target/spark-cluster}"  # tests keep their own cluster apart
state_file="$state_dir/cluster.env"
# Every daemon JVM carries this property, so stop and status recognise the processes as this cluster's.
tag="-Dxfer.spark.cluster=$state_dir"
start_timeout=60
stop_timeout=20
start_deadline=0
# What the state file records (load_state).
MASTER_URL="" MASTER_WEBUI_PORT="" MASTER_PID="" WORKER_PIDS="" WORKERS=""
java_opts=(
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --enable-native-access=ALL-UNNAMED
  --sun-misc-unsafe-memory-access=allow
)

say() { echo "spark-cluster: $*" >&2; }
usage() {
  echo "usage: scripts/spark-cluster.sh start [--workers N] [--cores C] [--memory M] | stop | status" >&2
  exit 2
}

# True if pid $1 is alive and is a daemon of this cluster.
is_ours() {
  local pid="$1"
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$tag"
}

# Pids whose working directory lies under the workers' work dirs: the executor JVMs the workers launched.
executor_pids() {
  local dir cwd
  for dir in /proc/[0-9]*; do
    cwd="$(readlink "$dir/cwd" 2>/dev/null)" || continue
    [[ "$cwd" == "$state_dir/work/"* ]] && echo "${dir#/proc/}"
  done
  return 0
}

# Reads the state file into MASTER_PID, WORKER_PIDS, MASTER_URL, ... (returns 1 if there is none).
load_state() {
  [[ -f "$state_file" ]] || return 1
  # shellcheck source=/dev/null
  source "$state_file"
}

# Free TCP ports on 127.0.0.1, as many as $1, all distinct.
free_ports() {
  local n="$1"
  if command -v python3 >/dev/null 2>&1 && python3 -c 'import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))' "$n" 2>/dev/null; then
    return 0
  fi
  # No python3: probe random ports, a refused connection meaning the port is free.
  local ports=() p
  while ((${#ports[@]} < n)); do
    p=$((20000 + RANDOM % 40000))
    [[ " ${ports[*]} " == *" $p "* ]] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      ports+=("$p")
    fi
  done
  echo "${ports[*]}"
}

assemble() {
  if [[ -f "$marker" ]] && compgen -G "$spark_home/jars/*.jar" >/dev/null; then
    return 0
  fi
  say "assembling Spark $spark_version (Scala $scala_version) from Maven Central into $spark_home/jars (~280 MB, once)"
  mkdir -p "$spark_home"
  cat >"$spark_home/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- Throwaway pom written by scripts/spark-cluster.sh: its dependencies are a Spark distribution's jars. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.xfer.local</groupId>
  <artifactId>spark-distribution</artifactId>
  <version>$spark_version</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.spark</groupId>
      <artifactId>spark-core_$scala_version</artifactId>
      <version>$spark_version</version>
    </dependency>
    <dependency>
      <groupId>org.apache.spark</groupId>
      <artifactId>spark-sql_$scala_version</artifactId>
      <version>$spark_version</version>
    </dependency>
  </dependencies>
</project>
EOF
  rm -rf "$spark_home/jars.partial"
  local log="$spark_home/assemble.log"
  if ! mvn -q -B -f "$spark_home/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
      -DoutputDirectory="$spark_home/jars.partial" >"$log" 2>&1; then
    say "assembling the Spark jars failed: see $log"
    exit 1
  fi
  rm -rf "$spark_home/jars"
  mv "$spark_home/jars.partial" "$spark_home/jars"
  # The launcher library puts conf/ on the executors' class path; an empty one keeps that well defined.
  mkdir -p "$spark_home/conf"
  date -u +%FT%TZ >"$marker"
  say "assembled $(find "$spark_home/jars" -name '*.jar' | wc -l) jars ($(du -sh "$spark_home/jars" | cut -f1))"
}

# The master's state ("ALIVE" once elected leader) and its number of ALIVE workers, as its web UI reports them
# ("DOWN 0" while it does not answer).
master_state() {
  local json status alive
  json="$(curl -fsS --max-time 2 "http://127.0.0.1:$1/json/" 2>/dev/null)" || { echo "DOWN 0"; return 0; }
  status="$(grep -o '"status" *: *"[A-Z_]*"' <<<"$json" | grep -o '[A-Z_]*"$' | tr -d '"')" || true
  alive="$(grep -o '"aliveworkers" *: *[0-9]*' <<<"$json" | grep -o '[0-9]*$')" || true
  echo "${status:-UNKNOWN} ${alive:-0}"
}

# Launches one daemon JVM in its own session and process group (so its executors can be killed with it).
launch() {
  local log="$1"
  shift
  setsid "$JAVA_HOME/bin/java" -Xmx1g "$tag" "${java_opts[@]}" -cp "$spark_home/jars/*" "$@" \
    >"$log" 2>&1 </dev/null &
  echo $!
}

write_state() {
  cat >"$state_file" <<EOF
MASTER_URL=$1
MASTER_PORT=$2
MASTER_WEBUI_PORT=$3
MASTER_PID=$4
WORKER_PIDS="$5"
WORKERS=$6
CORES=$7
MEMORY=$8
EOF
}

# Waits (until start_deadline) for the master to be ALIVE with at least $3 ALIVE workers; on a death or the
# timeout it names the log, stops everything and exits 1. $1 is the master's pid, $2 its web UI port, the rest
# the workers' pids.
wait_until() {
  local master_pid="$1" webui_port="$2" want="$3" state alive i
  shift 3
  local worker_pids=("$@")
  while :; do
    if ! is_ours "$master_pid"; then
      say "the master died: see $state_dir/logs/master.log"
      do_stop
      exit 1
    fi
    for ((i = 1; i <= ${#worker_pids[@]}; i++)); do
      if ! is_ours "${worker_pids[$((i - 1))]}"; then
        say "worker $i (pid ${worker_pids[$((i - 1))]}) died: see $state_dir/logs/worker-$i.log"
        do_stop
        exit 1
      fi
    done
    read -r state alive <<<"$(master_state "$webui_port")"
    if [[ "$state" == ALIVE ]] && ((alive >= want)); then return 0; fi
    if ((SECONDS >= start_deadline)); then
      say "not up after ${start_timeout}s (master $state, $alive of $want workers ALIVE): see $state_dir/logs/"
      do_stop
      exit 1
    fi
    sleep 0.5
  done
}

do_stop() {
  local pids=() pid
  if load_state; then
    for pid in $MASTER_PID $WORKER_PIDS; do
      if is_ours "$pid"; then
        pids+=("$pid")
      fi
    done
  fi
  local executors
  mapfile -t executors < <(executor_pids)
  if ((${#pids[@]} + ${#executors[@]} == 0)); then
    rm -f "$state_file"
    say "not running"
    return 0
  fi
  say "stopping ${#pids[@]} daemon(s) and ${#executors[@]} executor(s)"
  # Each daemon leads its own process group (setsid); the group holds the executors it launched.
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${executors[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  local deadline=$((SECONDS + stop_timeout)) left
  while :; do
    left=()
    for pid in "${pids[@]}"; do
      if is_ours "$pid" || kill -0 -- "-$pid" 2>/dev/null; then left+=("$pid"); fi
    done
    mapfile -t executors < <(executor_pids)
    ((${#left[@]} + ${#executors[@]} == 0)) && break
    if ((SECONDS >= deadline)); then
      say "still alive after ${stop_timeout}s, killing: ${left[*]} ${executors[*]}"
      for pid in "${left[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; done
      for pid in "${executors[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
      sleep 1
      break
    fi
    sleep 0.5
  done
  rm -f "$state_file"
  say "stopped"
}

do_status() {
  if load_state && is_ours "$MASTER_PID"; then
    local alive=0 pid
    for pid in $WORKER_PIDS; do
      if is_ours "$pid"; then alive=$((alive + 1)); fi
    done
    say "master pid $MASTER_PID, web UI http://127.0.0.1:$MASTER_WEBUI_PORT, worker processes $alive/$WORKERS," \
      "master state and ALIVE workers: $(master_state "$MASTER_WEBUI_PORT"), logs in $state_dir"
    echo "running $MASTER_URL"
    return 0
  fi
  echo "not running"
  return 1
}

do_start() {
  local workers=2 cores=1 memory=2g
  while (($#)); do
    case "$1" in
      --workers) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || usage; workers="$2"; shift 2 ;;
      --cores) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || usage; cores="$2"; shift 2 ;;
      --memory) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*[mMgG]$ ]] || usage; memory="$2"; shift 2 ;;
      *) usage ;;
    esac
  done

  if load_state && is_ours "$MASTER_PID"; then
    say "already running (master pid $MASTER_PID, logs in $state_dir)"
    echo "$MASTER_URL"
    return 0
  fi
  # Leftovers of a cluster that died: clear them away first.
  if [[ -f "$state_file" ]] || [[ -n "$(executor_pids)" ]]; then do_stop; fi

  # shellcheck source=jdk.sh
  source "$root/scripts/jdk.sh"
  assemble

  local ports
  read -r -a ports <<<"$(free_ports $((2 + workers)))"
  local master_port="${ports[0]}" webui_port="${ports[1]}"
  local url="spark://127.0.0.1:$master_port"

  start_deadline=$((SECONDS + start_timeout))
  rm -rf "$state_dir/work" "$state_dir/logs"
  mkdir -p "$state_dir/work" "$state_dir/logs" "$spark_home/conf"
  export SPARK_HOME="$spark_home" SPARK_SCALA_VERSION="$scala_version" JAVA_HOME
  export SPARK_LOCAL_IP=127.0.0.1 SPARK_MASTER_HOST=127.0.0.1 SPARK_CONF_DIR="$spark_home/conf"

  local master_log="$state_dir/logs/master.log"
  local master_pid worker_pids=() i
  # The REST submission server (fixed port 6066) is not needed: clients use the spark:// URL.
  master_pid="$(launch "$master_log" -Dspark.master.rest.enabled=false org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$master_port" --webui-port "$webui_port")"
  say "master pid $master_pid on $url (web UI http://127.0.0.1:$webui_port)"
  write_state "$url" "$master_port" "$webui_port" "$master_pid" "" "$workers" "$cores" "$memory"
  # Workers that register before the master is elected leader are told it is in standby and retry only
  # 5-15 s later, so they start once the master is ALIVE.
  wait_until "$master_pid" "$webui_port" 0
  for ((i = 1; i <= workers; i++)); do
    mkdir -p "$state_dir/work/worker-$i"
    worker_pids+=("$(launch "$state_dir/logs/worker-$i.log" org.apache.spark.deploy.worker.Worker "$url" \
      --host 127.0.0.1 --cores "$cores" --memory "$memory" --work-dir "$state_dir/work/worker-$i" \
      --webui-port "${ports[$((1 + i))]}")")
  done
  write_state "$url" "$master_port" "$webui_port" "$master_pid" "${worker_pids[*]}" "$workers" "$cores" "$memory"
  say "worker pids ${worker_pids[*]} ($cores core(s), $memory each)"
  wait_until "$master_pid" "$webui_port" "$workers" "${worker_pids[@]}"
  say "up: $workers worker(s) ALIVE, logs in $state_dir/logs"
  echo "$url"
}

(($# >= 1)) || usage
command="$1"
shift
case "$command" in
  start) do_start "$@" ;;
  stop) (($# == 0)) || usage; do_stop ;;
  status) (($# == 0)) || usage; do_status ;;
  *) usage ;;
esac
