#!/usr/bin/env bash
# Start a real single-node search engine (embedded from Maven Central artifacts) on loopback.
#
#   scripts/servers/start-search-engine.sh ENGINE PORT WORKDIR
#
# ENGINE: es8 (Elasticsearch 8.14.3), es9 (Elasticsearch 9.0.x, needs Java 21+),
#         es7 (Elasticsearch 7.17.x), os2 (OpenSearch 2.19.1), os3 (OpenSearch 3.x, needs Java 21+),
#         os2-secure (OpenSearch 2.19.1 with the security plugin: HTTP basic auth and roles;
#                     user `admin` with all_access, password $ESPQ_ADMIN_PASSWORD; plain HTTP,
#                     TLS only between nodes with a self-signed certificate made by keytool)
# Prints the base URL (http://127.0.0.1:PORT) on stdout once the cluster is yellow/green.
# The JVM runs in the background; its pid is in WORKDIR/pid, its output in WORKDIR/node.log.
# Stop it with scripts/servers/stop-server.sh WORKDIR.
#
# Environment:
#   ESPQ_CACHE             cache dir (default: <repo>/.cache); holds m2/ and search-engines/<engine>-<hash>/
#   ESPQ_START_TIMEOUT     readiness timeout in seconds (default 180)
#   ESPQ_ES_JAVA_OPTS      JVM options (default: -Xms512m -Xmx1g ...)
#   ESPQ_JAVA17_HOME       JDK for es7/es8/os2 (default: java-17 in /usr/lib/jvm, else JAVA_HOME, else java on PATH)
#   ESPQ_JAVA21_HOME       JDK 21+ for es9/os3 (default: first temurin-25/21 or java-21+ found in /usr/lib/jvm)
#   ESPQ_ADMIN_PASSWORD    os2-secure only: the admin password (default EspqAdmin-1)
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: $0 ENGINE PORT WORKDIR   (ENGINE: es8|es9|es7|os2|os2-secure|os3)" >&2
  exit 2
fi
ENGINE=$1
PORT=$2
WORKDIR=$3

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/../.." && pwd)
RUNNER_DIR="$REPO/test/servers/es-runner"
CACHE=${ESPQ_CACHE:-$REPO/.cache}
TIMEOUT=${ESPQ_START_TIMEOUT:-180}

log() { echo "[start-search-engine] $*" >&2; }

case "$ENGINE" in
  es8) SRC=es8; JAVA_LEVEL=17 ;;
  es9) SRC=es9; JAVA_LEVEL=21 ;;
  es7) SRC=es7; JAVA_LEVEL=17 ;;
  os2) SRC=os;  JAVA_LEVEL=17 ;;
  os2-secure) SRC=os; JAVA_LEVEL=17 ;;
  os3) SRC=os3; JAVA_LEVEL=21 ;;
  *) echo "unknown ENGINE '$ENGINE' (expected es8|es9|es7|os2|os2-secure|os3)" >&2; exit 2 ;;
esac
case "$PORT" in ''|*[!0-9]*) echo "PORT must be a number" >&2; exit 2 ;; esac

find_jdk() { # $1 = minimum feature version
  local min=$1 candidates=() d v
  if [ "$min" -le 17 ]; then
    candidates+=("${ESPQ_JAVA17_HOME:-}" /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/java-17-openjdk* /usr/lib/jvm/temurin-17* "${JAVA_HOME:-}")
  else
    candidates+=("${ESPQ_JAVA21_HOME:-}" /usr/lib/jvm/temurin-25* /usr/lib/jvm/temurin-21* /usr/lib/jvm/java-25-openjdk* /usr/lib/jvm/java-21-openjdk* /usr/lib/jvm/temurin-2* "${JAVA_HOME:-}")
  fi
  for d in "${candidates[@]}"; do
    [ -n "$d" ] && [ -x "$d/bin/java" ] && [ -x "$d/bin/javac" ] || continue
    v=$("$d/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    if [ -n "$v" ] && [ "${v%%.*}" -ge "$min" ]; then echo "$d"; return 0; fi
  done
  if [ "$min" -le 17 ] && command -v javac >/dev/null 2>&1; then
    d=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    echo "$d"; return 0
  fi
  return 1
}
JDK=$(find_jdk "$JAVA_LEVEL") || { echo "no JDK >= $JAVA_LEVEL found (set ESPQ_JAVA${JAVA_LEVEL}_HOME)" >&2; exit 1; }

# ---------------------------------------------------------------- build (cached)
# The runner is built once per (pom, sources, JDK) fingerprint into its own directory, so a
# rebuild never deletes jars/classes that an already running node is using.
STAMP=$( { cat "$RUNNER_DIR/pom.xml"; find "$RUNNER_DIR/src/$SRC" -type f -name '*.java' | sort | xargs cat; echo "$JDK"; } | sha256sum | cut -c1-12)
ENGINE_DIR="$CACHE/search-engines/$ENGINE-$STAMP"
mkdir -p "$CACHE/search-engines"
if [ ! -f "$ENGINE_DIR/ok" ]; then
  exec 9>"$CACHE/search-engines/.$ENGINE.lock"
  flock 9
  if [ ! -f "$ENGINE_DIR/ok" ]; then
    log "building $ENGINE runner (first run downloads from Maven Central into $CACHE/m2) ..."
    command -v mvn >/dev/null 2>&1 || { echo "mvn not found; needed for the first build of $ENGINE" >&2; exit 1; }
    TMP_BUILD="$CACHE/search-engines/.$ENGINE.build.$$"
    rm -rf "$TMP_BUILD" && mkdir -p "$TMP_BUILD"
    if ! JAVA_HOME="$JDK" mvn -B -q -f "$RUNNER_DIR/pom.xml" -P "$ENGINE" \
        -Dmaven.repo.local="$CACHE/m2" -Dbuild.dir="$TMP_BUILD/target" \
        compile dependency:copy-dependencies -DoutputDirectory="$TMP_BUILD/lib" >"$TMP_BUILD/mvn.log" 2>&1; then
      cat "$TMP_BUILD/mvn.log" >&2
      echo "maven build of $ENGINE runner failed (log above)" >&2
      rm -rf "$TMP_BUILD"
      exit 1
    fi
    rm -rf "$ENGINE_DIR" && mkdir -p "$ENGINE_DIR"
    for zip in "$TMP_BUILD"/lib/*.zip; do   # a plugin distribution (os2-secure): unpacked beside lib/
      [ -e "$zip" ] || continue
      mkdir -p "$ENGINE_DIR/plugin" && unzip -q -o "$zip" -d "$ENGINE_DIR/plugin" && rm -f "$zip"
    done
    mv "$TMP_BUILD/lib" "$ENGINE_DIR/lib"
    mv "$TMP_BUILD/target/classes" "$ENGINE_DIR/classes"
    echo "$JDK" > "$ENGINE_DIR/java_home"
    rm -rf "$TMP_BUILD"
    touch "$ENGINE_DIR/ok"
  fi
  flock -u 9
fi

# ---------------------------------------------------------------- launch
mkdir -p "$WORKDIR"
WORKDIR=$(cd "$WORKDIR" && pwd)
if [ -f "$WORKDIR/pid" ] && kill -0 "$(cat "$WORKDIR/pid")" 2>/dev/null; then
  echo "a server is already running from $WORKDIR (pid $(cat "$WORKDIR/pid")); stop it first" >&2
  exit 1
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "port $PORT on 127.0.0.1 is already in use" >&2
  exit 1
fi
mkdir -p "$WORKDIR/tmp"
CLASSPATH_ALL="$ENGINE_DIR/classes:$ENGINE_DIR/lib/*"
EXTRA_OPTS=()
CURL_AUTH=()
if [ "$ENGINE" = os2-secure ]; then
  # The security plugin: its jars after the server's (a jar the server already has, by artifact
  # name, is left out), its default config with our own users and role mappings, a node
  # certificate for transport TLS, and the settings that make it initialise itself on start.
  ADMIN_PASSWORD=${ESPQ_ADMIN_PASSWORD:-EspqAdmin-1}
  artifact() { basename "$1" | sed -E 's/-[0-9][0-9.]*(\.Final|-jre)?\.jar$//'; }
  declare -A SERVER_JARS=()
  for jar in "$ENGINE_DIR"/lib/*.jar; do SERVER_JARS[$(artifact "$jar")]=1; done
  for jar in "$ENGINE_DIR"/plugin/*.jar; do
    [ -n "${SERVER_JARS[$(artifact "$jar")]:-}" ] || CLASSPATH_ALL="$CLASSPATH_ALL:$jar"
  done
  SEC="$WORKDIR/config/opensearch-security"
  mkdir -p "$SEC"
  cp "$ENGINE_DIR"/plugin/config/*.yml "$SEC/"
  HASH=$("$JDK/bin/java" -cp "$CLASSPATH_ALL" org.opensearch.security.tools.Hasher -p "$ADMIN_PASSWORD" 2>/dev/null | tail -n 1)
  case "$HASH" in '$2'*) ;; *) echo "could not hash the admin password with the security plugin's Hasher" >&2; exit 1 ;; esac
  printf '_meta:\n  type: "internalusers"\n  config_version: 2\nadmin:\n  hash: "%s"\n  reserved: true\n  description: "espq test administrator"\n' "$HASH" >"$SEC/internal_users.yml"
  printf '_meta:\n  type: "rolesmapping"\n  config_version: 2\nall_access:\n  reserved: true\n  users: ["admin"]\n' >"$SEC/roles_mapping.yml"
  if [ ! -f "$WORKDIR/config/node.p12" ]; then
    "$JDK/bin/keytool" -genkeypair -alias node -keyalg RSA -keysize 2048 -dname "CN=espq-node,O=espq" -validity 3650 \
      -ext san=ip:127.0.0.1,dns:localhost -keystore "$WORKDIR/config/node.p12" -storetype PKCS12 -storepass changeit >/dev/null 2>&1
    "$JDK/bin/keytool" -exportcert -alias node -keystore "$WORKDIR/config/node.p12" -storepass changeit -file "$WORKDIR/config/node.crt" >/dev/null 2>&1
    "$JDK/bin/keytool" -importcert -noprompt -alias node -file "$WORKDIR/config/node.crt" -keystore "$WORKDIR/config/trust.p12" -storetype PKCS12 -storepass changeit >/dev/null 2>&1
  fi
  for setting in \
    ssl.transport.keystore_type=PKCS12 ssl.transport.keystore_filepath=node.p12 ssl.transport.keystore_password=changeit \
    ssl.transport.truststore_type=PKCS12 ssl.transport.truststore_filepath=trust.p12 ssl.transport.truststore_password=changeit \
    ssl.transport.enforce_hostname_verification=false ssl.http.enabled=false \
    allow_default_init_securityindex=true "nodes_dn=CN=espq-node,O=espq" "authcz.admin_dn=CN=espq-admin,O=espq" \
    restapi.roles_enabled=all_access audit.type=noop; do
    EXTRA_OPTS+=("-Despq.setting.plugins.security.$setting")
  done
  CURL_AUTH=(-u "admin:$ADMIN_PASSWORD")
fi
JAVA_OPTS=${ESPQ_ES_JAVA_OPTS:-"-Xms512m -Xmx1g -XX:+UseG1GC -XX:MaxDirectMemorySize=256m -XX:+ExitOnOutOfMemoryError"}
# shellcheck disable=SC2086
nohup "$JDK/bin/java" $JAVA_OPTS \
  -Djava.io.tmpdir="$WORKDIR/tmp" -Djava.awt.headless=true -Dfile.encoding=UTF-8 \
  -Dlog4j2.disable.jmx=true -Dlog4j2.formatMsgNoLookups=true -Dlog4j.shutdownHookEnabled=false \
  -Dio.netty.noUnsafe=true -Dio.netty.noKeySetOptimization=true -Dio.netty.recycler.maxCapacityPerThread=0 \
  -Des.networkaddress.cache.ttl=60 -Dopensearch.networkaddress.cache.ttl=60 \
  -Des.distribution.type=tar \
  -Despq.engine="$ENGINE" "${EXTRA_OPTS[@]}" \
  -cp "$CLASSPATH_ALL" espq.runner.SearchEngineMain "$PORT" "$WORKDIR" \
  </dev/null >"$WORKDIR/node.log" 2>&1 &
PID=$!
echo "$PID" > "$WORKDIR/pid"
log "$ENGINE pid $PID, log $WORKDIR/node.log"

# ---------------------------------------------------------------- readiness
URL="http://127.0.0.1:$PORT"
deadline=$((SECONDS + TIMEOUT))
while :; do
  if ! kill -0 "$PID" 2>/dev/null; then
    echo "$ENGINE exited before becoming ready; last log lines:" >&2
    tail -n 60 "$WORKDIR/node.log" >&2 || true
    rm -f "$WORKDIR/pid"
    exit 1
  fi
  if curl -fsS --max-time 10 "${CURL_AUTH[@]}" "$URL/_cluster/health?wait_for_status=yellow&timeout=5s" >/dev/null 2>&1; then
    break
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "$ENGINE did not become ready within ${TIMEOUT}s; last log lines:" >&2
    tail -n 60 "$WORKDIR/node.log" >&2 || true
    exit 1
  fi
  sleep 0.2   # connection refused until the HTTP port is bound; then the health call itself waits
done
log "$ENGINE ready at $URL after ${SECONDS}s"
echo "$URL"
