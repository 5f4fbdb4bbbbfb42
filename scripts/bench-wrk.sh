#!/usr/bin/env bash
# Service benchmark with wrk (a command, not a test): starts the stub upstreams and the service on
# 127.0.0.1, drives /api/{mode}/{endpoint}/{zip}/{country} (default: sun) with wrk at a few connection
# counts, and prints one markdown row per point: throughput against the Little's-law bound, latency, and the CPU each JVM spent
# per request (utime+stime from /proc over the measured run / requests wrk completed).
#
#   scripts/bench-wrk.sh                      # modes async virtual blocking, 64 256 512 connections
#   MODES=async LEVELS=256 REPEATS=3 scripts/bench-wrk.sh
#   MODES="async eventloop" SERVICE_JVM_OPTS="-Xmx1g -Deventloop.client=jdk" scripts/bench-wrk.sh
#                                             # eventloop with its other client candidate (default: vertx)
#   scripts/bench-wrk.sh stub                 # the stub's own capacity at 0 ms and at the latency
#   scripts/bench-wrk.sh exchanges           # service CPU per request with 0, 1 and 2 upstream calls, same rate
#
# Knobs (environment): MODES (any of blocking virtual async eventloop), LEVELS, ENDPOINT (sun, weather or city), LATENCY_MS (per upstream API,
# default 100), WARMUP_S (10), MEASURE_S (15), REPEATS (1), SERVICE_JVM_OPTS, STUB_JVM_OPTS. Needs wrk
# (apt-get install wrk) and built jars (./mvnw -q -B -DskipTests package). Every run is bounded by its duration; only the processes this
# script started are stopped, by PID.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-env.sh
pick_jdk

command -v wrk >/dev/null || { echo "bench-wrk: wrk is missing: apt-get install wrk" >&2; exit 2; }
for jar in stub-upstreams/target/stub-upstreams.jar service/target/service.jar; do
  [ -f "$jar" ] || { echo "bench-wrk: $jar is missing: run ./mvnw -q -B -DskipTests package" >&2; exit 2; }
done

WHAT=${1:-service}
case "$WHAT" in
  service|stub) ;;
  # blocking is left out by default: its pool caps a one-call request at another rate than the others
  exchanges) MODES=${MODES:-async virtual eventloop}; LEVELS=${LEVELS:-512} ;;
  *) echo "bench-wrk: '$WHAT' is not a benchmark: use service (default), stub or exchanges" >&2; exit 2 ;;
esac
MODES=${MODES:-async virtual blocking}
for mode in $MODES; do
  case "$mode" in
    blocking|virtual|async|eventloop) ;;
    *) echo "bench-wrk: MODES has '$mode', not a mode: use blocking, virtual, async or eventloop" >&2; exit 2 ;;
  esac
done
LEVELS=${LEVELS:-64 256 512}
LATENCY_MS=${LATENCY_MS:-100}
ENDPOINT=${ENDPOINT:-sun}
# upstream calls on the endpoint's critical path: sun and city wait for location then sun (city's weather
# call runs beside them in virtual, async and eventloop, after them in blocking, where the bound is lower still)
case "$ENDPOINT" in
  sun|city) CALLS=2 ;;
  weather) CALLS=1 ;;
  *) echo "bench-wrk: ENDPOINT=$ENDPOINT is not an endpoint: use sun, weather or city" >&2; exit 2 ;;
esac
WARMUP_S=${WARMUP_S:-10}
MEASURE_S=${MEASURE_S:-15}
REPEATS=${REPEATS:-1}
STUB_JVM_OPTS=${STUB_JVM_OPTS:--Xmx1g -XX:-StackTraceInThrowable}
SERVICE_JVM_OPTS=${SERVICE_JVM_OPTS:--Xmx1g}
TICKS=$(getconf CLK_TCK)
WORK=$(mktemp -d /tmp/bench-wrk.XXXXXX)
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# start_jvm NAME PATTERN COMMAND...: starts COMMAND in the background as NAME (its pid in ${NAME}_pid),
# waits for a line of its output matching PATTERN and prints that line.
start_jvm() {
  local name=$1 log="$WORK/$1.log" pattern=$2; shift 2
  "$@" >"$log" 2>&1 &
  PIDS+=($!)
  eval "${name}_pid=$!"
  for _ in $(seq 1 300); do
    if grep -m1 -E "$pattern" "$log" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "bench-wrk: $name did not start; see $log" >&2
  exit 1
}

# wrk for the measured window; prints "req/s requests p50 p99 errors" and then, for each pid given, that
# process's CPU µs per request over the window.
measure() {
  local url=$1 conns=$2; shift 2
  local before=() after=() pid out
  for pid in "$@"; do before+=("$(cpu_ticks "$pid")"); done
  out=$(wrk -t2 -c"$conns" -d"${MEASURE_S}s" --timeout 10s --latency ${WRK_SCRIPT:+-s "$WRK_SCRIPT"} "$url")
  for pid in "$@"; do after+=("$(cpu_ticks "$pid")"); done
  local rps requests p50 p99 errors
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' <<<"$out")
  local cpu=()
  for i in "${!before[@]}"; do
    cpu+=("$(awk -v a="${before[$i]}" -v b="${after[$i]}" -v t="$TICKS" -v n="$requests" \
      'BEGIN {printf "%.0f", (b - a) / t * 1e6 / n}')")
  done
  echo "$rps $requests $p50 $p99 $errors ${cpu[*]}"
}

# wrk drops its connections at the end of a run, but the service still works off what they had sent (the
# blocking pool's queue): wait until nothing is in flight, or that backlog eats into the next measurement.
await_drained() {
  local busy
  for _ in $(seq 1 300); do
    busy=$(curl -fsS "$1/observe/metrics" | awk '/^loadlab_(inflight_requests|blocking_pool_queue_depth)[{ ]/ {n += $NF} END {print n + 0}')
    [ "$busy" = 0 ] && return 0
    sleep 0.1
  done
  echo "bench-wrk: the service still had $busy requests in flight after 30 s" >&2
}

machine() {
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)," \
    "$(. /etc/os-release && echo "$PRETTY_NAME"), $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

machine
start_jvm stub '^ready location=' java $STUB_JVM_OPTS -jar stub-upstreams/target/stub-upstreams.jar \
  --host 127.0.0.1 --port 0 --latency-ms "$([ "$WHAT" = stub ] && echo 0 || echo "$LATENCY_MS")" >/dev/null
stub_url=$(sed -n 's/^ready location=\(http[^ ]*\) .*/\1/p' "$WORK/stub.log" | head -1)
stub_base=${stub_url%/location}

if [ "$WHAT" = stub ]; then
  # The stub alone: /sun/json at 0 ms (its CPU ceiling), then at the latency (its concurrency ceiling).
  echo
  echo "| stub latency | connections | req/s | bound | p50 | p99 | errors | stub µs/request |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
  url="$stub_base/sun/json?lat=45.5&lng=-122.6"
  wrk -t2 -c64 -d"${WARMUP_S}s" "$url" >/dev/null
  read -r rps n p50 p99 err cpu <<<"$(measure "$url" 64 "$stub_pid")"
  echo "| 0 ms | 64 | $rps | - | $p50 | $p99 | $err | $cpu |"
  curl -fsS -X POST -H 'Content-Type: application/json' -d "{\"latencyMs\": $LATENCY_MS}" \
    "$stub_base/__admin/loadlab/config" >/dev/null
  for c in $LEVELS; do
    wrk -t2 -c"$c" -d"${WARMUP_S}s" "$url" >/dev/null
    read -r rps n p50 p99 err cpu <<<"$(measure "$url" "$c" "$stub_pid")"
    echo "| $LATENCY_MS ms | $c | $rps | $((c * 1000 / LATENCY_MS)) | $p50 | $p99 | $err | $cpu |"
  done
  exit 0
fi

start_jvm service 'ready at http' java $SERVICE_JVM_OPTS -Dserver.host=127.0.0.1 -Dserver.port=0 \
  -Dupstreams.location.base-url="$stub_base/location" -Dupstreams.sun.base-url="$stub_base/sun" \
  -Dupstreams.weather.base-url="$stub_base/weather" -jar service/target/service.jar >/dev/null
service_url=$(grep -o -m1 'http://127\.0\.0\.1:[0-9]*' "$WORK/service.log")
echo "stub $stub_base (pid $stub_pid, $STUB_JVM_OPTS), service $service_url (pid $service_pid, $SERVICE_JVM_OPTS)"
echo "latency ${LATENCY_MS} ms per upstream API, /$ENDPOINT: bound = connections / $((CALLS * LATENCY_MS)) ms;" \
  "wrk -t2, ${WARMUP_S}s warm-up + ${MEASURE_S}s measured per point"

# service_point URL CONNECTIONS [WRK_SCRIPT]: a wrk warm-up, a wait until the service has drained, then the
# measured run; prints measure's line with the service's and the stub's CPU per request.
service_point() {
  local url=$1 conns=$2 script=${3:-}
  wrk -t2 -c"$conns" -d"${WARMUP_S}s" ${script:+-s "$script"} "$url" >/dev/null
  await_drained "$service_url"
  WRK_SCRIPT=$script measure "$url" "$conns" "$service_pid" "$stub_pid"
}

# wrk script that waits THINK ms after each answer before the connection's next request
think_script() {
  local script="$WORK/think-$1.lua"
  echo "function delay() return $1 end" >"$script"
  echo "$script"
}

# JIT: one warm-up per mode at the highest level before any point is measured.
top=$(tr ' ' '\n' <<<"$LEVELS" | sort -n | tail -1)
for mode in $MODES; do
  wrk -t2 -c"$top" -d"${WARMUP_S}s" "$service_url/api/$mode/$ENDPOINT/97201/us" >/dev/null
  await_drained "$service_url"
done

if [ "$WHAT" = exchanges ]; then
  # What one upstream exchange costs the service. Three requests at the same rate (C connections, each
  # sending a request every 2 x latency): one rejected before any upstream call (invalid zip: routing,
  # validation and a JSON answer) with 2 x latency of think time, /weather (one call) with 1 x latency of
  # think time, /sun (two calls) with none. The differences are what the upstream exchanges add.
  think_one=$LATENCY_MS think_two=$((2 * LATENCY_MS))
  echo
  echo "| mode | connections | upstream calls | request | think | req/s | service µs/request | stub µs/request |"
  echo "|---|---:|---:|---|---:|---:|---:|---:|"
  for repeat in $(seq 1 "$REPEATS"); do
    for c in $LEVELS; do
      for mode in $MODES; do
        for calls in 0 1 2; do
          case $calls in
            0) path="sun/x/us" think=$think_two ;;
            1) path="weather/97201/us" think=$think_one ;;
            2) path="sun/97201/us" think=0 ;;
          esac
          url="$service_url/api/$mode/$path"
          script=$(think_script "$think")
          read -r rps n p50 p99 err service_cpu stub_cpu <<<"$(service_point "$url" "$c" "$script")"
          echo "| $mode | $c | $calls | /$path | $think ms | $rps | $service_cpu | $stub_cpu |"
          echo "$mode $c $calls $service_cpu" >>"$WORK/exchanges.txt"
        done
      done
    done
  done
  # medians over the repeats, and what one upstream exchange adds: (two calls - none) / 2
  echo
  sort -k1,1 -k2,2n -k3,3n -k4,4n "$WORK/exchanges.txt" | awk '
    function median(key,   n) { n = count[key]; return n % 2 ? v[key, (n + 1) / 2] : (v[key, n / 2] + v[key, n / 2 + 1]) / 2 }
    { key = $1 " " $2 " " $3; v[key, ++count[key]] = $4; if (!(($1 " " $2) in seen)) { seen[$1 " " $2]; order[++points] = $1 " " $2 } }
    END {
      for (i = 1; i <= points; i++) {
        split(order[i], p, " ")
        none = median(order[i] " 0"); one = median(order[i] " 1"); two = median(order[i] " 2")
        printf "%s at %d connections (median service µs/request): no upstream call %.0f, one %.0f, two %.0f; one upstream exchange adds %.0f\n", p[1], p[2], none, one, two, (two - none) / 2
      }
    }'
  exit 0
fi

echo
echo "| mode | connections | bound req/s | req/s | of bound | p50 | p99 | errors | service µs/request | stub µs/request |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for repeat in $(seq 1 "$REPEATS"); do
  for c in $LEVELS; do
    for mode in $MODES; do
      url="$service_url/api/$mode/$ENDPOINT/97201/us"
      read -r rps n p50 p99 err service_cpu stub_cpu <<<"$(service_point "$url" "$c")"
      bound=$((c * 1000 / (CALLS * LATENCY_MS)))
      share=$(awk -v r="$rps" -v b="$bound" 'BEGIN {printf "%.0f%%", 100 * r / b}')
      echo "| $mode | $c | $bound | $rps | $share | $p50 | $p99 | $err | $service_cpu | $stub_cpu |"
    done
  done
done
