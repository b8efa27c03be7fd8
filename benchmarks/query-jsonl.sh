#!/bin/sh
# End to end, cold: `ruleforge query --jsonl` against Kibana 8.9's kbn-es-query on node (test-tools/kbn-oracle), both
# translating the same 16,000 KQL queries (the corpus' 482, repeated) in Kibana 8.9 mode without field types.
# Prints wall and CPU seconds of each and the ratios; run from the repository root after
#   mvn -o -B -q -pl compiler package -DskipTests   and   (cd test-tools/kbn-oracle && npm ci)
# Usage: benchmarks/query-jsonl.sh [ROUNDS]   (default 3; each figure is the best round, as load only adds time)
set -eu
rounds=${1:-3}
jar=${JAR:-compiler/target/ruleforge.jar}
oracle=test-tools/kbn-oracle/oracle.js
corpus=../shared/conformance/kql/kibana-8.9_nofields.jsonl
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$corpus" "$work/queries.jsonl" <<'PY'
import json, sys
queries = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for i in range(16000):
        q = queries[i % len(queries)]
        out.write(json.dumps({"id": i, "query": q["query"]}) + "\n")
PY
measure() { # label command...: best wall and best CPU (user+sys) over the rounds, from /usr/bin/time
  label=$1; shift
  best_wall=; best_cpu=
  i=0
  while [ "$i" -lt "$rounds" ]; do
    /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" < "$work/queries.jsonl" > "$work/$label.out"
    read -r wall user sys < "$work/time"
    cpu=$(echo "$user + $sys" | bc)
    if [ -z "$best_wall" ] || [ "$(echo "$wall < $best_wall" | bc)" = 1 ]; then best_wall=$wall; fi
    if [ -z "$best_cpu" ] || [ "$(echo "$cpu < $best_cpu" | bc)" = 1 ]; then best_cpu=$cpu; fi
    i=$((i + 1))
  done
  echo "$label $best_wall $best_cpu $(wc -l < "$work/$label.out")"
}
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
measure ruleforge java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$jar" query --jsonl --kibana 8.9 --schema none > "$work/rf"
measure kibana node "$oracle" > "$work/kbn"
read -r _ rf_wall rf_cpu rf_lines < "$work/rf"
read -r _ kbn_wall kbn_cpu kbn_lines < "$work/kbn"
printf '%-28s %8s %8s %6s\n' "" "wall s" "CPU s" "lines"
printf '%-28s %8s %8s %6s\n' "ruleforge query --jsonl" "$rf_wall" "$rf_cpu" "$rf_lines"
printf '%-28s %8s %8s %6s\n' "Kibana 8.9 kbn-es-query" "$kbn_wall" "$kbn_cpu" "$kbn_lines"
echo "ratio (Kibana / ruleforge): wall $(echo "scale=1; $kbn_wall / $rf_wall" | bc)x, CPU $(echo "scale=1; $kbn_cpu / $rf_cpu" | bc)x"
# the same answers both ways, where Kibana answers: a speed figure for different work would mean nothing
python3 - "$work/ruleforge.out" "$work/kibana.out" <<'PY'
import json, sys
rf = [json.loads(l) for l in open(sys.argv[1])]
kbn = [json.loads(l) for l in open(sys.argv[2])]
same = sum(1 for a, b in zip(rf, kbn) if "dsl" in b and a.get("dsl") == b["dsl"])
print(f"same DSL as Kibana on {same} of {sum(1 for b in kbn if 'dsl' in b)} queries Kibana translates")
PY
