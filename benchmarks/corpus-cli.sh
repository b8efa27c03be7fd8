#!/bin/sh
# Cold CLI runs over the whole detection-rules corpus: validate, compile and bundle, each a fresh JVM with the
# distribution's JVM options (bin/ruleforge) and -Xmx256m, plus compile with plain `java -jar`. Prints wall and CPU
# (user+sys) seconds and peak RSS of each, best of ROUNDS. With BASE_JAR=path (a jar built from an older commit)
# the same runs are made with it and the compiled output of both is compared in the Kibana 8.12, 8.9 and 7.17 modes.
# Run from the repository root after `mvn -o -B -q -pl compiler package -DskipTests`.
# Usage: [BASE_JAR=/tmp/base.jar] benchmarks/corpus-cli.sh [ROUNDS]   (default 3)
set -eu
rounds=${1:-3}
jar=${JAR:-compiler/target/ruleforge.jar}
rules=../shared/corpus/detection-rules
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
opts="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx256m"

run() { # label jar javaopts command [options]: best wall, best CPU, peak RSS of the best-wall round
  label=$1; j=$2; o=$3; shift 3
  best=
  i=0
  while [ "$i" -lt "$rounds" ]; do
    rm -rf "$work/out"
    # shellcheck disable=SC2086 # o is a list of JVM options
    if ! /usr/bin/time -f "%e %U %S %M" -o "$work/time" java $o -jar "$j" "$@" -q --rules "$rules" \
        --fixtures "$work/no-fixtures" --out "$work/out" > "$work/log" 2>&1; then
      # the base jar may die (OutOfMemoryError at -Xmx256m): say so on its line, keep measuring the rest
      printf '%-34s %s\n' "$label" "FAILED: $(grep -m1 -o 'OutOfMemoryError[^(]*\|ruleforge: .*' "$work/log" || head -1 "$work/log")"
      return 0
    fi
    read -r wall user sys rss < "$work/time"
    cpu=$(echo "$user + $sys" | bc)
    if [ -z "$best" ] || [ "$(echo "$wall < $best" | bc)" = 1 ]; then best=$wall; line="$wall $cpu $((rss / 1024))"; fi
    i=$((i + 1))
  done
  printf '%-34s %8s %8s %8s\n' "$label" $line
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB, load average $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"
printf '%-34s %8s %8s %8s\n' "" "wall s" "CPU s" "RSS MB"
for j in ${BASE_JAR:+"$BASE_JAR"} "$jar"; do
  name=$( [ "$j" = "$jar" ] && echo this || echo base )
  run "$name: validate" "$j" "$opts" validate
  run "$name: compile --no-incremental" "$j" "$opts" compile --no-incremental
  run "$name: bundle --no-incremental" "$j" "$opts" bundle --no-incremental
  run "$name: compile, plain java -jar" "$j" "" compile --no-incremental
done
if [ -n "${BASE_JAR:-}" ]; then
  for v in 8.12 8.9 7.17; do
    for j in "$BASE_JAR" "$jar"; do
      java $opts -jar "$j" compile -q --no-incremental --kibana "$v" --rules "$rules" --fixtures "$work/no-fixtures" \
        --out "$work/$v-$(basename "$j")" > /dev/null 2>&1 || true
    done
    if diff -r "$work/$v-$(basename "$BASE_JAR")/compiled" "$work/$v-$(basename "$jar")/compiled" > /dev/null \
        && cmp -s "$work/$v-$(basename "$BASE_JAR")/ruleforge.sarif" "$work/$v-$(basename "$jar")/ruleforge.sarif"; then
      echo "Kibana $v: compiled output and SARIF byte-identical to the base jar's"
    else
      echo "Kibana $v: DIFFERENT from the base jar's"; exit 1
    fi
  done
fi
