#!/usr/bin/env bash
# What one proxy hop costs on this machine, and how much of Hedge's cost is Hedge's own work: the CPU per request
# (user and kernel, from /proc) of nginx, of a bare Vert.x proxy and a bare Netty proxy (BareProxy: the libraries
# Hedge is built on, with none of Hedge's work), and of Hedge, each under the closed-loop load of run.sh's (b)
# (wrk, 1 thread, 64 connections, chat.lua) against one neutral mock, in rounds that rotate the order.
#   benchmarks/load/floor.sh [ROUNDS=2] [SECONDS=15] [WARM_SECONDS=25]
# Environment: BASE_PORT (default 9390; uses it and the next four), HEDGE_JAVA_OPTS (Hedge's; the bare proxies run
# with the launcher's heap flags), RATE (open loop instead: loadgen.mjs at RATE requests/s over 50 connections
# against each proxy and the mock itself, printing service p50/p99 and what each proxy adds to the mock's in the same
# round: the latency floor of one hop at that rate, beside Hedge's). Needs node, wrk and nginx (benchmarks/load/run.sh
# installs them). Loopback only.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
root=$(cd "$here/../.." && pwd)
rounds=${1:-2}; seconds=${2:-15}; warm=${3:-25}
base=${BASE_PORT:-9390}
for tool in wrk node; do command -v "$tool" > /dev/null || { echo "floor.sh: $tool is missing" >&2; exit 1; }; done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "floor.sh: nginx is missing (apt-get install nginx-light)" >&2; exit 1; }
for port in $(seq "$base" $((base + 4))); do
  if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then echo "port $port is in use (set BASE_PORT)" >&2; exit 1; fi
done
. "$root/scripts/jdk.sh"
hedge_find_jdk || exit 1
(cd "$root" && ./mvnw -B -q -pl benchmarks -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$root/benchmarks/target/classpath.txt") >&2
classpath="$root/benchmarks/target/classes:$(cat "$root/benchmarks/target/classpath.txt")"
out=$(mktemp -d "${TMPDIR:-/tmp}/hedge-floor.XXXXXX")
export HEDGE_REQUEST_LOG=OFF
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$out"' EXIT
mock=$base nginx_port=$((base + 1)) vertx_port=$((base + 2)) netty_port=$((base + 3)) hedge_port=$((base + 4))
PORT=$mock node "$here/mock-upstream.mjs" > "$out/mock.log" 2>&1 & pids+=($!)
mkdir -p "$out/nginx"
sed -e "s|__DIR__|$out/nginx|g" -e "s|__PORT__|$nginx_port|g" -e "s|__MOCK_PORT__|$mock|g" \
  "$here/nginx.conf.template" > "$out/nginx/nginx.conf"
"$NGINX" -p "$out/nginx" -c "$out/nginx/nginx.conf" -g 'daemon off;' > "$out/nginx.log" 2>&1 & nginx=$!; pids+=($!)
heap=(-XX:+UseSerialGC -Xms40m -XX:NewSize=32m -XX:MaxNewSize=32m -XX:SurvivorRatio=4)
"$JAVA_HOME/bin/java" "${heap[@]}" -cp "$classpath" dev.hedge.benchmarks.floor.BareProxy vertx "$vertx_port" "$mock" \
  > "$out/vertx.log" 2>&1 & vertx=$!; pids+=($!)
"$JAVA_HOME/bin/java" "${heap[@]}" -cp "$classpath" dev.hedge.benchmarks.floor.BareProxy netty "$netty_port" "$mock" \
  > "$out/netty.log" 2>&1 & netty=$!; pids+=($!)
sed -e "s|__HEDGE_PORT__|$hedge_port|g" -e "s|__MOCK_PORT__|$mock|g" "$here/hedge.yaml.template" > "$out/hedge.yaml"
"$root/hedge" --help > /dev/null
key=$("$root/hedge" keys create --name floor --config "$out/hedge.yaml" --data-dir "$out/data" 2>/dev/null)
"$root/hedge" serve --config "$out/hedge.yaml" --data-dir "$out/data" > "$out/hedge.log" 2>&1 & hedge=$!; pids+=($!)
for port in $nginx_port $vertx_port $netty_port $hedge_port; do
  for _ in $(seq 300); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'content-type: application/json' \
      -H "authorization: Bearer $([ "$port" = "$hedge_port" ] && echo "$key" || echo sk-mock)" \
      -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}' \
      "http://127.0.0.1:$port/v1/chat/completions")" = 200 ] && break
    sleep 0.2
  done
done
declare -A PORT=([mock]=$mock [nginx]=$nginx_port [vertx]=$vertx_port [netty]=$netty_port [hedge]=$hedge_port)
declare -A KEY=([mock]=sk-mock [nginx]=sk-mock [vertx]=sk-mock [netty]=sk-mock [hedge]=$key)
declare -A PIDS=([nginx]="$(pgrep -P "$nginx" | tr '\n' ' ')" [vertx]=$vertx [netty]=$netty [hedge]=$hedge)
hz=$(getconf CLK_TCK)
times() { local user=0 system=0 pid u s; for pid in $1; do read -r u s < <(awk '{print $14, $15}' "/proc/$pid/stat")
  user=$((user + u)); system=$((system + s)); done; echo "$user $system"; }
load() { KEY=${KEY[$1]} wrk -t1 -c64 -d"$2"s -s "$here/chat.lua" "http://127.0.0.1:${PORT[$1]}/v1/chat/completions"; }
echo "uptime: $(uptime)"
names=(nginx vertx netty hedge)
for name in "${names[@]}"; do load "$name" "$warm" > /dev/null; done
if [ -n "${RATE:-}" ]; then
  rated() { node "$here/loadgen.mjs" "http://127.0.0.1:${PORT[$1]}/v1/chat/completions" --rate "$RATE" --connections 50 \
    --duration "$2" --warmup 3 --key "${KEY[$1]}"; }
  service() { node -e 'const r = JSON.parse(process.argv[1]);
    console.log(r.errors ? "errors errors" : `${r.service_ms.p50} ${r.service_ms.p99}`)' "$1"; } # → p50 p99 (ms)
  names=(mock "${names[@]}")
  for round in $(seq "$rounds"); do
    declare -A p50=() p99=()
    for k in 0 1 2 3 4; do
      name=${names[$(( (k + round - 1) % 5 ))]}
      read -r "p50[$name]" "p99[$name]" < <(service "$(rated "$name" "$seconds")")
    done
    for name in "${names[@]}"; do
      awk -v round="$round" -v name="$name" -v a="${p50[$name]}" -v b="${p99[$name]}" -v ma="${p50[mock]}" \
        -v mb="${p99[mock]}" -v rate="$RATE" 'BEGIN {
          if (a == "errors" || ma == "errors") { printf "round %d %-5s at %d RPS: errors (no figures)\n", round, name, rate; exit }
          printf "round %d %-5s at %d RPS: service p50 %.3f ms, p99 %.3f ms%s\n", round, name, rate, a, b,
            (name == "mock" ? "" : sprintf("; added p50 %.3f ms, p99 %.3f ms", a - ma, b - mb))}'
    done
  done
  echo "uptime: $(uptime)"
  exit 0
fi
for round in $(seq "$rounds"); do
  for k in 0 1 2 3; do
    name=${names[$(( (k + round - 1) % 4 ))]}
    read -r u0 s0 < <(times "${PIDS[$name]}")
    result=$(load "$name" "$seconds")
    read -r u1 s1 < <(times "${PIDS[$name]}")
    requests=$(awk '/requests in/ {print $1}' <<< "$result")
    awk -v n="$requests" -v u=$((u1 - u0)) -v s=$((s1 - s0)) -v hz="$hz" -v name="$name" -v round="$round" \
      -v rps="$(awk '/Requests\/sec/ {print $2}' <<< "$result")" -v errors="$(grep -c Non-2xx <<< "$result" || true)" \
      'BEGIN {printf "round %d %-5s %9.0f requests/s, CPU µs/request: user %5.1f, kernel %5.1f, total %5.1f%s\n",
        round, name, rps, u * 1e6 / hz / n, s * 1e6 / hz / n, (u + s) * 1e6 / hz / n, (errors > 0 ? " (errors)" : "")}'
  done
done
echo "uptime: $(uptime)"
