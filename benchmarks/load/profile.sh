#!/usr/bin/env bash
# Profiles Hedge under closed-loop load with JFR and prints where the event loops spend their time.
#   benchmarks/load/profile.sh [WARM_SECONDS=30] [MEASURE_SECONDS=15]
# Starts the neutral mock (port 9200) and Hedge (port 9203, one priced model, a virtual key, default SQLite store,
# everything on) from this checkout, warms up with wrk (64 connections), records JFR during a second wrk run,
# then prints requests/s, CPU per thread and the share of samples per component. Needs node and wrk
# (benchmarks/load/run.sh installs wrk). Results stay in benchmarks/load/results/profile-<time>/.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
cd "$root"
. scripts/jdk.sh
hedge_find_jdk || exit 1
command -v wrk >/dev/null || { echo "profile.sh: wrk is missing (apt-get install wrk, or run benchmarks/load/run.sh once)" >&2; exit 1; }
warm=${1:-30}; measure=${2:-15}
out="$root/benchmarks/load/results/profile-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true' EXIT
PORT=9200 node benchmarks/load/mock-upstream.mjs > "$out/mock.log" 2>&1 & pids+=($!)
cat > "$out/hedge.yaml" <<YAML
server: { host: 127.0.0.1, port: 9203 }
providers:
  - { name: mock, dialect: openai, base-url: "http://127.0.0.1:9200/v1", api-key: sk-mock, max-connections: 1024 }
models:
  - name: gpt-4o-mini
    deployments:
      - { provider: mock, model: gpt-4o-mini, input-usd-per-mtok: 0.15, output-usd-per-mtok: 0.60 }
YAML
key=$(./hedge keys create --name profile --config "$out/hedge.yaml" --data-dir "$out/data" 2>/dev/null)
./hedge serve --config "$out/hedge.yaml" --data-dir "$out/data" > "$out/hedge.log" 2>&1 & pids+=($!)
until curl -sf http://127.0.0.1:9203/readyz >/dev/null; do sleep 0.2; done
url=http://127.0.0.1:9203/v1/chat/completions
echo "warm-up ${warm}s:  $(KEY=$key wrk -t1 -c64 -d${warm}s -s benchmarks/load/chat.lua $url | grep Requests/sec)"
hedge_pid=$(pgrep -f "serve --config $out/hedge.yaml" | tail -1)
"$JAVA_HOME/bin/jcmd" "$hedge_pid" JFR.start duration=${measure}s filename="$out/hedge.jfr" settings=profile >/dev/null
echo "measured ${measure}s: $(KEY=$key wrk -t1 -c64 -d${measure}s -s benchmarks/load/chat.lua $url | grep Requests/sec)"
sleep 2
"$JAVA_HOME/bin/jfr" view --width 120 thread-cpu-load "$out/hedge.jfr" | sed -n '5,14p'
"$JAVA_HOME/bin/jfr" print --json --events jdk.ExecutionSample --stack-depth 96 "$out/hedge.jfr" > "$out/samples.json"
python3 - "$out/samples.json" <<'PY'
import collections, json, sys
events = json.load(open(sys.argv[1]))["recording"]["events"]
parts = [("JSON (Jackson)", "fasterxml"), ("token counting (jtokkit)", "jtokkit"), ("metrics (Micrometer)", "micrometer"),
         ("drift guard", "DriftGuard"), ("ledger writer", "LedgerWriter"), ("SQLite", "sqlite"),
         ("key hashing", "KeyHash"), ("admission/quotas", "Quota"), ("logging", "logback"), ("Netty", "io/netty")]
counts = collections.Counter()
for event in events:
    stack = " ".join(f["method"]["type"]["name"] + "." + f["method"]["name"] for f in event["values"]["stackTrace"]["frames"])
    for name, needle in parts:
        if needle in stack:
            counts[name] += 1
print(f"{len(events)} Java samples; share of samples whose stack contains each component (they overlap):")
for name, _ in parts:
    print(f"  {name:28s} {100 * counts[name] / max(1, len(events)):5.1f} %")
PY
echo "JFR file: $out/hedge.jfr (jfr view hot-methods, jfr view allocation-by-class)"
