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

. "$(dirname "$(readlink -f "$0")")/relay-lib.sh"
relay_setup telnet-relay

payload() {
    if [ "${BENCH_ZEROS:-0}" = 1 ]; then head -c "$BYTES" /dev/zero; else head -c "$BYTES" /dev/zero | tr '\000' '\377'; fi
}

# run_one TOOL -> prints "seconds"
run_one() {
    tool=$1
    sink=$(free_port)
    mid=$(free_port)
    in=$(free_port)
    start_sink "$sink"
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
    sink_got_all "$tool" "$WORK/enc.err" "$WORK/dec.err" || { echo 0; return; }
    echo "$t0 $t1" | awk '{ printf "%.3f\n", $2 - $1 }'
}

relay_rounds "telnet hop, $MB MB of $([ "${BENCH_ZEROS:-0}" = 1 ] && echo zeros || echo 0xFF) over 127.0.0.1"
