#!/bin/sh
# telnet-relay.sh: MB/s through a telnet hop (both telnet roles), jgensiot against the real gensiot 2.6.2.
#
#   source (socat, N bytes) --tcp--> ENCODE --telnet,tcp--> DECODE --tcp--> sink (socat | wc -c)
#   ENCODE = <tool> -i telnet,tcp,127.0.0.1,MID -a tcp,127.0.0.1,IN     (telnet client: escapes)
#   DECODE = <tool> -i tcp,127.0.0.1,SINK       -a telnet,tcp,127.0.0.1,MID (telnet server: unescapes)
#
# The payload is all 0xFF by default (every byte an IAC: the wire carries twice the bytes, the worst
# case); BENCH_ZEROS=1 sends zeros instead. The clock runs from the source's start to the sink's end of
# stream (both relays already listen/connected, JVM start-up not counted). Each run checks the sink got
# all N bytes. Prints per-round figures, medians and the ratio jgensiot/gensiot. Only 127.0.0.1.
#
# usage: bench/telnet-relay.sh [MB (default 100)] [rounds (default 3)]
# needs: a built tree (mvn -q -DskipTests package), gensiot (gensio-bin), socat.
set -eu

MB=${1:-100}
ROUNDS=${2:-3}
BYTES=$((MB * 1000000))

self=$0
while [ -L "$self" ]; do
    l=$(readlink "$self")
    case $l in /*) self=$l ;; *) self=$(dirname "$self")/$l ;; esac
done
ROOT=$(cd "$(dirname "$self")/.." && pwd -P)
JGENSIOT=$ROOT/bin/jgensiot
GENSIOT=$(command -v gensiot) || { echo "gensiot not found: apt-get install gensio-bin" >&2; exit 2; }
command -v socat >/dev/null || { echo "socat not found" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/telnet-relay.XXXXXX")
PIDS=
cleanup() {
    for p in $PIDS; do kill "$p" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# waits until something listens on 127.0.0.1:$1 without connecting to it
await_listen() {
    hex=$(printf ':%04X' "$1")
    i=0
    while ! awk -v h="$hex" '$2 ~ h"$" && $4 == "0A" { f = 1 } END { exit !f }' /proc/net/tcp /proc/net/tcp6; do
        i=$((i + 1))
        [ $i -lt 600 ] || { echo "nothing listens on port $1" >&2; exit 1; }
        sleep 0.05
    done
}

payload() {
    if [ "${BENCH_ZEROS:-0}" = 1 ]; then head -c "$BYTES" /dev/zero; else head -c "$BYTES" /dev/zero | tr '\000' '\377'; fi
}

now() { date +%s.%N; }

# run_one TOOL -> prints "seconds"
run_one() {
    tool=$1
    sink=$(free_port)
    mid=$(free_port)
    in=$(free_port)
    socat -u "TCP-LISTEN:$sink,bind=127.0.0.1,reuseaddr" STDOUT | wc -c > "$WORK/count" &
    sinkpid=$!
    PIDS="$PIDS $sinkpid"
    await_listen "$sink"
    "$tool" -i "tcp,127.0.0.1,$sink" -a "telnet,tcp,127.0.0.1,$mid" < /dev/null > "$WORK/dec.out" 2> "$WORK/dec.err" &
    decpid=$!
    PIDS="$PIDS $decpid"
    await_listen "$mid"
    "$tool" -i "telnet,tcp,127.0.0.1,$mid" -a "tcp,127.0.0.1,$in" < /dev/null > "$WORK/enc.out" 2> "$WORK/enc.err" &
    encpid=$!
    PIDS="$PIDS $encpid"
    await_listen "$in"
    t0=$(now)
    payload | socat -u STDIN "TCP:127.0.0.1:$in"
    wait "$sinkpid" || true
    t1=$(now)
    kill "$encpid" "$decpid" 2>/dev/null || true
    got=$(tr -d ' ' < "$WORK/count")
    if [ "$got" != "$BYTES" ]; then
        echo "$tool: sink got $got of $BYTES bytes; $(cat "$WORK/enc.err" "$WORK/dec.err")" >&2
        echo 0
        return
    fi
    echo "$t0 $t1" | awk '{ printf "%.3f\n", $2 - $1 }'
}

median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

echo "telnet hop, $MB MB of $([ "${BENCH_ZEROS:-0}" = 1 ] && echo zeros || echo 0xFF) over 127.0.0.1, $ROUNDS rounds, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-7s %-10s %10s %10s\n' round relay seconds MB/s
: > "$WORK/j"
: > "$WORK/g"
r=1
while [ $r -le "$ROUNDS" ]; do
    for tool in jgensiot gensiot; do
        if [ $tool = jgensiot ]; then bin=$JGENSIOT; else bin=$GENSIOT; fi
        s=$(run_one "$bin")
        rate=$(awk -v s="$s" -v mb="$MB" 'BEGIN { if (s > 0) printf "%.1f", mb / s; else print "FAILED" }')
        printf '%-7s %-10s %10s %10s\n' "$r" "$tool" "$s" "$rate"
        [ "$rate" = FAILED ] || echo "$rate" >> "$WORK/$(echo $tool | cut -c1)"
    done
    r=$((r + 1))
done
J=$(median < "$WORK/j")
G=$(median < "$WORK/g")
echo "median MB/s: jgensiot $J   gensiot $G   ratio jgensiot/gensiot $(awk -v j="$J" -v g="$G" 'BEGIN { if (g > 0) printf "%.2f", j / g; else print "n/a" }')"
