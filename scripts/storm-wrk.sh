#!/usr/bin/env bash
# The retry storm by hand: wrk -t2 -c400 on a shedding endpoint while curl probes health, the same
# endpoint and the stub's sun API on new connections, 40 times each. Prints wrk's rate, timeouts and non-2xx
# count, the probes' p50 / p90 / max and status codes, and from the service's metrics the OK and 503 answers and
# the mean time of its OK upstream calls during the storm (against the stub's own time, the stub probe: the rest
# is the service's side). Loopback only; stops everything it started.
#
#   scripts/storm-wrk.sh [MODE] [service JVM options...]
#   scripts/storm-wrk.sh blocking                                   # the service as built
#   scripts/storm-wrk.sh async -Dservice.io-pollers=virtual         # the JDK's default pollers
#   scripts/storm-wrk.sh virtual -Dvirtual.max-in-flight=64         # options after the mode override the defaults
#   SERVICE_JAR=/tmp/base/service/target/service.jar scripts/storm-wrk.sh blocking   # another build
#
# The service runs with -Xmx256m, pool 4, queue 16 and in-flight limits of 16, the stubs at 100 ms per API.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. scripts/java-env.sh
pick_jdk
command -v wrk >/dev/null || { echo "storm-wrk: needs wrk (apt-get install wrk)" >&2; exit 2; }
mode=${1:-blocking}
shift || true
service_jar=${SERVICE_JAR:-service/target/service.jar}
[ -f "$service_jar" ] && [ -f stub-upstreams/target/stub-upstreams.jar ] \
  || { echo "storm-wrk: build first (./mvnw -DskipTests package)" >&2; exit 2; }
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

await_line() { # file pattern
  for _ in $(seq 300); do grep -q "$2" "$1" && return 0; sleep 0.1; done
  echo "storm-wrk: no '$2' in $1" >&2; exit 2
}

java -jar stub-upstreams/target/stub-upstreams.jar --port 0 --latency-ms 100 >"$work/stub.log" 2>&1 &
pids+=($!)
await_line "$work/stub.log" ready
stub=$(grep -o 'location=[^ ]*' "$work/stub.log" | sed 's/location=//; s#/location##')
java -Xmx256m -Dserver.port=0 -Dblocking.pool-size=4 -Dblocking.queue-size=16 -Dasync.max-in-flight=16 \
  -Dvirtual.max-in-flight=16 -Deventloop.max-in-flight=16 -Dupstreams.location.base-url="$stub/location" \
  -Dupstreams.sun.base-url="$stub/sun" -Dupstreams.weather.base-url="$stub/weather" -Dmanagement.port=0 "$@" \
  -jar "$service_jar" >"$work/service.log" 2>&1 &
pids+=($!)
await_line "$work/service.log" "ready at"
port=$(grep -o '127.0.0.1:[0-9]*' "$work/service.log" | head -1 | cut -d: -f2)
url="http://127.0.0.1:$port/api/$mode/sun/97201/us"
# the management port's /health, as the lab probes it; an older build has none: its /observe/health
health=$(grep -o 'health at http://[^ ,]*' "$work/service.log" | head -1 | sed 's/health at //' || true)
health=${health:-http://127.0.0.1:$port/observe/health}
for _ in $(seq 20); do curl -s -o /dev/null "$url"; done
metrics() { curl -s "http://127.0.0.1:$port/observe/metrics" | grep -E '^loadlab_(upstream_call_seconds_(sum|count)|requests_total)'; }
metrics >"$work/metrics-before.txt"

wrk -t2 -c400 -d12s --timeout 2s "$url" >"$work/wrk.txt" 2>&1 &
storm=$!
sleep 1
for _ in $(seq 40); do
  curl -s -o /dev/null -m 5 -w '%{http_code} %{time_total}\n' "$health" >>"$work/health.txt" || true
  curl -s -o /dev/null -m 5 -w '%{http_code} %{time_total}\n' "$url" >>"$work/api.txt" || true
  curl -s -o /dev/null -m 5 -w '%{http_code} %{time_total}\n' "$stub/sun/json?lat=45.5&lng=-122.7&date=today" \
    >>"$work/stub.txt" || true
  sleep 0.2
done
wait "$storm"
metrics >"$work/metrics-after.txt"

echo "storm on $mode $*"
grep -E 'Requests/sec|timeout|Non-2xx' "$work/wrk.txt" | sed 's/^ */  wrk: /'
for probe in health api stub; do
  sort -k2 -n "$work/$probe.txt" | awk -v name="$probe" '{t[NR]=$2; c[$1]++}
    END {printf "  %s on new connections: n=%d p50=%.3f s p90=%.3f s max=%.3f s, status:", name, NR, t[int(NR*0.5)], t[int(NR*0.9)], t[NR];
         for (k in c) printf " %s=%d", k, c[k]; print ""}'
done
# counters over the storm (it ran alone on the mode): after - before
awk 'NR == FNR {before[$1] = $2; next} {delta = $2 - before[$1]} delta > 0 {
       if ($1 ~ /requests_total/ && $1 ~ /mode="'"$mode"'"/) {match($1, /status="[0-9]+"/); answers = answers " " substr($1, RSTART + 8, 3) "=" delta}
       if ($1 ~ /upstream_call_seconds_sum/ && $1 ~ /outcome="ok"/) {match($1, /api="[a-z]+"/); sum[substr($1, RSTART + 5, RLENGTH - 6)] = delta}
       if ($1 ~ /upstream_call_seconds_count/ && $1 ~ /outcome="ok"/) {match($1, /api="[a-z]+"/); n[substr($1, RSTART + 5, RLENGTH - 6)] = delta}}
     END {printf "  service answers during the storm:%s\n", answers;
          for (api in n) printf "  service OK %s calls: n=%d mean=%.1f ms\n", api, n[api], 1000 * sum[api] / n[api]}' \
  "$work/metrics-before.txt" "$work/metrics-after.txt"
