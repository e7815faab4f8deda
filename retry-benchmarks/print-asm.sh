#!/usr/bin/env bash
# Prints the machine code C2 compiled for one benchmark's measured loop, to count what a call costs in instructions
# (retry-benchmarks/RESULTS.md counts them this way). Needs a disassembler plugin for HotSpot: this script builds one
# from tools/hsdis-capstone.c against Debian's capstone (apt-get install libcapstone-dev) and puts it beside libjvm.so.
#
#   retry-benchmarks/print-asm.sh SuccessBenchmark ajretry      # the loop of SuccessBenchmark.ajretry
#   retry-benchmarks/print-asm.sh SuccessBenchmark direct
#
# Uses retry-benchmarks/target/benchmarks.jar (build it with run.sh first) and `java` from JAVA_HOME or the PATH.
# The last C2 compilation of the JMH stub is printed; the measured loop ends at the instruction marked {poll}.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
benchmark="$1"
method="${2:-ajretry}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
server="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *sun.boot.library.path = //p')/server"
if [ ! -f "$server/hsdis-amd64.so" ]; then
  gcc -O2 -shared -fPIC -o "$server/hsdis-amd64.so" "$here/tools/hsdis-capstone.c" -lcapstone
fi
raw="$(mktemp)"
"$java" -jar "$here/target/benchmarks.jar" -f 1 -wi 4 -w 1s -i 1 -r 1s \
  -jvmArgsAppend "-XX:+UnlockDiagnosticVMOptions -XX:CompileCommand=print,*${benchmark}_${method}_jmhTest::${method}_avgt_jmhStub" \
  "dev.ajretry.benchmarks.${benchmark}.${method}\$" > "$raw" 2>&1
start="$(grep -n "Compiled method (c2).*_avgt_jmhStub (" "$raw" | tail -1 | cut -d: -f1)"
sed -n "${start},\$p" "$raw" | grep -E '^\s+0x[0-9a-f]+:\s+[a-z]|\{poll\}|\{oop' | grep -v ImmutableOopMap
rm -f "$raw"
