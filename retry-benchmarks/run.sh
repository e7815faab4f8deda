#!/usr/bin/env bash
# Builds the benchmarks jar and runs the whole comparison: every contender in every scenario, with -prof gc, JSON
# output, then the Markdown table (jmh_table.py). About 6 minutes on a 2-core machine, build included.
#
#   retry-benchmarks/run.sh                                                  # the JDK on the PATH
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 retry-benchmarks/run.sh      # another JDK: builds and runs on it
#
# Environment:
#   JAVA_HOME  the JDK that builds (Maven runs on it) and runs the benchmarks; default: `java` on the PATH
#   JMH_OPTS   the run's length, default "-f 2 -wi 3 -w 1s -i 5 -r 1s"
#   OUT        where the JSON and the table go, default retry-benchmarks/results/
#   SKIP_BUILD =1 to run the jar already in retry-benchmarks/target
# Extra arguments go to JMH after the defaults, e.g. a benchmark regex: run.sh 'SuccessBenchmark'
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
if [ -n "${JAVA_HOME:-}" ]; then
  java="$JAVA_HOME/bin/java"
else
  java="$(command -v java)"
fi
jmh_opts="${JMH_OPTS:--f 2 -wi 3 -w 1s -i 5 -r 1s}"
out="${OUT:-$here/results}"
mkdir -p "$out"

if [ "${SKIP_BUILD:-0}" != "1" ]; then
  echo "== building retry-benchmarks and what it depends on (JDK: $("$java" -version 2>&1 | head -1))"
  # The module's own classes are woven in place: start it from a clean target/ so nothing stale is measured.
  mvn -B -ntp -q -f "$root/pom.xml" -pl retry-benchmarks clean
  mvn -B -ntp -q -f "$root/pom.xml" -pl retry-benchmarks -am -DskipTests package
fi

feature="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')"
stamp="$(date -u +%Y%m%d-%H%M%S)"
json="$out/jdk${feature}-${stamp}.json"
table="$out/jdk${feature}-${stamp}.md"

# shellcheck disable=SC2206
jmh=("$java" -jar "$here/target/benchmarks.jar" $jmh_opts -bm avgt -tu ns -prof gc -rf json -rff "$json")
if [ "$#" -gt 0 ]; then
  jmh+=("$@")
else
  jmh+=('dev\.ajretry\.benchmarks\.(Success|FailTwice|FailTwiceLogback|SuccessTwoThreads|SuccessPathCost)Benchmark\.')
fi

echo "== ${jmh[*]}"
start=$SECONDS
"${jmh[@]}" | tee "$out/jdk${feature}-${stamp}.log"
echo "== JMH took $(( SECONDS - start )) s"

shown_jmh=("${jmh[@]}")
shown_jmh[0]="java"
shown_jmh[2]="retry-benchmarks/target/benchmarks.jar"
for i in "${!shown_jmh[@]}"; do
  if [ "${shown_jmh[$i]}" = "$json" ]; then shown_jmh[$i]="results.json"; fi
done
command_text="${JAVA_HOME:+JAVA_HOME=$JAVA_HOME }retry-benchmarks/run.sh $*"
command_text="${command_text% }, which runs: ${shown_jmh[*]}"
python3 "$here/jmh_table.py" "$json" --command "$command_text" | tee "$table"
echo "== JSON: $json"
echo "== table: $table"
