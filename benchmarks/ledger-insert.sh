#!/usr/bin/env bash
# CPU per request of the ledger writer's inserts on SQLite, the writer's way beside others (docs/ledger.md):
#   benchmarks/ledger-insert.sh [rows-per-commit=512] [rows=61440] [rounds=3] [way-prefix]
# Builds the modules it needs, then runs LedgerInsertBench; about 30 s per round.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$root"
. scripts/jdk.sh
hedge_find_jdk || exit 1
./mvnw -B -q -pl benchmarks -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$root/benchmarks/target/classpath.txt" >/dev/null
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx512m \
  -cp "$root/benchmarks/target/classes:$(cat "$root/benchmarks/target/classpath.txt")" \
  dev.hedge.benchmarks.ledger.LedgerInsertBench "$@"
