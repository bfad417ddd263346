# Sourced by ./hedge and the test scripts: finds a JDK 25 and exports JAVA_HOME, or fails saying how to get one.
hedge_find_jdk() {
  local candidate version
  for candidate in "${HEDGE_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk* /usr/lib/jvm/java-25-* /usr/lib/jvm/jdk-25* /opt/java/jdk-25* "$HOME"/.sdkman/candidates/java/25*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
    # a JDK's release file names its version; asking the JVM itself costs a JVM start (a tenth of a second or more)
    version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$candidate/release" 2>/dev/null)
    [ -n "$version" ] || version=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')
    if [ "$version" = "25" ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "hedge: no JDK 25 found. Hedge needs Java 25: install Temurin 25 (https://adoptium.net) under /usr/lib/jvm," >&2
  echo "       or point HEDGE_JAVA_HOME (or JAVA_HOME) at a JDK 25." >&2
  return 1
}
