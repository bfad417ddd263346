#!/usr/bin/env bash
# Resilience benchmarks (docs/resilience.md): builds the modules it needs, then runs
#   benchmarks/resilience.sh flap [seconds=120] [clients=16]   one of two upstreams flaps; success rate, latency
#   benchmarks/resilience.sh failover [runs=30]                failover time: refused, 503, hang to first-token timeout
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$root"
. scripts/jdk.sh
hedge_find_jdk || exit 1
export HEDGE_REQUEST_LOG=${HEDGE_REQUEST_LOG:-OFF}
./mvnw -B -q -pl benchmarks -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$root/benchmarks/target/classpath.txt" >/dev/null
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx512m \
  -cp "$root/benchmarks/target/classes:$(cat "$root/benchmarks/target/classpath.txt")" \
  dev.hedge.benchmarks.resilience.ResilienceBench "$@"
