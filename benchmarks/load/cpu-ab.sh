#!/usr/bin/env bash
# CPU per request of this checkout and another one (e.g. an export of an older commit) under the same closed-loop
# load: wrk (1 thread, 64 connections, chat.lua) against each Hedge in turn, both in front of one neutral mock, in
# rounds that alternate the order (A B, B A, ...) so both see the same machine. Per round and checkout: requests/s
# and the CPU time per completed request of the whole process and of its event loops, from /proc. With
# NEEDLE=<regex> each measured round also records JFR and prints the share of event-loop samples whose stack has a
# frame (class.method) it matches (e.g. NEEDLE=JsonBodies: reading the request; NEEDLE='TimeoutWheel|cancelTimer').
#   benchmarks/load/cpu-ab.sh OTHER_CHECKOUT [ROUNDS=4] [SECONDS=20] [WARM_SECONDS=60]
# Environment: BASE_PORT (default 9370; uses it and the next two), NEEDLE, STREAM=N (streams of N chunks rather
# than unary requests, through chat.lua), OTHER_JAVA_OPTS (HEDGE_JAVA_OPTS of the other checkout only; with this
# checkout as the other one, it compares JVM flags, e.g. OTHER_JAVA_OPTS=-XX:+UseCompactObjectHeaders), TTFB=N (time to
# first byte instead: each round sends TTFB_REQUESTS (default 300) streams of N chunks one at a time, with
# stream-client.mjs, to the mock directly and to each checkout, and prints each one's p50 and what it adds to the
# mock's; SECONDS is then unused, and the warm-up is WARM_SECONDS of wrk, then TTFB_WARM (default 6000) streams at
# concurrency 10 to each), TOGETHER=1 (both checkouts loaded at the same time, by two wrk of 32 connections each,
# for SECONDS per round: a slowdown of the machine then hits both alike, and the ratio of their CPU per request
# varies by a few percent from round to round where alternating rounds of one build vary by ±15 %; the warm-up
# still runs one after the other). Each checkout builds itself
# (./hedge --help) first; both run with the ./hedge launcher's flags. Needs node and wrk.
# CPU per request is the figure least disturbed by other work, not undisturbed: on a busy machine (load above the
# core count) rounds of one build vary by ±15 %, more than a change of a few percent.
# RATE=N (with TOGETHER=1 or alone: both checkouts at once, always) loads each checkout at N requests a second
# with loadgen.mjs (50 connections, open loop) for SECONDS per round instead of wrk's closed loop, and prints each
# one's CPU per request and service-time p50/p99: the cost of a request at low load, where every request wakes its
# event loop with cold caches (at 1000 a second about three times the closed loop's) and added latency comes from.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
root=$(cd "$here/../.." && pwd)
[ $# -ge 1 ] || { sed -n '2,21p' "$0" >&2; exit 2; }
roots=("$root" "$(cd "$1" && pwd)")
rounds=${2:-4}; seconds=${3:-20}; warm=${4:-60}
base=${BASE_PORT:-9370}
command -v wrk >/dev/null || { echo "cpu-ab.sh: wrk is missing (apt-get install wrk)" >&2; exit 1; }
for port in "$base" $((base + 1)) $((base + 2)); do
  if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then echo "port $port is in use (set BASE_PORT)" >&2; exit 1; fi
done
. "$root/scripts/jdk.sh"
hedge_find_jdk || exit 1
out=$(mktemp -d "${TMPDIR:-/tmp}/hedge-cpu-ab.XXXXXX")
export HEDGE_REQUEST_LOG=OFF
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$out"' EXIT
PORT=$base node "$here/mock-upstream.mjs" > "$out/mock.log" 2>&1 & pids+=($!)
hedge_pids=(); keys=(); ports=(); labels=()
for i in 0 1; do
  ports[$i]=$((base + 1 + i))
  sed -e "s|__HEDGE_PORT__|${ports[$i]}|g" -e "s|__MOCK_PORT__|$base|g" "$here/hedge.yaml.template" > "$out/hedge-$i.yaml"
  opts=${HEDGE_JAVA_OPTS:-}; [ "$i" = 1 ] && opts=${OTHER_JAVA_OPTS-$opts}
  labels[$i]="${roots[$i]}${opts:+ [$opts]}"
  HEDGE_JAVA_OPTS=$opts "${roots[$i]}/hedge" --help > /dev/null
  keys[$i]=$(HEDGE_JAVA_OPTS=$opts "${roots[$i]}/hedge" keys create --name cpu-ab --config "$out/hedge-$i.yaml" \
    --data-dir "$out/data-$i" 2>/dev/null)
  HEDGE_JAVA_OPTS=$opts "${roots[$i]}/hedge" serve --config "$out/hedge-$i.yaml" --data-dir "$out/data-$i" > "$out/hedge-$i.log" 2>&1 &
  hedge_pids[$i]=$!; pids+=($!)
done
for i in 0 1; do
  until curl -sf "http://127.0.0.1:${ports[$i]}/readyz" > /dev/null; do
    kill -0 "${hedge_pids[$i]}" 2>/dev/null || { echo "hedge exited: $(tail -3 "$out/hedge-$i.log")" >&2; exit 1; }
    sleep 0.2
  done
done
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }  # utime + stime, in clock ticks
loop_ticks() {
  local sum=0 task
  for task in /proc/"$1"/task/*; do
    if grep -q eventloo "$task/comm"; then sum=$((sum + $(awk '{print $14 + $15}' "$task/stat"))); fi
  done
  echo "$sum"
}
load() { # index seconds → wrk's output
  KEY=${keys[$1]} wrk -t1 -c64 -d"$2"s -s "$here/chat.lua" "http://127.0.0.1:${ports[$1]}/v1/chat/completions"
}
share() { # jfr file → share of event-loop samples with a frame that NEEDLE matches
  "$JAVA_HOME/bin/jfr" print --json --events jdk.ExecutionSample --stack-depth 96 "$1" > "$1.json"
  python3 - "$1.json" "$NEEDLE" <<'PY'
import json, re, sys
events = json.load(open(sys.argv[1]))["recording"]["events"]
loop = [e for e in events if "eventloop" in (e["values"].get("sampledThread") or {}).get("javaName", "")]
needle = re.compile(sys.argv[2])
hits = sum(1 for e in loop if any(needle.search(f["method"]["type"]["name"] + "." + f["method"]["name"])
                                  for f in e["values"]["stackTrace"]["frames"]))
print(f"{100 * hits / max(1, len(loop)):.1f} % of {len(loop)} event-loop samples")
PY
}
ttfb() { # URL KEY → p50 time to first byte (ms) of TTFB_REQUESTS streams of TTFB chunks, one at a time
  node "$here/stream-client.mjs" "$1" "$2" "${TTFB_REQUESTS:-300}" 1 "$TTFB" 0 \
    | python3 -c 'import json, sys; r = json.load(sys.stdin); print(r["ttfb_ms"]["p50"] if r["errors"] == 0 else "errors")'
}
hz=$(getconf CLK_TCK)
per_request() { # clock ticks, requests [decimals=1] → µs of CPU per request
  awk -v c="$1" -v n="$2" -v hz="$hz" -v d="${3:-1}" 'BEGIN {printf "%.*f", d, c * 1e6 / hz / n}'
}
other_over_this() { # this checkout's figure, the other's → their ratio, other / this
  awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", b / a}'
}
together() { # round → both checkouts loaded at once, half the connections each; CPU per request of each, and B/A
  local cpu0=() loop0=() results=() wrks=() i requests cpu=() loop=() per=()
  for i in 0 1; do cpu0[$i]=$(ticks "${hedge_pids[$i]}"); loop0[$i]=$(loop_ticks "${hedge_pids[$i]}"); done
  for i in 0 1; do
    KEY=${keys[$i]} wrk -t1 -c32 -d"${seconds}"s -s "$here/chat.lua" \
      "http://127.0.0.1:${ports[$i]}/v1/chat/completions" > "$out/together-$i.txt" &
    wrks+=($!)
  done
  wait "${wrks[@]}"
  for i in 0 1; do
    requests=$(awk '/requests in/ {print $1}' "$out/together-$i.txt")
    cpu[$i]=$(( $(ticks "${hedge_pids[$i]}") - cpu0[i] )); loop[$i]=$(( $(loop_ticks "${hedge_pids[$i]}") - loop0[i] ))
    per[$i]=$(per_request "${cpu[$i]}" "$requests" 2)
    echo "round $1 ${labels[$i]}: $(awk '/Requests\/sec/ {print $2}' "$out/together-$i.txt") requests/s," \
      "CPU ${per[$i]} µs/request (event loops $(per_request "${loop[$i]}" "$requests"))$(grep -q Non-2xx \
      "$out/together-$i.txt" && echo ", errors")"
  done
  echo "round $1: other/this CPU per request $(other_over_this "${per[0]}" "${per[1]}")" \
    "(load $(cut -d' ' -f1 /proc/loadavg))"
}
rated() { # round → both checkouts at RATE requests/s at once (loadgen, open loop); CPU per request, service p50/p99
  local cpu0=() loop0=() gens=() i per=() loops=()
  for i in 0 1; do cpu0[$i]=$(ticks "${hedge_pids[$i]}"); loop0[$i]=$(loop_ticks "${hedge_pids[$i]}"); done
  for i in 0 1; do
    node "$here/loadgen.mjs" "http://127.0.0.1:${ports[$i]}/v1/chat/completions" --rate "$RATE" --connections 50 \
      --duration "$seconds" --warmup 0 --key "${keys[$i]}" > "$out/rated-$i.json" &
    gens+=($!)
  done
  wait "${gens[@]}"
  for i in 0 1; do
    read -r completed errors p50 p99 < <(node -e 'const r = require(process.argv[1]);
      console.log(r.completed, r.errors, r.service_ms.p50, r.service_ms.p99)' "$out/rated-$i.json")
    per[$i]=$(per_request $(( $(ticks "${hedge_pids[$i]}") - cpu0[i] )) "$completed")
    loops[$i]=$(per_request $(( $(loop_ticks "${hedge_pids[$i]}") - loop0[i] )) "$completed")
    echo "round $1 ${labels[$i]}: $RATE requests/s, CPU ${per[$i]} µs/request (event loops ${loops[$i]})," \
      "service p50 $p50 ms, p99 $p99 ms$( [ "$errors" = 0 ] || echo ", errors $errors")"
  done
  echo "round $1: other/this CPU per request $(other_over_this "${per[0]}" "${per[1]}")," \
    "event loops $(other_over_this "${loops[0]}" "${loops[1]}") (load $(cut -d' ' -f1 /proc/loadavg))"
}
echo "uptime: $(uptime)"
for i in 0 1; do echo "warm-up ${labels[$i]}: $(load "$i" "$warm" | awk '/Requests\/sec/ {print $2}') requests/s"; done
if [ -n "${TTFB:-}" ]; then  # a stream's own code needs thousands of streams to reach the top JIT tier (run.sh)
  for target in "$base sk-mock" "${ports[0]} ${keys[0]}" "${ports[1]} ${keys[1]}"; do
    read -r port key <<< "$target"
    node "$here/stream-client.mjs" "http://127.0.0.1:$port/v1/chat/completions" "$key" "${TTFB_WARM:-6000}" 10 "$TTFB" 0 \
      > /dev/null
  done
fi
for round in $(seq "$rounds"); do
  order="0 1"; [ $((round % 2)) = 0 ] && order="1 0"
  if [ -n "${TTFB:-}" ]; then
    direct=$(ttfb "http://127.0.0.1:$base/v1/chat/completions" sk-mock)
    for i in $order; do
      p50=$(ttfb "http://127.0.0.1:${ports[$i]}/v1/chat/completions" "${keys[$i]}")
      echo "round $round ${labels[$i]}: streams of $TTFB chunks, TTFB p50 $p50 ms, mock directly $direct ms," \
        "added $(python3 -c "print(f'{$p50 - $direct:.3f}')" 2>/dev/null || echo ?) ms"
    done
    continue
  fi
  if [ -n "${RATE:-}" ]; then
    rated "$round"
    continue
  fi
  if [ -n "${TOGETHER:-}" ]; then
    together "$round"
    continue
  fi
  for i in $order; do
    pid=${hedge_pids[$i]}
    [ -n "${NEEDLE:-}" ] && "$JAVA_HOME/bin/jcmd" "$pid" JFR.start duration="${seconds}s" filename="$out/r$round-$i.jfr" \
      settings=profile > /dev/null
    cpu0=$(ticks "$pid"); loop0=$(loop_ticks "$pid")
    result=$(load "$i" "$seconds")
    cpu=$(( $(ticks "$pid") - cpu0 )); loop=$(( $(loop_ticks "$pid") - loop0 ))
    requests=$(awk '/requests in/ {print $1}' <<< "$result")
    line="$(awk '/Requests\/sec/ {print $2}' <<< "$result") requests/s, CPU $(per_request "$cpu" "$requests") µs/request"
    line+=" (event loops $(per_request "$loop" "$requests"))"
    if grep -q "Non-2xx" <<< "$result"; then line+=", $(grep Non-2xx <<< "$result" | xargs)"; fi
    if [ -n "${NEEDLE:-}" ]; then sleep 2; line+=", ${NEEDLE}: $(share "$out/r$round-$i.jfr")"; fi
    echo "round $round ${labels[$i]}: $line (load $(cut -d' ' -f1 /proc/loadavg))"
  done
done
echo "uptime: $(uptime)"
