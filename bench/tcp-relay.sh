#!/bin/sh
# tcp-relay.sh: MB/s of a tcp->tcp relay, jgensiot against the real gensiot 2.6.2, side by side.
#
#   source (socat, N bytes of zeros) --tcp--> RELAY --tcp--> sink (socat | wc -c)
#   RELAY = <tool> -i tcp,127.0.0.1,SINK -a tcp,127.0.0.1,IN
#
# Each round runs both relays back to back; the clock runs from the source's start to the sink's
# end of stream (the relay is already listening, so JVM start-up is not counted; it is printed
# separately). Every run checks the sink got all N bytes. Prints per-round figures, the medians and
# the ratio jgensiot/gensiot. Only 127.0.0.1 is used.
#
# usage: bench/tcp-relay.sh [MB (default 500)] [rounds (default 3)]
#   RELAY_TCP_OPTS=readbuf=65536 bench/tcp-relay.sh   gives both relays' tcp layers these options
#   (gensio's default readbuf is 1024; jgensiot's relay reads up to 16 KiB at a time regardless)
# needs: a built tree (mvn -q -DskipTests package), gensiot (gensio-bin), socat.
set -eu

MB=${1:-500}
TCP=tcp${RELAY_TCP_OPTS:+($RELAY_TCP_OPTS)}
ROUNDS=${2:-3}
BYTES=$((MB * 1000000))

. "$(dirname "$(readlink -f "$0")")/relay-lib.sh"
relay_setup tcp-relay

# run_one TOOL -> prints "seconds startup_seconds"
run_one() {
    tool=$1
    sink=$(free_port)
    in=$(free_port)
    start_sink "$sink"
    t0=$(now)
    "$tool" -i "$TCP,127.0.0.1,$sink" -a "$TCP,127.0.0.1,$in" < /dev/null > "$WORK/relay.out" 2> "$WORK/relay.err" &
    relaypid=$!
    PIDS="$PIDS $relaypid"
    await_listen "$in"
    t1=$(now)
    head -c "$BYTES" /dev/zero | socat -u STDIN "TCP:127.0.0.1:$in"
    wait "$sinkpid" || true
    t2=$(now)
    wait "$relaypid" 2>/dev/null || true
    sink_got_all "$tool" "$WORK/relay.err" || { echo "0 0"; return; }
    echo "$t0 $t1 $t2" | awk '{ printf "%.3f %.3f\n", $3 - $2, $2 - $1 }'
}

relay_rounds "$TCP->$TCP relay of $MB MB over 127.0.0.1" startup_s
