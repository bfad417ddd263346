#!/usr/bin/env bash
# Issue 6 experiments: a numpy replica of the router's scorer on the static embeddings of all visible items
# (same folds as the Java trainer). Run from the repository root after `./hedge router distill`.
#   benchmarks/router-experiments/run.sh exp1 exp4 ...
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export ROUTER_EXP=${ROUTER_EXP:-/tmp/router-exp}
mkdir -p "$ROUTER_EXP"
. scripts/jdk.sh && hedge_find_jdk
if [ ! -f "$ROUTER_EXP/emb128.bin" ]; then
  ./mvnw -q -o -B -pl hedge-app -am package -DskipTests
  cp=$(ls hedge-app/target/hedge.jar hedge-app/target/lib/*.jar | tr '\n' ':')
  nice -n 19 "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp" "$here/Dump.java" 128 "$ROUTER_EXP/emb128.bin"
fi
[ -f "$ROUTER_EXP/math.npy" ] || nice -n 19 python3 "$here/exp2.py" "$ROUTER_EXP/emb128.bin"   # also writes prompts.json
for e in "${@:-base}"; do nice -n 19 python3 "$here/$e.py" "$ROUTER_EXP/emb128.bin"; done
