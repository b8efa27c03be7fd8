#!/bin/sh
# Cold CLI runs over the whole detection-rules corpus: validate, compile and bundle, each a fresh JVM with the
# distribution's JVM options (bin/ruleforge) and -Xmx256m, plus bundle with -Xmx128m and compile with plain
# `java -jar`. Prints wall and CPU (user+sys) seconds and peak RSS of each: best wall, best CPU, highest RSS of ROUNDS.
# With BASE_JAR=path (a jar built from an older commit) the same runs are made with it, alternating round by round,
# and the compiled output and the bundle of both are compared in the Kibana 8.12, 8.9 and 7.17 modes.
# Run from the repository root after `mvn -o -B -q -pl compiler package -DskipTests`.
# Usage: [BASE_JAR=/tmp/base.jar] benchmarks/corpus-cli.sh [ROUNDS]   (default 3)
set -eu
rounds=${1:-3}
jar=${JAR:-compiler/target/ruleforge.jar}
rules=../shared/corpus/detection-rules
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
opts="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx256m"

once() { # label jar javaopts command [options]: one cold run; appends "wall cpu rss" to $work/<label> or notes a failure
  label=$1; j=$2; o=$3; shift 3
  rm -rf "$work/out"
  # shellcheck disable=SC2086 # o is a list of JVM options
  if ! /usr/bin/time -f "%e %U %S %M" -o "$work/time" java $o -jar "$j" "$@" -q --rules "$rules" \
      --fixtures "$work/no-fixtures" --out "$work/out" > "$work/log" 2>&1; then
    # the base jar may die (OutOfMemoryError at -Xmx256m): say so on its line, keep measuring the rest
    echo "FAILED: $(grep -m1 -o 'OutOfMemoryError[^(]*\|ruleforge: .*' "$work/log" || head -1 "$work/log")" > "$work/$label.failed"
    return 0
  fi
  read -r wall user sys rss < "$work/time"
  echo "$wall $(echo "$user + $sys" | bc) $((rss / 1024))" >> "$work/$label"
}

report() { # label: best wall, best CPU, peak RSS of the rounds
  if [ -f "$work/$1.failed" ]; then
    printf '%-40s %s\n' "$1" "$(cat "$work/$1.failed")"
  else
    printf '%-40s %8s %8s %8s\n' "$1" "$(sort -n -k1 "$work/$1" | head -1 | cut -d' ' -f1)" \
      "$(sort -n -k2 "$work/$1" | head -1 | cut -d' ' -f2)" "$(sort -n -k3 "$work/$1" | tail -1 | cut -d' ' -f3)"
  fi
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB, load average $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"
printf '%-40s %8s %8s %8s\n' "" "wall s" "CPU s" "RSS MB"
# base and this jar alternate round by round, so both see the same load on a shared machine
for cmd in "validate" "compile --no-incremental" "bundle --no-incremental"; do
  i=0
  while [ "$i" -lt "$rounds" ]; do
    for j in ${BASE_JAR:+"$BASE_JAR"} "$jar"; do
      name=$( [ "$j" = "$jar" ] && echo this || echo base )
      # shellcheck disable=SC2086 # cmd is a command and its options
      once "$name: $cmd" "$j" "$opts" $cmd
    done
    i=$((i + 1))
  done
  for name in ${BASE_JAR:+base} this; do report "$name: $cmd"; done
done
i=0
while [ "$i" -lt "$rounds" ]; do
  for j in ${BASE_JAR:+"$BASE_JAR"} "$jar"; do
    name=$( [ "$j" = "$jar" ] && echo this || echo base )
    once "$name: bundle, -Xmx128m" "$j" "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx128m" bundle --no-incremental
    once "$name: compile, plain java -jar" "$j" "" compile --no-incremental
  done
  i=$((i + 1))
done
for name in ${BASE_JAR:+base} this; do report "$name: bundle, -Xmx128m"; report "$name: compile, plain java -jar"; done
if [ -n "${BASE_JAR:-}" ]; then
  for v in 8.12 8.9 7.17; do
    java $opts -jar "$BASE_JAR" compile -q --no-incremental --kibana "$v" --rules "$rules" --fixtures "$work/no-fixtures" \
      --out "$work/$v-base" > /dev/null 2>&1 || true
    java $opts -jar "$jar" compile -q --no-incremental --kibana "$v" --rules "$rules" --fixtures "$work/no-fixtures" \
      --out "$work/$v-this" > /dev/null 2>&1 || true
    if diff -r "$work/$v-base/compiled" "$work/$v-this/compiled" > /dev/null \
        && cmp -s "$work/$v-base/ruleforge.sarif" "$work/$v-this/ruleforge.sarif"; then
      echo "Kibana $v: compiled output and SARIF byte-identical to the base jar's"
    else
      echo "Kibana $v: DIFFERENT from the base jar's"; exit 1
    fi
  done
  # the bundle with a heap the base jar may need (it held the whole bundle in memory)
  for j in base this; do
    jj=$( [ "$j" = this ] && echo "$jar" || echo "$BASE_JAR" )
    java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx1g -jar "$jj" bundle -q --no-incremental --rules "$rules" \
      --fixtures "$work/no-fixtures" --out "$work/bundle-$j" > /dev/null 2>&1 || true
  done
  # the manifest names the commit ruleforge was built from: the one line two builds of the same code differ in
  for j in base this; do
    (cd "$work/bundle-$j" && mkdir zip && cd zip && unzip -q ../bundle.zip && zipinfo -1 ../bundle.zip > ../zip-order)
    sed -i 's/^\( *"commit" : \)"[0-9a-f]*"/\1"(build)"/' "$work/bundle-$j/bundle/manifest.json" \
      "$work/bundle-$j/zip/manifest.json"
  done
  # the entry order is compared on its own: it changed on purpose once (name order, then the order written)
  if diff -r "$work/bundle-base/bundle" "$work/bundle-this/bundle" > /dev/null \
      && diff -r "$work/bundle-base/zip" "$work/bundle-this/zip" > /dev/null \
      && cmp -s "$work/bundle-base/ruleforge.sarif" "$work/bundle-this/ruleforge.sarif"; then
    # the order written: rule files by rule_id (a byte order), then the ndjson, then the manifest
    { grep '^rules/' "$work/bundle-this/zip-order" | LC_ALL=C sort; echo rules.ndjson; echo manifest.json; } > "$work/written-order"
    if cmp -s "$work/bundle-base/zip-order" "$work/bundle-this/zip-order"; then
      echo "bundle: folder, zip entries (in order) and SARIF byte-identical to the base jar's but for the build commit"
    elif LC_ALL=C sort -c "$work/bundle-base/zip-order" 2> /dev/null \
        && cmp -s "$work/written-order" "$work/bundle-this/zip-order"; then
      echo "bundle: folder, zip entries and SARIF byte-identical to the base jar's but for the build commit; its zip in name order, this one's in the order written"
    else
      echo "bundle: zip entry order DIFFERENT from the base jar's"; exit 1
    fi
  else
    echo "bundle: DIFFERENT from the base jar's"; exit 1
  fi
fi
