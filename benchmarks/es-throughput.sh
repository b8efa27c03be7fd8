#!/usr/bin/env bash
# The ratio of the in-process replay evaluation to Elasticsearch's own throughput on the same (rule, event) pairs:
# starts a throwaway single-node Elasticsearch from the integration tests' distribution (fetched into ~/.m2 by the
# benchmarks pom), runs io.ruleforge.benchmarks.ElasticsearchThroughput against it, and stops and deletes the node.
#
# Usage, from anywhere:  benchmarks/es-throughput.sh [--rounds N] [--cycles N] [--batch N] [--in-process-rounds N] [--events N]
# Environment:
#   RULEFORGE_MVN_OPTS  Maven options (default "-B -ntp"; "-B -o" on a machine whose ~/.m2 already holds everything)
#   ES_HEAP             the node's heap (default 1g)
# Builds benchmarks/target/benchmarks.jar first when it is missing.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
read -r -a mvn_opts <<<"${RULEFORGE_MVN_OPTS:--B -ntp}"
jar=benchmarks/target/benchmarks.jar

if [[ ! -f $jar ]]; then
  echo "building $jar" >&2
  mvn "${mvn_opts[@]}" -q -pl benchmarks -am package -DskipTests
fi
# unpacks once (markers under target/elasticsearch/.markers); the zip comes from Maven Central through ~/.m2
mvn "${mvn_opts[@]}" -q -pl benchmarks dependency:unpack@elasticsearch-distribution
dist=$(find benchmarks/target/elasticsearch -maxdepth 1 -type d -name 'elasticsearch-*' | sort | tail -n 1)
if [[ -z $dist || ! -x $dist/bin/elasticsearch ]]; then
  echo "es-throughput: no Elasticsearch distribution under benchmarks/target/elasticsearch after the unpack" >&2
  exit 1
fi

java_home=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.home = //p')
# a scratch copy under /tmp: the node writes into its home (keystore), and when this runs as root the node runs as
# nobody (Elasticsearch refuses root), who may not be able to reach the checkout
scratch=$(mktemp -d /tmp/ruleforge-es-throughput.XXXXXX)
chmod 755 "$scratch"
node_pid=""

descendants() {
  local child
  for child in $(pgrep -P "$1" || true); do
    descendants "$child"
    echo "$child"
  done
}

stop_node() {
  if [[ -n $node_pid ]] && kill -0 "$node_pid" 2>/dev/null; then
    # the launcher starts the server JVM: stop the server (and anything under it) by pid, then the launcher
    local pids
    pids=$(descendants "$node_pid")
    [[ -n $pids ]] && kill $pids 2>/dev/null || true
    kill "$node_pid" 2>/dev/null || true
    for _ in $(seq 60); do
      kill -0 "$node_pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -9 $pids "$node_pid" 2>/dev/null || true
  fi
  rm -rf "$scratch"
}
trap stop_node EXIT
trap 'exit 130' INT TERM

cp -a "$dist" "$scratch/home"
mkdir -p "$scratch/data" "$scratch/logs" "$scratch/tmp"

free_port() {
  local port
  for port in $(seq "$1" $(($1 + 200))); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  echo "es-throughput: no free port from $1" >&2
  exit 1
}
http_port=$(free_port 19200)
transport_port=$(free_port 19500)

launcher=()
if [[ $(id -u) == 0 ]]; then
  chown -R nobody "$scratch"
  launcher=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
fi
# the settings of the integration tests' LocalElasticsearch
ES_JAVA_HOME=$java_home ES_TMPDIR=$scratch/tmp ES_JAVA_OPTS="-Xms${ES_HEAP:-1g} -Xmx${ES_HEAP:-1g}" \
  "${launcher[@]}" "$scratch/home/bin/elasticsearch" \
  -Expack.security.enabled=false -Ediscovery.type=single-node -Enetwork.host=127.0.0.1 \
  -Ehttp.port="$http_port" -Etransport.port="$transport_port" \
  -Epath.data="$scratch/data" -Epath.logs="$scratch/logs" \
  -Ecluster.routing.allocation.disk.threshold_enabled=false \
  >"$scratch/console.log" 2>&1 &
node_pid=$!

url=http://127.0.0.1:$http_port
started=$SECONDS
until curl -fsS "$url/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1; do
  if ! kill -0 "$node_pid" 2>/dev/null; then
    echo "es-throughput: Elasticsearch exited before it was healthy; its output:" >&2
    tail -n 40 "$scratch/console.log" >&2
    exit 1
  fi
  if ((SECONDS - started > 180)); then
    echo "es-throughput: Elasticsearch at $url not healthy within 180 s; its output:" >&2
    tail -n 40 "$scratch/console.log" >&2
    exit 1
  fi
  sleep 0.5
done
echo "node up at $url in $((SECONDS - started)) s; machine: $(nproc) cores, $(sed -n 's/^model name\t: //p' /proc/cpuinfo | head -n 1); load:$(uptime | sed 's/.*load average://')"

java -cp "$jar" io.ruleforge.benchmarks.ElasticsearchThroughput --url "$url" "$@"
echo "load after:$(uptime | sed 's/.*load average://')"
