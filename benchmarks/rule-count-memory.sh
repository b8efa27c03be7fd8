#!/bin/sh
# How the CLI's memory grows with the rule count (issue #20 item 5): synthetic rule sets of 1×, 2× and 4× the
# detection-rules corpus (benchmarks/scripts/multiply_rules.py: copies with a fresh rule_id and name each, so the
# set-wide checks flag nothing new), and for each set and command, cold runs with bin/ruleforge's JVM options:
#   min -Xmx   the smallest heap (binary search over MIN..MAX MB, default 16..512, in steps of STEP, default 8) at
#              which the command still ends as it does with MAX MB (same exit code, no "out of memory"); a run over
#              TIMEOUT s (default 300) counts as failed
#   live MB    the largest heap left after a full collection (-Xlog:gc) in the run at that smallest heap
#   RSS, CPU   peak RSS (MB) and CPU seconds (user + sys) of the run at MAX MB
# `test` runs with an empty fixtures folder: every rule is compiled, then reported as having nothing tested.
# Run from the repository root after `mvn -o -B -q -pl compiler package -DskipTests`.
# Usage: [JAR=path] [SETS="1 2 4"] [COMMANDS="validate compile bundle test"] benchmarks/rule-count-memory.sh
set -eu
jar=${JAR:-compiler/target/ruleforge.jar}
sets=${SETS:-1 2 4}
commands=${COMMANDS:-validate compile bundle test}
min=${MIN:-16}; max=${MAX:-512}; step=${STEP:-8}; timeout=${TIMEOUT:-300}
corpus=../shared/corpus/detection-rules
opts="-XX:+UseSerialGC -XX:TieredStopAtLevel=1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/fixtures"

run() { # set heapMB command: one cold run; exit code in $work/rc, "cpu rss" in $work/time, GC log in $work/gc
  # shellcheck disable=SC2086 # opts is a list of JVM options
  if timeout "$timeout" /usr/bin/time -f "%U %S %M" -o "$work/time" java $opts "-Xmx$2m" "-Xlog:gc:file=$work/gc" \
      -jar "$jar" "$3" -q --no-incremental --rules "$work/set$1" --fixtures "$work/fixtures" --out "$work/out" \
      > "$work/log" 2>&1; then echo 0 > "$work/rc"; else echo $? > "$work/rc"; fi
  rm -rf "$work/out"
}

ok() { # expected exit code: the last run ended so and did not run out of memory; its GC log is kept as gc.ok
  [ "$(cat "$work/rc")" = "$1" ] && ! grep -qi 'out of memory\|OutOfMemoryError' "$work/log" && cp "$work/gc" "$work/gc.ok"
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1); jar $jar"
printf '%-5s %-9s %6s %10s %8s %8s %8s\n' set command rules "min -Xmx" "live MB" "RSS MB" "CPU s"
for n in $sets; do
  if [ "$n" = 1 ]; then ln -s "$(cd "$corpus" && pwd)" "$work/set$n"; else python3 benchmarks/scripts/multiply_rules.py "$corpus" "$n" "$work/set$n"; fi
  rules=$(find -L "$work/set$n" -name '*.toml' | wc -l)
  for cmd in $commands; do
    run "$n" "$max" "$cmd"
    expected=$(cat "$work/rc")
    if ! ok "$expected"; then printf '%-5s %-9s %6s  fails at %s MB\n' "${n}x" "$cmd" "$rules" "$max"; continue; fi
    read -r user sys rss < "$work/time"
    cpu=$(echo "$user + $sys" | bc); rss=$((rss / 1024))
    lo=$min; hi=$max # invariant: hi works; lo is not known to work
    run "$n" "$lo" "$cmd"
    if ok "$expected"; then hi=$lo; fi
    while [ $((hi - lo)) -gt "$step" ]; do
      mid=$(( (lo + hi) / 2 / step * step ))
      run "$n" "$mid" "$cmd"
      if ok "$expected"; then hi=$mid; else lo=$mid; fi
    done
    if [ "$hi" = "$max" ]; then run "$n" "$hi" "$cmd"; ok "$expected"; fi
    # "Pause Full (…) 80M->75M(96M)": the heap after the collection, in the last run that worked (at hi)
    live=$(grep 'Pause Full' "$work/gc.ok" | sed 's/.*->\([0-9]*\)M.*/\1/' | sort -n | tail -1)
    printf '%-5s %-9s %6s %8s m %8s %8s %8s\n' "${n}x" "$cmd" "$rules" "$hi" "${live:-none}" "$rss" "$cpu"
  done
done
