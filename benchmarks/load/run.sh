#!/usr/bin/env bash
# The side-by-side load benchmark (issue 7). One command, run from anywhere:
#   benchmarks/load/run.sh            # full run (about 20 minutes), writes docs/performance.md
#   benchmarks/load/run.sh --quick    # short run (about 3 minutes), same report, smaller numbers
# Options: --no-report (raw results only), --targets mock,nginx,portkey,hedge (default: all four).
# Environment: BASE_PORT (default 9100; five ports from it are used), HEDGE_JAVA_OPTS (passed to ./hedge),
# CLOSED_ROUNDS (closed-loop rounds per target; default 3, 1 with --quick).
#
# It installs what it needs (Debian nginx-light and wrk through apt when run as root, else it stops and says
# what is missing; Portkey's gateway through npm into benchmarks/load/.deps/), builds Hedge, and starts on
# loopback: the mock upstream, an nginx hop to it, Portkey's gateway routed to it, and Hedge routed to it with
# auth, metering and its store on (as `./hedge serve` runs with a config file). Every test runs against each
# target in turn, in the same run, in a rotating order. Raw results go to benchmarks/load/results/<time>/.
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
root=$(cd "$here/../.." && pwd)
PORTKEY_VERSION=1.15.2

quick=0
report=1
targets=(mock nginx portkey hedge)
command_line="benchmarks/load/run.sh $*"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --no-report) report=0 ;;
    --targets) shift; IFS=, read -r -a targets <<< "${1:?--targets needs a list}" ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

say() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

# ---- sizes of the run -------------------------------------------------------------------------------------
if [ "$quick" = 1 ]; then
  WARMUP_S=5; FIXED_S=5; FIXED_WARM_S=2; CLOSED_S=5; CLOSED_ROUNDS=${CLOSED_ROUNDS:-1}; STARTUPS=1
  STREAM_C1_N=100; STREAM_C100_N=500; SLOW_N=1000; SLOW_CHUNKS=10; WARMUP_STREAMS=500
else
  WARMUP_S=60; FIXED_S=15; FIXED_WARM_S=3; CLOSED_S=10; CLOSED_ROUNDS=${CLOSED_ROUNDS:-3}; STARTUPS=3
  STREAM_C1_N=1000; STREAM_C100_N=2000; SLOW_N=5000; SLOW_CHUNKS=30; WARMUP_STREAMS=6000
fi
RATES=(500 1000 2000)

# ---- tools ------------------------------------------------------------------------------------------------
need_apt=()
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need_apt+=(nginx-light)
command -v wrk >/dev/null || need_apt+=(wrk)
command -v node >/dev/null || need_apt+=(nodejs npm)
command -v curl >/dev/null || need_apt+=(curl)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    say "installing ${need_apt[*]} (apt)"
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >&2 \
      || die "apt-get install ${need_apt[*]} failed"
  else
    die "missing ${need_apt[*]}: install them (apt-get install ${need_apt[*]}) or run as root"
  fi
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
command -v npm >/dev/null || die "npm is missing (apt-get install npm)"

deps="$here/.deps"
portkey="$deps/node_modules/@portkey-ai/gateway/build/start-server.js"
if [ "$(node -p "try{require('$deps/node_modules/@portkey-ai/gateway/package.json').version}catch(e){''}" 2>/dev/null)" != "$PORTKEY_VERSION" ]; then
  say "installing @portkey-ai/gateway@$PORTKEY_VERSION into $deps (npm)"
  mkdir -p "$deps"
  [ -f "$deps/package.json" ] || echo '{"private":true}' > "$deps/package.json"
  (cd "$deps" && npm install --no-audit --no-fund --loglevel=error "@portkey-ai/gateway@$PORTKEY_VERSION" >&2) \
    || die "npm install @portkey-ai/gateway@$PORTKEY_VERSION failed"
fi
# Portkey on Node 20: @hono/node-server hands back a lightweight Response whose headers are immutable until its
# body is touched, so every streamed answer fails with "TypeError: immutable" when Portkey appends its own
# headers. Touching the body first (what a real Response has done already) is the one-token fix; without it
# Portkey could not be measured on streams at all.
if ! grep -q 'updateHeaders(e,t,a){e.body;' "$portkey"; then
  grep -q 'updateHeaders(e,t,a){return e.headers.append' "$portkey" \
    || die "Portkey $PORTKEY_VERSION: the Node 20 compatibility patch no longer applies (see run.sh)"
  sed -i 's/updateHeaders(e,t,a){return e.headers.append/updateHeaders(e,t,a){e.body;return e.headers.append/' "$portkey"
fi

ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[ "$(ulimit -n)" -ge $((SLOW_N * 2 + 1000)) ] || die "open-file limit $(ulimit -n) is too low for $SLOW_N streams (raise ulimit -n)"

say "building Hedge (./hedge builds itself when sources changed)"
export HEDGE_MASTER_KEY=sk-admin-bench
# the version measured is the one built now: edits made while the run goes on do not change it
hedge_commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet 2>/dev/null || echo '+changes')"
"$root/hedge" --help >/dev/null || die "./hedge does not start"

# ---- run directory, ports, processes ----------------------------------------------------------------------
run_id=$(date +%Y%m%d-%H%M%S)
out="$here/results/$run_id"
mkdir -p "$out"
uptime > "$out/uptime-start.txt"
ln -sfn "$run_id" "$here/results/latest"
base=${BASE_PORT:-9100}
MOCK_PORT=$base; NGINX_PORT=$((base + 1)); PORTKEY_PORT=$((base + 2)); HEDGE_PORT=$((base + 3))
for port in $MOCK_PORT $NGINX_PORT $PORTKEY_PORT $HEDGE_PORT; do
  if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then die "port $port is in use (set BASE_PORT)"; fi
done
path=/v1/chat/completions
declare -A URL=([mock]="http://127.0.0.1:$MOCK_PORT$path" [nginx]="http://127.0.0.1:$NGINX_PORT$path"
                [portkey]="http://127.0.0.1:$PORTKEY_PORT$path" [hedge]="http://127.0.0.1:$HEDGE_PORT$path")
declare -A KEY=([mock]=sk-mock [nginx]=sk-mock [portkey]=sk-mock [hedge]=)
declare -A HEADERS=([portkey]="x-portkey-provider: openai|x-portkey-custom-host: http://127.0.0.1:$MOCK_PORT/v1")
declare -A PID=()
started=()

cleanup() {
  for pid in "${started[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${started[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_http() { # url [seconds]
  local deadline=$(( $(date +%s) + ${2:-60} ))
  until curl -s -o /dev/null "$1"; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.02
  done
}
# Sums a /proc figure over a process and its children (nginx workers): proc_sum PID FILE AWK-PROGRAM.
proc_sum() {
  local total=0 pid value
  for pid in "$1" $(pgrep -P "$1" 2>/dev/null); do
    value=$(awk "$3" "/proc/$pid/$2" 2>/dev/null || echo 0)
    total=$((total + ${value:-0}))
  done
  echo "$total"
}
rss_kb() { proc_sum "$1" status '/^VmRSS:/ {print $2}'; }      # resident memory, kB
cpu_ticks() { proc_sum "$1" stat '{print $14 + $15}'; }        # CPU time used so far, clock ticks
phase() { echo "$(date +%s%3N) $* $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/phases.log"; }

say "starting the mock upstream on :$MOCK_PORT"
PORT=$MOCK_PORT node "$here/mock-upstream.mjs" > "$out/mock.log" 2>&1 &
PID[mock]=$!; started+=($!)

if [[ " ${targets[*]} " == *" nginx "* ]]; then
  say "starting nginx on :$NGINX_PORT"
  mkdir -p "$out/nginx"
  sed -e "s|__DIR__|$out/nginx|g" -e "s|__PORT__|$NGINX_PORT|g" -e "s|__MOCK_PORT__|$MOCK_PORT|g" \
    "$here/nginx.conf.template" > "$out/nginx/nginx.conf"
  "$NGINX" -p "$out/nginx" -c "$out/nginx/nginx.conf" -g 'daemon off;' > "$out/nginx.log" 2>&1 &
  PID[nginx]=$!; started+=($!)
fi
if [[ " ${targets[*]} " == *" portkey "* ]]; then
  say "starting Portkey's gateway $PORTKEY_VERSION on :$PORTKEY_PORT"
  (cd "$deps" && exec env NODE_ENV=production node "$portkey" --port="$PORTKEY_PORT" --headless) > "$out/portkey.log" 2>&1 &
  PID[portkey]=$!; started+=($!)
fi

hedge_dir="$out/hedge"
mkdir -p "$hedge_dir"
sed -e "s|__HEDGE_PORT__|$HEDGE_PORT|g" -e "s|__MOCK_PORT__|$MOCK_PORT|g" "$here/hedge.yaml.template" > "$hedge_dir/hedge.yaml"
start_hedge() { # [HEDGE_AOT value]: sets PID[hedge] and startup_ms
  local begin end
  begin=$(date +%s%N)
  HEDGE_AOT=${1:-${HEDGE_AOT:-1}} "$root/hedge" serve --config "$hedge_dir/hedge.yaml" --data-dir "$hedge_dir/data" >> "$out/hedge.log" 2>&1 &
  PID[hedge]=$!; started+=($!)
  wait_http "http://127.0.0.1:$HEDGE_PORT/readyz" 120 || die "Hedge did not become ready (see $out/hedge.log)"
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HEDGE_PORT/readyz")" = 200 ]; do sleep 0.02; done
  end=$(date +%s%N)
  startup_ms=$(( (end - begin) / 1000000 ))
}
if [[ " ${targets[*]} " == *" hedge "* ]]; then
  KEY[hedge]=$("$root/hedge" keys create --name "bench-$run_id" --config "$hedge_dir/hedge.yaml" --data-dir "$hedge_dir/data" 2>/dev/null)
  [[ "${KEY[hedge]}" == sk-hedge-* ]] || die "could not create a Hedge virtual key"
  : > "$out/hedge-startup-ms.txt"
  : > "$out/hedge-startup-no-aot.txt"
  for i in $(seq "$STARTUPS"); do
    # the same start without the AOT cache, for comparison (start-up time and idle RSS)
    start_hedge 0
    sleep 3
    echo "$startup_ms $(rss_kb "${PID[hedge]}")" >> "$out/hedge-startup-no-aot.txt"
    say "Hedge without AOT cache ready in $startup_ms ms"
    kill "${PID[hedge]}"; wait "${PID[hedge]}" 2>/dev/null || true
    start_hedge
    say "Hedge ready in $startup_ms ms (start $i of $STARTUPS)"
    echo "$startup_ms" >> "$out/hedge-startup-ms.txt"
    if [ "$i" -lt "$STARTUPS" ]; then kill "${PID[hedge]}"; wait "${PID[hedge]}" 2>/dev/null || true; fi
  done
fi

for target in "${targets[@]}"; do
  wait_http "${URL[$target]%/v1/*}/" 60 || die "$target did not start (see $out/$target.log)"
done
header_args() { # target: curl -H arguments for the target's extra headers, one per line
  local hs h
  IFS='|' read -r -a hs <<< "${HEADERS[$1]:-}"
  for h in "${hs[@]}"; do printf -- '-H\n%s\n' "$h"; done
}
for target in "${targets[@]}"; do
  mapfile -t extra < <(header_args "$target")
  code=$(curl -s -o "$out/smoke-$target.json" -w '%{http_code}' "${URL[$target]}" -H 'content-type: application/json' \
    -H "authorization: Bearer ${KEY[$target]}" "${extra[@]}" \
    -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}' || true)
  [ "$code" = 200 ] || die "$target answered $code to a plain chat request (see $out/smoke-$target.json)"
done

sleep 3
for target in "${targets[@]}"; do echo "$target $(rss_kb "${PID[$target]}")" >> "$out/rss-idle.txt"; done
say "idle RSS (kB): $(tr '\n' ' ' < "$out/rss-idle.txt")"

# RSS of every target every 250 ms, for the peaks per phase.
(
  while true; do
    now=$(date +%s%3N)
    for target in "${targets[@]}"; do echo "$now $target $(rss_kb "${PID[$target]}")"; done
    sleep 0.25
  done
) > "$out/rss.log" 2>/dev/null &
started+=($!)

# Each test runs against every target, starting with a different target each time: `rotate` sets `order` for the
# next test. (It sets a variable rather than printing the order: run in $(...) it would be a subshell, and the
# count would never move on, as it did not before 2026-11-23.)
round=0
rotate() {
  local n=${#targets[@]} i
  order=()
  for ((i = 0; i < n; i++)); do order+=("${targets[$(( (i + round) % n ))]}"); done
  round=$((round + 1))
}
alive() { kill -0 "${PID[$1]}" 2>/dev/null || die "$1 has exited (see $out/$1.log)"; }
# Before a test: every target has finished what earlier tests left it (each below 5% of a core for half a second,
# at most 20 s in all), so no test pays for the backlog of another, on its own target or beside it (an overloaded
# gateway works through queued requests for seconds after its test ends, on the cores the next test needs).
settle() {
  local deadline=$(( $(date +%s) + 20 )) a b t
  for t in "${targets[@]}"; do
    while [ "$(date +%s)" -lt "$deadline" ]; do
      a=$(cpu_ticks "${PID[$t]}"); sleep 0.5; b=$(cpu_ticks "${PID[$t]}")
      [ $(( (b - a) * 100 )) -le $(( $(getconf CLK_TCK) * 5 / 2 )) ] && break
    done
  done
}
stream() { # target name requests concurrency chunks delay
  local target=$1 name=$2
  HEADERS="${HEADERS[$target]:-}" RAMP_MS=${RAMP_MS:-0} node "$here/stream-client.mjs" "${URL[$target]}" "${KEY[$target]}" "$3" "$4" "$5" "$6" \
    > "$out/$name-$target.json"
}
loadgen() { # target name rate duration warmup
  local target=$1 name=$2 extra=()
  if [ -n "${HEADERS[$target]:-}" ]; then
    IFS='|' read -r -a hs <<< "${HEADERS[$target]}"
    for h in "${hs[@]}"; do extra+=(--header "$h"); done
  fi
  local before after
  before=$(cpu_ticks "${PID[$target]}")
  node "$here/loadgen.mjs" "${URL[$target]}" --rate "$3" --connections 50 --duration "$4" --warmup "$5" \
    --key "${KEY[$target]}" "${extra[@]}" > "$out/$name-$target.json"
  after=$(cpu_ticks "${PID[$target]}")
  echo "$((after - before)) $(getconf CLK_TCK)" > "$out/cpu-$name-$target.txt"
}

# Warm-up: measured steady state, as a gateway runs for days. JIT-compiled targets (Hedge's JVM, Portkey's V8)
# need it: under closed-loop load Hedge's C2 compiler thread spent 513, 163, 21 and 0 us per request in four
# consecutive 15 s rounds (6023, 2282, 506, 137 methods compiled), so a 20 s warm-up left it compiling through
# the fixed-rate tests. Every target gets the same 60 s. A stream's own code (its start, commit, head and end) runs
# once per stream, so it needs thousands of streams to be compiled at the top tier: after 100 warm-up streams Hedge
# added 0.70-0.79 ms to the first byte at concurrency 1, after 6,000 more 0.47-0.50 ms, with 509 more methods
# compiled in between (AMD EPYC VM, 2026-11-23). Every target gets the same streams.
say "warm-up: ${WARMUP_S}s at 2000 RPS and $WARMUP_STREAMS streams per target"
rotate; for target in "${order[@]}"; do
  alive "$target"
  loadgen "$target" warmup 2000 "$WARMUP_S" 0
  stream "$target" warmup-stream "$WARMUP_STREAMS" 10 20 0
done

for rate in "${RATES[@]}"; do
  say "(a) fixed rate $rate RPS, 50 connections, ${FIXED_S}s (+${FIXED_WARM_S}s unrecorded)"
  rotate; for target in "${order[@]}"; do
    alive "$target"; settle; phase "start fixed-$rate $target"
    loadgen "$target" "fixed-$rate" "$rate" "$FIXED_S" "$FIXED_WARM_S"
    phase "end fixed-$rate $target"
    say "  $target: $(node -e 'const r=require(process.argv[1]);console.log(`p50 ${r.service_ms?.p50} ms, p99 ${r.service_ms?.p99} ms, errors ${r.errors}`)' "$out/fixed-$rate-$target.json")"
  done
done

# Three rounds, each target once per round in a rotating order: the report takes each target's median round, so
# one round disturbed by other work on the machine does not decide a ratio near its target.
say "(b) closed loop, 64 connections, ${CLOSED_ROUNDS} rounds of ${CLOSED_S}s (wrk, 2 threads)"
for ((closed_round = 1; closed_round <= CLOSED_ROUNDS; closed_round++)); do
  rotate; for target in "${order[@]}"; do
    alive "$target"; settle; phase "start closed $target"
    before=$(cpu_ticks "${PID[$target]}")
    KEY="${KEY[$target]}" HEADERS="${HEADERS[$target]:-}" wrk -t2 -c64 -d"${CLOSED_S}s" --latency -s "$here/chat.lua" \
      "${URL[$target]}" > "$out/closed-$target-$closed_round.txt"
    echo "$(( $(cpu_ticks "${PID[$target]}") - before )) $(getconf CLK_TCK)" > "$out/cpu-closed-$target-$closed_round.txt"
    phase "end closed $target"
    say "  round $closed_round, $target: $(grep -E 'Requests/sec' "$out/closed-$target-$closed_round.txt")"
  done
done

say "(c) streams of 20 chunks: concurrency 1 ($STREAM_C1_N streams) and 100 ($STREAM_C100_N streams); incremental delivery (20 ms per chunk)"
rotate; for target in "${order[@]}"; do
  alive "$target"; settle; phase "start stream $target"
  stream "$target" stream-c1 "$STREAM_C1_N" 1 20 0
  stream "$target" stream-c100 "$STREAM_C100_N" 100 20 0
  stream "$target" stream-incremental 50 10 20 20
  phase "end stream $target"
done

say "(d) $SLOW_N concurrent slow streams, 1 chunk per second, $SLOW_CHUNKS chunks each"
rotate; for target in "${order[@]}"; do
  alive "$target"; settle; phase "start slow $target"
  RAMP_MS=3000 stream "$target" slow "$SLOW_N" "$SLOW_N" "$SLOW_CHUNKS" 1000
  phase "end slow $target"
  say "  $target: $(node -e 'const r=require(process.argv[1]);console.log(`${r.requests-r.incomplete}/${r.requests} complete`)' "$out/slow-$target.json")"
  sleep 2
done

for target in "${targets[@]}"; do
  alive "$target"
  echo "$target $(rss_kb "${PID[$target]}")" >> "$out/rss-after.txt"
done

# ---- what ran where --------------------------------------------------------------------------------------
{
  echo "command=$command_line"
  echo "quick=$quick"
  echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "nproc=$(nproc)"
  echo "cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
  echo "ram_mb=$(awk '/MemTotal/ {print int($2/1024)}' /proc/meminfo)"
  echo "kernel=$(uname -r)"
  echo "node=$(node --version)"
  echo "nginx=$("$NGINX" -v 2>&1 | sed 's/.*version: //')"
  echo "wrk=$(wrk -v 2>&1 | head -1 | awk '{print $2}')"
  echo "portkey=$PORTKEY_VERSION"
  . "$root/scripts/jdk.sh" && hedge_find_jdk >/dev/null 2>&1 && echo "java=$("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
  echo "hedge_commit=$hedge_commit"
  echo "hedge_java_opts=${HEDGE_JAVA_OPTS:-}"
  echo "uptime_start=$(cat "$out/uptime-start.txt")"
  echo "uptime_end=$(uptime)"
} > "$out/env.txt"

say "results in $out"
if [ "$report" = 1 ]; then
  node "$here/report.mjs" "$out" > "$root/docs/performance.md"
  say "report written to docs/performance.md"
fi
