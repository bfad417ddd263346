#!/usr/bin/env bash
# JMH micro-benchmarks of Hedge's hot paths. One command, from anywhere:
#   benchmarks/jmh.sh                 # all benchmarks (about 2 minutes)
#   benchmarks/jmh.sh SseRelay -f 1   # any JMH arguments: a name pattern, -f forks, -wi/-i iterations, -prof gc ...
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$root/scripts/jdk.sh"
hedge_find_jdk || exit 1
(cd "$root" && ./mvnw -q -B -DskipTests -pl benchmarks -am package) >&2
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$root/benchmarks/target/benchmarks.jar" "$@"
