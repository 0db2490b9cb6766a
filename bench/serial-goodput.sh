#!/bin/sh
# Goodput of a one-way bulk transfer over lossy-link.py (a seeded faulty serial cable) at 115200 baud:
# our relpkt,msgdelim,serialdev on both ends versus the real gensiot 2.6.2 on both ends, side by side.
#
#   bench/serial-goodput.sh [BYTES]            (default 1000000; RATES="0 0.0001" to pick fault rates;
#                                               OURS_ONLY=1 skips the gensiot rows)
#
# Fault rate F means --drop F/2 --flip F/2 per byte, both directions (data and ACKs alike), as in
# notes/baseline.md section 4. Goodput = bytes delivered intact / time from the first write to the last
# byte received; "line" is the fraction of the 11.52 KB/s line rate (10 bits per byte).
# Needs a build first: JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 mvn -q -o -pl common test-compile
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${JGTLSSH_SHARED:-$ROOT/../shared}
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
SIZE=${1:-1000000}
RATES=${RATES:-"0 0.0001 0.001 0.01"}
TIMEOUT=${TIMEOUT:-400}
SEED=${SEED:-1}
LINE_KBPS=11.52

cd "$ROOT"
JAVA_HOME=$JAVA_HOME mvn -q -o -pl common dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt \
    -Dmdep.includeScope=test >/dev/null
CP="$ROOT/common/target/classes:$ROOT/common/target/test-classes:$(cat common/target/bench-cp.txt)"
JOPTS="--enable-native-access=ALL-UNNAMED -DjSerialComm.library.path=$ROOT/common/target/native/jsc/Linux/x86_64"
WORK=$(mktemp -d "$ROOT/common/target/serial-bench.XXXXXX")
PIDS=""
cleanup() {
    for p in $PIDS; do kill "$p" 2>/dev/null || true; done
    # gensiot killed by us cannot remove its UUCP locks: remove ours once their process is gone
    for f in /var/lock/LCK..*serial-bench.*; do
        [ -e "$f" ] || continue
        pid=$(tr -d ' \n' < "$f")
        kill -0 "$pid" 2>/dev/null || rm -f "$f"
    done
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

python3 -c "import random,sys; r=random.Random(42); sys.stdout.buffer.write(bytes(r.getrandbits(8) for _ in range($SIZE)))" > "$WORK/data.bin"

start_link() { # $1 = fault rate
    half=$(python3 -c "print($1/2)")
    rm -f "$WORK/A" "$WORK/B"
    python3 "$SHARED/tools/lossy-link.py" --drop "$half" --flip "$half" --baud 115200 --seed "$SEED" \
        "$WORK/A" "$WORK/B" > "$WORK/link.out" 2>&1 &
    LINK=$!
    PIDS="$PIDS $LINK"
    i=0
    until grep -q "ready" "$WORK/link.out" 2>/dev/null; do
        i=$((i + 1)); [ $i -lt 100 ] || { echo "lossy-link did not start" >&2; exit 1; }
        sleep 0.1
    done
}
stop_link() { kill "$LINK" 2>/dev/null || true; wait "$LINK" 2>/dev/null || true; }

killtree() { # a process we started and its descendants, by pid
    for c in $(pgrep -P "$1" 2>/dev/null); do killtree "$c"; done
    kill "$1" 2>/dev/null || true
}

now() { python3 -c 'import time; print(time.monotonic())'; }

run_ours() { # prints: bytes ok seconds
    out=$("$JAVA_HOME/bin/java" $JOPTS -cp "$CP" org.jgtlssh.gensio.relpkt.SerialGoodputBench \
        "$WORK/A" "$WORK/B" "$SIZE" "$TIMEOUT" 2>"$WORK/ours.err" | tail -1)
    [ -n "$out" ] || { echo "our driver printed nothing; its stderr:" >&2; tail -5 "$WORK/ours.err" >&2; }
    b=$(echo "$out" | sed -n 's/.*bytes=\([0-9]*\).*/\1/p')
    ok=$(echo "$out" | sed -n 's/.*ok=\([a-z]*\).*/\1/p')
    s=$(echo "$out" | sed -n 's/.*seconds=\([0-9.]*\).*/\1/p')
    echo "${b:-0} ${ok:-false} ${s:-0}"
}

run_gensiot() { # receiver (server, conacc) on A, sender on B; prints: bytes ok seconds
    : > "$WORK/recv.bin"
    (sleep 100000 | gensiot -i 'stdio(self)' -a "relpkt,msgdelim,conacc,serialdev,$WORK/A,115200n81,local" \
        2>"$WORK/grecv.err" | cat > "$WORK/recv.bin") &
    RECV=$!
    PIDS="$PIDS $RECV"
    sleep 0.5
    t0=$(now)
    # gensiot 2.6.2 needs pollable stdin and stdout (a file or /dev/null makes it abort in epoll_ctl)
    ( (cat "$WORK/data.bin"; sleep 100000) | gensiot -i 'stdio(self)' "relpkt,msgdelim,serialdev,$WORK/B,115200n81,local" \
        2>"$WORK/gsend.err" | cat > /dev/null ) &
    SEND=$!
    PIDS="$PIDS $SEND"
    last=0; lastt=$t0; still=0
    while :; do
        sleep 0.5
        sz=$(stat -c %s "$WORK/recv.bin")
        t=$(now)
        if [ "$sz" -ne "$last" ]; then last=$sz; lastt=$t; still=0; else still=$((still + 1)); fi
        [ "$sz" -ge "$SIZE" ] && break
        # gensiot gives up about 6 s after the first damaged frame (its msgdelim receiver wedges)
        [ $still -ge 30 ] && break
        python3 -c "import sys; sys.exit(0 if $t - $t0 < $TIMEOUT else 1)" || break
    done
    killtree "$SEND"; killtree "$RECV"
    sz=$(stat -c %s "$WORK/recv.bin")
    if [ "$sz" -eq "$SIZE" ] && cmp -s "$WORK/data.bin" "$WORK/recv.bin"; then ok=true; else ok=false; fi
    s=$(python3 -c "print(round($lastt - $t0, 1))")
    echo "$sz $ok $s"
}

row() { # stack fault bytes ok seconds
    python3 - "$@" <<PY
import sys
stack, fault, b, ok, s = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], float(sys.argv[5])
kbps = b / 1000 / s if s > 0 else 0.0
good = kbps if ok == "true" else 0.0
print(f"| {stack:<24} | {fault:>6} | {b:>8} | {'yes' if ok == 'true' else 'NO':>7} | {s:>7.1f} | {good:>7.2f} | {100 * good / $LINE_KBPS:>5.1f} % |")
PY
}

echo "serial goodput: $SIZE bytes one way over lossy-link.py at 115200 baud (line rate $LINE_KBPS KB/s), seed $SEED"
echo "| stack                    |  fault |    bytes | matched |  time s |   KB/s |  line  |"
echo "|--------------------------|--------|----------|---------|---------|--------|--------|"
for r in $RATES; do
    start_link "$r"; set -- $(run_ours); stop_link
    row "jgtlssh relpkt+msgdelim" "$r" "$1" "$2" "$3"
    [ "${OURS_ONLY:-0}" = 1 ] && continue
    start_link "$r"; set -- $(run_gensiot); stop_link
    row "gensiot 2.6.2 relpkt+msgdelim" "$r" "$1" "$2" "$3"
done
