# relay-lib.sh: the timing harness shared by bench/tcp-relay.sh and bench/telnet-relay.sh (sourced, not run).
#
# Both benches time the same thing: bytes from a socat source, through one or more relays (jgensiot or the
# real gensiot), into a socat sink that counts them; rounds alternate the two tools and end with medians and
# the ratio jgensiot/gensiot. Only the relay topology differs, so the caller keeps that (its run_one) and
# everything else lives here, written once.
#
# The caller sets MB, ROUNDS and BYTES, sources this file, calls relay_setup NAME, defines
#   run_one TOOL   prints "seconds [more columns...]" ("0 ..." when the run failed)
# and calls relay_rounds "TITLE" [header of each more column...].
# Only 127.0.0.1 is used.

ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd -P)
JGENSIOT=$ROOT/bin/jgensiot

# relay_setup NAME: checks the tools, makes the work directory and the trap that kills what we started
relay_setup() {
    GENSIOT=$(command -v gensiot) || { echo "gensiot not found: apt-get install gensio-bin" >&2; exit 2; }
    command -v socat >/dev/null || { echo "socat not found" >&2; exit 2; }
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
    PIDS=
    trap relay_cleanup EXIT INT TERM
}

relay_cleanup() {
    for p in $PIDS; do kill "$p" 2>/dev/null || true; done
    rm -rf "$WORK"
}

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

# start_sink PORT: a socat sink on 127.0.0.1:PORT that writes the byte count to $WORK/count; sets sinkpid
start_sink() {
    socat -u "TCP-LISTEN:$1,bind=127.0.0.1,reuseaddr" STDOUT | wc -c > "$WORK/count" &
    sinkpid=$!
    PIDS="$PIDS $sinkpid"
    await_listen "$1"
}

# sink_got_all TOOL LOG...: true when the sink counted all BYTES; else says so, with the relays' logs
sink_got_all() {
    tool=$1
    shift
    got=$(tr -d ' ' < "$WORK/count")
    [ "$got" = "$BYTES" ] && return 0
    echo "$tool: sink got $got of $BYTES bytes; relay said: $(cat "$@")" >&2
    return 1
}

median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# relay_rounds TITLE [COLUMN...]: ROUNDS rounds of run_one for jgensiot then gensiot, a row per run, medians
relay_rounds() {
    echo "$1, $ROUNDS rounds, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
    shift
    printf '%-7s %-10s %10s %10s' round relay seconds MB/s
    for c in "$@"; do printf ' %12s' "$c"; done
    echo
    : > "$WORK/j"
    : > "$WORK/g"
    r=1
    while [ $r -le "$ROUNDS" ]; do
        for tool in jgensiot gensiot; do
            if [ $tool = jgensiot ]; then bin=$JGENSIOT; else bin=$GENSIOT; fi
            set -- $(run_one "$bin")
            rate=$(awk -v s="$1" -v mb="$MB" 'BEGIN { if (s > 0) printf "%.1f", mb / s; else print "FAILED" }')
            printf '%-7s %-10s %10s %10s' "$r" "$tool" "$1" "$rate"
            shift
            for c in "$@"; do printf ' %12s' "$c"; done
            echo
            [ "$rate" = FAILED ] || echo "$rate" >> "$WORK/$(echo $tool | cut -c1)"
        done
        r=$((r + 1))
    done
    J=$(median < "$WORK/j")
    G=$(median < "$WORK/g")
    echo "median MB/s: jgensiot $J   gensiot $G   ratio jgensiot/gensiot $(awk -v j="$J" -v g="$G" 'BEGIN { if (g > 0) printf "%.2f", j / g; else print "n/a" }')"
}
