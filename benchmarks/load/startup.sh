#!/usr/bin/env bash
# Hedge's start-up to ready as run.sh measures it (launching `./hedge serve --config` → first `/readyz` 200, on a
# store made beforehand by `./hedge keys create`), RUNS times, and the RSS one second after. Given another checkout
# (e.g. a worktree of an older commit), the two are started alternately, so both see the same machine.
#   benchmarks/load/startup.sh [RUNS=5] [OTHER_CHECKOUT]
# Environment: BASE_PORT (default 9350), HEDGE_AOT=0 (start without the AOT cache). Each checkout builds itself
# and records its AOT cache first (./hedge --help), outside the measurement.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
root=$(cd "$here/../.." && pwd)
runs=${1:-5}
roots=("$root")
[ $# -ge 2 ] && roots+=("$(cd "$2" && pwd)")
port=${BASE_PORT:-9350}
if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then echo "port $port is in use (set BASE_PORT)" >&2; exit 1; fi
out=$(mktemp -d "${TMPDIR:-/tmp}/hedge-startup.XXXXXX")
# the upstream is never called: readiness does not depend on it
sed -e "s|__HEDGE_PORT__|$port|g" -e "s|__MOCK_PORT__|$((port + 1))|g" "$here/hedge.yaml.template" > "$out/hedge.yaml"
export HEDGE_MASTER_KEY=${HEDGE_MASTER_KEY:-sk-admin-bench}

for i in "${!roots[@]}"; do
  "${roots[$i]}/hedge" --help > /dev/null
  "${roots[$i]}/hedge" keys create --name startup --config "$out/hedge.yaml" --data-dir "$out/data-$i" > /dev/null 2>&1
done
ready_ms() { # index: one start of that checkout; prints "ms rss_mb"
  local dir=${roots[$1]} begin end pid rss
  begin=$(date +%s%N)
  "$dir/hedge" serve --config "$out/hedge.yaml" --data-dir "$out/data-$1" >> "$out/hedge-$1.log" 2>&1 &
  pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")" = 200 ]; do
    kill -0 "$pid" 2>/dev/null || { echo "hedge exited (see $out/hedge-$1.log)" >&2; exit 1; }
    sleep 0.01
  done
  end=$(date +%s%N)
  sleep 1
  rss=$(awk '/^VmRSS:/ {print int($2 / 1024)}' "/proc/$pid/status" 2>/dev/null || echo '?')  # '?': it was stopped from outside
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$(( (end - begin) / 1000000 )) $rss"
}
echo "uptime: $(uptime)"
declare -A times=()
for run in $(seq "$runs"); do
  line="run $run:"
  for i in "${!roots[@]}"; do
    read -r ms rss < <(ready_ms "$i")
    times[$i]="${times[$i]:-} $ms"
    line+="  ${roots[$i]}: $ms ms (RSS $rss MB)"
  done
  echo "$line"
done
for i in "${!roots[@]}"; do
  echo "${roots[$i]}: median $(tr ' ' '\n' <<< "${times[$i]}" | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}') ms"
done
echo "uptime: $(uptime)"
rm -rf "$out"
