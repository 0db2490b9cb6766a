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

self=$0
while [ -L "$self" ]; do
    l=$(readlink "$self")
    case $l in /*) self=$l ;; *) self=$(dirname "$self")/$l ;; esac
done
ROOT=$(cd "$(dirname "$self")/.." && pwd -P)
JGENSIOT=$ROOT/bin/jgensiot
GENSIOT=$(command -v gensiot) || { echo "gensiot not found: apt-get install gensio-bin" >&2; exit 2; }
command -v socat >/dev/null || { echo "socat not found" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/tcp-relay.XXXXXX")
PIDS=
cleanup() {
    for p in $PIDS; do kill "$p" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# waits until something listens on 127.0.0.1:$1 without connecting to it (a probe would be "the" connection)
await_listen() {
    hex=$(printf ':%04X' "$1")
    i=0
    while ! awk -v h="$hex" '$2 ~ h"$" && $4 == "0A" { f = 1 } END { exit !f }' /proc/net/tcp /proc/net/tcp6; do
        i=$((i + 1))
        [ $i -lt 600 ] || { echo "nothing listens on port $1" >&2; exit 1; }
        sleep 0.05
    done
}

now() { date +%s.%N; }

# run_one TOOL -> prints "seconds startup_seconds"
run_one() {
    tool=$1
    sink=$(free_port)
    in=$(free_port)
    socat -u "TCP-LISTEN:$sink,bind=127.0.0.1,reuseaddr" STDOUT | wc -c > "$WORK/count" &
    sinkpid=$!
    PIDS="$PIDS $sinkpid"
    await_listen "$sink"
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
    got=$(tr -d ' ' < "$WORK/count")
    if [ "$got" != "$BYTES" ]; then
        echo "$tool: sink got $got of $BYTES bytes; relay said: $(cat "$WORK/relay.err")" >&2
        echo "0 0"
        return
    fi
    echo "$t0 $t1 $t2" | awk '{ printf "%.3f %.3f\n", $3 - $2, $2 - $1 }'
}

median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

echo "$TCP->$TCP relay of $MB MB over 127.0.0.1, $ROUNDS rounds, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-7s %-10s %10s %10s %12s\n' round relay seconds MB/s startup_s
: > "$WORK/j"
: > "$WORK/g"
r=1
while [ $r -le "$ROUNDS" ]; do
    for tool in jgensiot gensiot; do
        if [ $tool = jgensiot ]; then bin=$JGENSIOT; else bin=$GENSIOT; fi
        set -- $(run_one "$bin")
        rate=$(awk -v s="$1" -v mb="$MB" 'BEGIN { if (s > 0) printf "%.1f", mb / s; else print "FAILED" }')
        printf '%-7s %-10s %10s %10s %12s\n' "$r" "$tool" "$1" "$rate" "$2"
        [ "$rate" = FAILED ] || echo "$rate" >> "$WORK/$(echo $tool | cut -c1)"
    done
    r=$((r + 1))
done
J=$(median < "$WORK/j")
G=$(median < "$WORK/g")
echo "median MB/s: jgensiot $J   gensiot $G   ratio jgensiot/gensiot $(awk -v j="$J" -v g="$G" 'BEGIN { if (g > 0) printf "%.2f", j / g; else print "n/a" }')"
