#!/usr/bin/env bash
# Local single-node Apache Kafka (KRaft) for development, tests and CI, without Docker.
#
#   deploy/kafka/broker.sh start    resolve jars (once), format storage (once), start, wait until ready
#   deploy/kafka/broker.sh stop     stop the broker this script started (by pid)
#   deploy/kafka/broker.sh status   exit 0 when running, 1 when not
#   deploy/kafka/broker.sh kill     SIGKILL, no controlled shutdown (for throwaway test brokers)
#   deploy/kafka/broker.sh reset    stop and delete the broker's data
#
# Every command is idempotent. The broker listens on 127.0.0.1 only.
# Environment: WIREWATCH_KAFKA_PORT (default 19092), WIREWATCH_KAFKA_CONTROLLER_PORT (default port+1),
# WIREWATCH_KAFKA_HOME (default <repo>/.cache/kafka), WIREWATCH_KAFKA_HEAP (default 768m).
#
# A secured listener besides the plaintext one (SCRAM-SHA-512 over TLS), for trying and testing
# Wirewatch's SASL_SSL settings:
#   WIREWATCH_KAFKA_SASL_SSL_PORT   its port on 127.0.0.1
#   WIREWATCH_KAFKA_TLS_PEM         the broker's private key (PKCS#8, unencrypted) and certificate chain, PEM
#   WIREWATCH_KAFKA_SCRAM_FILE      users, one "name password" per line; stored when the storage is formatted
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
home="${WIREWATCH_KAFKA_HOME:-$repo/.cache/kafka}"
port="${WIREWATCH_KAFKA_PORT:-19092}"
controller_port="${WIREWATCH_KAFKA_CONTROLLER_PORT:-$((port + 1))}"
heap="${WIREWATCH_KAFKA_HEAP:-768m}"
libs="$home/libs"
data="$home/data"
pidfile="$home/broker.pid"
logfile="$home/broker.log"
props="$home/server.properties"
ready_timeout="${WIREWATCH_KAFKA_READY_TIMEOUT:-90}"

log() { printf 'broker: %s\n' "$*" >&2; }

is_running() {
  [[ -f "$pidfile" ]] || return 1
  local pid
  pid="$(cat "$pidfile")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

resolve_jars() {
  # Re-resolve only when the pom changes (a Kafka upgrade), keyed by the pom's checksum.
  local stamp="$libs/.pom.sha256" want
  want="$(sha256sum "$here/pom.xml" | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  command -v mvn >/dev/null || { log "mvn not found: install Maven (Debian package maven)"; exit 2; }
  command -v java >/dev/null || { log "java not found: install a JDK 17+ (Debian package openjdk-17-jre-headless)"; exit 2; }
  log "resolving Kafka jars with Maven into $libs"
  rm -rf "$libs"
  mkdir -p "$libs"
  if ! mvn -B -Dstyle.color=never -f "$here/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$libs" >"$home/mvn.log" 2>&1; then
    tail -n 40 "$home/mvn.log" >&2
    log "Maven could not resolve the broker's jars; full log: $home/mvn.log"
    exit 2
  fi
  echo "$want" >"$stamp"
}

sasl_port="${WIREWATCH_KAFKA_SASL_SSL_PORT:-}"

write_config() {
  mkdir -p "$data"
  sed -e "s|@PORT@|$port|g" -e "s|@CONTROLLER_PORT@|$controller_port|g" -e "s|@DATA_DIR@|$data|g" \
    "$here/server.properties.template" >"$props"
  [[ -n "$sasl_port" ]] || return 0
  local pem="${WIREWATCH_KAFKA_TLS_PEM:?WIREWATCH_KAFKA_SASL_SSL_PORT needs WIREWATCH_KAFKA_TLS_PEM}"
  # Later keys override the template's: the plaintext listener stays for the broker itself.
  cat >>"$props" <<EOF
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port,SASL_SSL://127.0.0.1:$sasl_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port,SASL_SSL://127.0.0.1:$sasl_port
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL
sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_ssl.ssl.keystore.type=PEM
listener.name.sasl_ssl.ssl.keystore.location=$pem
EOF
}

scram_arguments() {
  local file="${WIREWATCH_KAFKA_SCRAM_FILE:-}" name password
  [[ -n "$file" ]] || return 0
  while read -r name password; do
    [[ -n "$name" ]] && printf -- '--add-scram\0SCRAM-SHA-512=[name=%s,password=%s]\0' "$name" "$password"
  done <"$file"
}

java_opts=(-Xms256m "-Xmx$heap" -XX:+UseG1GC -Djava.awt.headless=true
  "-Dlog4j2.configurationFile=$here/log4j2.properties" -cp "$libs/*")
java_cmd() { java "${java_opts[@]}" "$@"; }

format_storage() {
  [[ -f "$data/meta.properties" ]] && return 0
  local cluster_id
  cluster_id="$(java_cmd kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1)"
  log "formatting KRaft storage (cluster $cluster_id)"
  local scram=()
  mapfile -d '' -t scram < <(scram_arguments)
  java_cmd kafka.tools.StorageTool format -t "$cluster_id" -c "$props" "${scram[@]}" >/dev/null
}

start() {
  if is_running; then
    log "already running (pid $(cat "$pidfile"), 127.0.0.1:$port)"
    return 0
  fi
  if port_open "$port"; then
    log "127.0.0.1:$port is taken by a process this script did not start; set WIREWATCH_KAFKA_PORT"
    exit 3
  fi
  resolve_jars
  write_config
  format_storage
  local started=$SECONDS
  : >"$logfile"
  nohup java "${java_opts[@]}" kafka.Kafka "$props" >>"$logfile" 2>&1 </dev/null &
  echo $! >"$pidfile"
  # Ready means: the listener accepts connections and the server reports itself started.
  while (( SECONDS - started < ready_timeout )); do
    if ! is_running; then
      log "broker exited during start-up; last lines of $logfile:"
      tail -n 30 "$logfile" >&2
      rm -f "$pidfile"
      exit 4
    fi
    if port_open "$port" && grep -q "Kafka Server started" "$logfile"; then
      log "ready on 127.0.0.1:$port after $((SECONDS - started)) s (pid $(cat "$pidfile"))"
      return 0
    fi
    sleep 0.25
  done
  log "not ready after ${ready_timeout} s; see $logfile"
  stop
  exit 5
}

stop() {
  if ! is_running; then
    rm -f "$pidfile"
    log "not running"
    return 0
  fi
  local pid waited=0
  pid="$(cat "$pidfile")"
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && (( waited < 120 )); do
    sleep 0.25
    waited=$((waited + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "pid $pid ignored SIGTERM for 30 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  log "stopped"
}

kill_now() {
  if is_running; then
    kill -KILL "$(cat "$pidfile")" 2>/dev/null || true
    while is_running; do sleep 0.1; done
  fi
  rm -f "$pidfile"
}

status() {
  if is_running; then
    echo "running pid=$(cat "$pidfile") bootstrap=127.0.0.1:$port"
    return 0
  fi
  echo "stopped"
  return 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  kill) kill_now ;;
  status) status ;;
  restart) stop; start ;;
  reset) stop; rm -rf "$data" "$props"; log "data deleted" ;;
  jars) resolve_jars ;;
  *) echo "usage: $0 {start|stop|kill|status|restart|reset|jars}" >&2; exit 64 ;;
esac
