#!/usr/bin/env bash
# Phase (d) of run.sh alone, for working on Hedge's memory: N concurrent slow streams (1 chunk per second) through
# Hedge to the mock, and the same N straight to the mock right after, with the peak RSS of each process.
#   benchmarks/load/slow-streams.sh [STREAMS=5000] [CHUNKS=30]
# Environment: BASE_PORT (default 9300; two ports), HEDGE_JAVA_OPTS (passed to ./hedge), DIAG=1 (at the peak of
# Hedge's run: a class histogram and, if HEDGE_JAVA_OPTS has -XX:NativeMemoryTracking=summary, the native memory
# summary, and how much RSS glibc gives back on a trim, into the result directory; the histogram's full collection
# changes the heap, so compare peaks of runs without DIAG), MOCK=0 (skip the direct run
# against the mock), STORMS=N (N storms in a row against one Hedge, each storm's peak and RSS right after, then the
# RSS after SETTLE (default 10) seconds idle: what storms leave behind). Loopback only; the clients run niced;
# bounded by about twice CHUNKS seconds plus start-up (per storm).
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
root=$(cd "$here/../.." && pwd)
streams=${1:-5000}
chunks=${2:-30}
base=${BASE_PORT:-9300}
mock_port=$base
hedge_port=$((base + 1))
out=$(mktemp -d "${TMPDIR:-/tmp}/hedge-slow.XXXXXX")
ulimit -n 65536 2>/dev/null || true
[ "$(ulimit -n)" -ge $((streams * 2 + 1000)) ] || { echo "open-file limit $(ulimit -n) is too low for $streams streams" >&2; exit 1; }
for port in $mock_port $hedge_port; do
  if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then echo "port $port is in use (set BASE_PORT)" >&2; exit 1; fi
done

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
# Peak RSS of a process while a command runs: peak PID DIAG COMMAND...; prints the peak in MB.
peak() {
  local pid=$1 diag=$2 max=0 now diag_done=0 started
  shift 2
  "$@" > "$out/client.json" &
  local client=$!
  started=$(date +%s)
  while kill -0 "$client" 2>/dev/null; do
    now=$(rss_kb "$pid")
    [ "$now" -gt "$max" ] && max=$now
    if [ "$diag" = 1 ] && [ "$diag_done" = 0 ] && [ $(( $(date +%s) - started )) -ge $((chunks / 2 + 3)) ]; then
      diag_done=1
      "$JAVA_HOME/bin/jcmd" "$pid" GC.class_histogram > "$out/histogram.txt" 2>&1 || true
      "$JAVA_HOME/bin/jcmd" "$pid" VM.native_memory summary > "$out/nmt.txt" 2>&1 || true
      "$JAVA_HOME/bin/jcmd" "$pid" GC.heap_info > "$out/heap.txt" 2>&1 || true
      echo "RSS $(rss_kb "$pid") kB" > "$out/rss-at-diag.txt"
      "$JAVA_HOME/bin/jcmd" "$pid" System.trim_native_heap >> "$out/rss-at-diag.txt" 2>&1 || true
    fi
    sleep 0.25
  done
  wait "$client"
  echo $((max / 1024))
}

. "$root/scripts/jdk.sh" && hedge_find_jdk
PORT=$mock_port node "$here/mock-upstream.mjs" > "$out/mock.log" 2>&1 &
mock=$!; pids+=($!)
sed -e "s|__HEDGE_PORT__|$hedge_port|g" -e "s|__MOCK_PORT__|$mock_port|g" "$here/hedge.yaml.template" > "$out/hedge.yaml"
key=$(HEDGE_MASTER_KEY=sk-admin-bench "$root/hedge" keys create --name slow --config "$out/hedge.yaml" --data-dir "$out/data" 2>/dev/null)
HEDGE_MASTER_KEY=sk-admin-bench "$root/hedge" serve --config "$out/hedge.yaml" --data-dir "$out/data" > "$out/hedge.log" 2>&1 &
hedge=$!; pids+=($!)
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$hedge_port/readyz")" = 200 ]; do
  kill -0 "$hedge" 2>/dev/null || { echo "hedge exited (see $out/hedge.log)" >&2; exit 1; }
  sleep 0.05
done
# a few streams first, so the idle figure is after the first requests (as run.sh measures it)
nice -n 10 node "$here/stream-client.mjs" "http://127.0.0.1:$hedge_port/v1/chat/completions" "$key" 20 5 5 0 > /dev/null
sleep 3
idle=$(( $(rss_kb "$hedge") / 1024 ))
echo "uptime: $(uptime)"
storms=${STORMS:-1}
for storm in $(seq "$storms"); do
  hedge_peak=$(peak "$hedge" "${DIAG:-0}" env RAMP_MS=3000 nice -n 10 node "$here/stream-client.mjs" \
    "http://127.0.0.1:$hedge_port/v1/chat/completions" "$key" "$streams" "$streams" "$chunks" 1000)
  hedge_result=$(node -e 'const r=require(process.argv[1]);console.log(`${r.requests-r.incomplete}/${r.requests} complete, last byte p50 ${(r.ttlb_ms?.p50/1000).toFixed(1)} s`)' "$out/client.json")
  cp "$out/client.json" "$out/client-hedge.json"
  after=$(( $(rss_kb "$hedge") / 1024 ))
  if [ "$storms" -gt 1 ]; then
    echo "storm $storm: peak ${hedge_peak} MB, right after ${after} MB; $hedge_result"
  fi
done
if [ "$storms" -gt 1 ]; then
  sleep "${SETTLE:-10}"
  echo "after ${SETTLE:-10} s idle: $(( $(rss_kb "$hedge") / 1024 )) MB"
fi
if [ "${MOCK:-1}" = 1 ]; then
mock_peak=$(peak "$mock" 0 env RAMP_MS=3000 nice -n 10 node "$here/stream-client.mjs" \
  "http://127.0.0.1:$mock_port/v1/chat/completions" sk-mock "$streams" "$streams" "$chunks" 1000)
mock_result=$(node -e 'const r=require(process.argv[1]);console.log(`${r.requests-r.incomplete}/${r.requests} complete`)' "$out/client.json")
fi
echo "hedge: idle ${idle} MB, peak ${hedge_peak} MB, after ${after} MB; $hedge_result"
[ "${MOCK:-1}" = 1 ] && echo "mock (direct): peak ${mock_peak} MB; $mock_result"
echo "uptime: $(uptime)"
echo "details: $out"
