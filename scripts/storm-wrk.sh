#!/usr/bin/env bash
# The retry storm by hand: wrk -t2 -c400 on a shedding endpoint while curl probes /observe/health and the same
# endpoint on new connections, 40 times each. Prints wrk's rate, timeouts and non-2xx count, and the probes'
# p50 / p90 / max and status codes. Loopback only; stops everything it started.
#
#   scripts/storm-wrk.sh [MODE] [service JVM options...]
#   scripts/storm-wrk.sh blocking                                   # the service as built
#   scripts/storm-wrk.sh async -Dservice.io-pollers=virtual         # the JDK's default pollers
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
java -Xmx256m "$@" -Dserver.port=0 -Dblocking.pool-size=4 -Dblocking.queue-size=16 -Dasync.max-in-flight=16 \
  -Dvirtual.max-in-flight=16 -Dupstreams.location.base-url="$stub/location" -Dupstreams.sun.base-url="$stub/sun" \
  -Dupstreams.weather.base-url="$stub/weather" -jar "$service_jar" >"$work/service.log" 2>&1 &
pids+=($!)
await_line "$work/service.log" "ready at"
port=$(grep -o '127.0.0.1:[0-9]*' "$work/service.log" | head -1 | cut -d: -f2)
url="http://127.0.0.1:$port/api/$mode/sun/97201/us"
for _ in $(seq 20); do curl -s -o /dev/null "$url"; done

wrk -t2 -c400 -d12s --timeout 2s "$url" >"$work/wrk.txt" 2>&1 &
storm=$!
sleep 1
for _ in $(seq 40); do
  curl -s -o /dev/null -m 5 -w '%{http_code} %{time_total}\n' "http://127.0.0.1:$port/observe/health" >>"$work/health.txt" || true
  curl -s -o /dev/null -m 5 -w '%{http_code} %{time_total}\n' "$url" >>"$work/api.txt" || true
  sleep 0.2
done
wait "$storm"

echo "storm on $mode $*"
grep -E 'Requests/sec|timeout|Non-2xx' "$work/wrk.txt" | sed 's/^ */  wrk: /'
for probe in health api; do
  sort -k2 -n "$work/$probe.txt" | awk -v name="$probe" '{t[NR]=$2; c[$1]++}
    END {printf "  %s on new connections: n=%d p50=%.3f s p90=%.3f s max=%.3f s, status:", name, NR, t[int(NR*0.5)], t[int(NR*0.9)], t[NR];
         for (k in c) printf " %s=%d", k, c[k]; print ""}'
done
