#!/usr/bin/env bash
# What one request costs a running Hedge, per thread, while a command sends N requests (e.g. one at a time):
# CPU time and times scheduled (each a wake-up) from /proc/PID/task/*/schedstat, and bytes allocated by the event
# loops (jcmd Thread.print -e). Deterministic enough to compare builds on a busy machine, unlike latency.
#   benchmarks/load/per-request.sh PID N -- COMMAND...
#   benchmarks/load/per-request.sh "$pid" 500 -- node benchmarks/load/stream-client.mjs URL KEY 500 1 20 0
# Threads that used under 0.5 µs and 0.01 schedules per request are left out.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
. "$root/scripts/jdk.sh"
hedge_find_jdk >/dev/null || exit 1
[ $# -ge 4 ] && [ "$3" = -- ] || { echo "usage: per-request.sh PID N -- COMMAND..." >&2; exit 2; }
pid=$1; n=$2; shift 3
schedstat() {
  for task in /proc/"$pid"/task/*; do
    printf '%s %s %s\n' "${task##*/}" "$(tr ' ' '_' < "$task/comm")" "$(cat "$task/schedstat" 2>/dev/null || echo '0 0 0')"
  done | sort
}
allocated() {  # bytes allocated so far by the event-loop threads
  "$JAVA_HOME/bin/jcmd" "$pid" Thread.print -e | grep '^"vert.x-eventloop' \
    | sed -E 's/.* allocated=([0-9]+)([KMG]?)B? .*/\1 \2/' \
    | awk '{ t += $1 * ($2 == "K" ? 1024 : $2 == "M" ? 1048576 : $2 == "G" ? 1073741824 : 1) } END { print t }'
}
before=$(mktemp); after=$(mktemp)
trap 'rm -f "$before" "$after"' EXIT
schedstat > "$before"; bytes0=$(allocated)
"$@"
schedstat > "$after"; bytes1=$(allocated)
# schedstat: CPU time (ns), time waiting to run (ns), times scheduled
join "$before" "$after" | awk -v n="$n" '{
  cpu = ($7 - $3) / 1000 / n; runs = ($9 - $5) / n
  if (cpu >= 0.5 || runs >= 0.01) { printf "%-8s %-18s CPU %8.1f us/request  scheduled %6.2f /request\n", $1, $2, cpu, runs; tc += cpu; tr += runs }
} END { printf "all threads       CPU %8.1f us/request  scheduled %6.2f /request\n", tc, tr }'
echo "event loops allocated $(( (bytes1 - bytes0) / n )) bytes/request"
