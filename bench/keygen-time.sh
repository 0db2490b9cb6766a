#!/bin/sh
# Wall time of "keygen" (a fresh ed25519 default key pair in an empty ~/.gtlssh):
# jgtlssh-keygen against the real gtlssh-keygen 2.6.2, side by side, medians of N runs (default 10),
# the variants interleaved run by run so that machine noise hits them alike.
#
#   bench/keygen-time.sh [RUNS]
#
# jgtlssh-keygen runs through bin/jgtlssh-keygen when that launcher exists; otherwise through java with
# the launcher's flags (java-deps.md §7: C1 only, SerialGC, native access). A third row shows the same
# with a JDK 25 AOT cache trained here (what a launcher with an AOT cache would get).
# Needs: the build (mvn -q -o -DskipTests package), gtlssh-keygen, openssl.
set -eu
RUNS=${1:-10}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR="$ROOT/keys-tool/target/jgtlssh-keygen.jar"
[ -f "$JAR" ] || { echo "build first: (cd $ROOT && mvn -q -o -DskipTests package)" >&2; exit 2; }
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
FLAGS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED"
REAL=$(command -v gtlssh-keygen)
WORK=$(mktemp -d /tmp/keygen-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
# Every run gets its own HOME; this one only catches a command that was not given one, so that the
# real ~/.gtlssh is never touched.
HOME="$WORK/no-home"; export HOME

if [ -x "$ROOT/bin/jgtlssh-keygen" ]; then
    OURS_DESC="bin/jgtlssh-keygen"
    ours() { HOME="$1" "$ROOT/bin/jgtlssh-keygen" -f keygen; }
else
    OURS_DESC="java $FLAGS -jar keys-tool/target/jgtlssh-keygen.jar (no launcher yet)"
    ours() { HOME="$1" "$JAVA" $FLAGS -Duser.home="$1" -jar "$JAR" -f keygen; }
fi
# AOT cache from one training run (JDK 25, JEP 483/514); the same flags must be used when running.
AOT="$WORK/keygen.aot"
mkdir -p "$WORK/train"
HOME="$WORK/train" "$JAVA" $FLAGS -XX:AOTCacheOutput="$AOT" -Duser.home="$WORK/train" -jar "$JAR" -f keygen >/dev/null 2>&1 || AOT=""
ours_aot() { HOME="$1" "$JAVA" $FLAGS ${AOT:+-XX:AOTCache=$AOT} -Duser.home="$1" -jar "$JAR" -f keygen; }
real() { HOME="$1" "$REAL" -f keygen; }
# start-up alone (JVM + picocli, no key): what the key work adds is the difference to "ours"
ours_version() {
    if [ -x "$ROOT/bin/jgtlssh-keygen" ]; then "$ROOT/bin/jgtlssh-keygen" --version; else "$JAVA" $FLAGS -jar "$JAR" --version; fi; }

now_ns() { date +%s%N; }
# CPU (user+sys) ms used so far by this shell's finished children, from the "times" builtin (run in
# this shell, not in a $(...) subshell, whose children would be others)
cpu_of_times() {
    awk 'NR==2 { n=0; for (f=1; f<=2; f++) { split($f, a, /[ms]/); n += a[1]*60 + a[2] } printf "%d\n", n*1000 }' "$WORK/times"
}
one() { # one <name> <function>: one run in a fresh home; append wall ms to $WORK/<name>, CPU ms to $WORK/<name>.cpu
    h="$WORK/home.$1.$i"; mkdir -p "$h"
    times >"$WORK/times"; c0=$(cpu_of_times); t0=$(now_ns)
    "$2" "$h" >"$WORK/out" 2>&1 || { echo "$1 failed:"; cat "$WORK/out"; exit 1; }
    t1=$(now_ns); times >"$WORK/times"; c1=$(cpu_of_times)
    echo $(( (t1 - t0) / 1000000 )) >>"$WORK/$1"
    echo $(( c1 - c0 )) >>"$WORK/$1.cpu"
    if [ "$1" != ours_version ]; then
        openssl pkey -in "$h/.gtlssh/default.key" -noout || { echo "$1: openssl cannot read the key"; exit 1; }
    fi
    rm -rf "$h"
}
ours_aot_check() { ours_aot "$@"; }

for n in real ours ours_aot ours_version; do : >"$WORK/$n"; : >"$WORK/$n.cpu"; done
mkdir -p "$WORK/warm"; ours "$WORK/warm" >/dev/null 2>&1; rm -rf "$WORK/warm"   # page cache
i=1
while [ "$i" -le "$RUNS" ]; do
    one real real
    one ours ours
    if [ -n "$AOT" ]; then one ours_aot ours_aot_check; fi
    one ours_version ours_version
    i=$((i + 1))
done

median() { sort -n "$1" | awk '{a[NR]=$1} END {if (NR==0) print "-"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
minmax() { sort -n "$1" | awk 'NR==1{mn=$1} {mx=$1} END {if (NR) printf "%s-%s", mn, mx; else print "-"}'; }
echo "keygen (ed25519, fresh ~/.gtlssh): medians of $RUNS runs, interleaved; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
echo "(wall time suffers most from other load on the machine; CPU = user+sys of the process tree)"
row() { printf '%-44s %9s %12s %9s\n' "$1" "$(median "$WORK/$2")" "$(minmax "$WORK/$2")" "$(median "$WORK/$2.cpu")"; }
printf '%-44s %9s %12s %9s\n' "program" "wall ms" "wall min-max" "CPU ms"
row "gtlssh-keygen 2.6.2 (C, runs openssl twice)" real
row "jgtlssh-keygen" ours
if [ -n "$AOT" ]; then row "jgtlssh-keygen + AOT cache" ours_aot; fi
row "(jgtlssh-keygen --version: start-up only)" ours_version
echo "jgtlssh-keygen ran as: $OURS_DESC"
