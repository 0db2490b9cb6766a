#!/bin/bash
# jgtlsshd against gensio's gtlsshd 2.6.2, side by side in one run, both driven by the real gtlssh:
#   RSS idle, with 1 and with N logged-in sessions (server processes only, the sessions' own
#   programs excluded), concurrent logins per second, and the time of `gtlssh host /bin/true`.
# Needs root (a throwaway account is made and removed), a built tree (mvn -q -o -DskipTests package),
# and gensio-bin. Talks to 127.0.0.1 only. Usage: bench/server-compare.sh [SESSIONS] [LOGINS]
set -eu
# the heap settings jgtlsshd is meant to run with (see server/src/main/dist/jgtlsshd.service)
JGTLSSHD_JAVA_OPTS=${JGTLSSHD_JAVA_OPTS:--Xms8m -Xmx256m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=96m}
SESSIONS=${1:-100}
LOGINS=${2:-100}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
N=$ROOT/common/target/native
JAR=$ROOT/server/target/jgtlsshd.jar
[ -f "$JAR" ] || { echo "build first: (cd $ROOT && mvn -q -o -DskipTests package)" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "run as root (it creates a throwaway account)" >&2; exit 2; }

T=$(mktemp -d /tmp/jgt-bench.XXXXXX)
U=jgtb$$
P_REAL=$((20000 + $$ % 10000)); P_OURS=$((P_REAL + 1))
cleanup() {
    set +e
    [ -n "${CLIENTS:-}" ] && kill $CLIENTS 2>/dev/null
    [ -n "${REAL:-}" ] && kill "$REAL" 2>/dev/null
    # gtlsshd 2.6.2 double-forks each connection and leaks some of them: they keep the listener's
    # command line, whose port is unique to this run
    for p in $(pgrep -f "gtlsshd --nodaemon -4 -p $P_REAL " 2>/dev/null); do kill "$p" 2>/dev/null; done
    [ -n "${OURS:-}" ] && kill "$OURS" 2>/dev/null
    pkill -KILL -u "$U" 2>/dev/null; sleep 0.5
    userdel -r -f "$U" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT INT TERM

gtlssh-keygen --keydir "$T/srv" --force serverkey >/dev/null 2>&1
mkdir -p "$T/home"; HOME=$T/home gtlssh-keygen --force keygen >/dev/null 2>&1 </dev/null
useradd -m -s /bin/sh "$U"
H=$(getent passwd "$U" | cut -d: -f6)
mkdir -p "$H/.gtlssh/allowed_certs"; cp "$T/home/.gtlssh/default.crt" "$H/.gtlssh/allowed_certs/c.crt"
gtlssh-keygen rehash "$H/.gtlssh/allowed_certs" >/dev/null 2>&1; chown -R "$U:" "$H/.gtlssh"; chmod -R go-rwx "$H/.gtlssh"
for p in $P_REAL $P_OURS; do
    cp "$T/srv/gtlsshd.crt" "$T/home/.gtlssh/server_certs/127.0.0.1,$p.crt"
    cp "$T/srv/gtlsshd.crt" "$T/home/.gtlssh/server_certs/ipv4,127.0.0.1,$p.crt"
done
HOME=$T/home gtlssh-keygen rehash "$T/home/.gtlssh/server_certs" >/dev/null 2>&1
mkfifo "$T/hold"

gtlsshd --nodaemon -4 -p $P_REAL -h "$T/srv/gtlsshd.key" -c "$T/srv/gtlsshd.crt" 2>"$T/real.log" & REAL=$!
"$JAVA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC $JGTLSSHD_JAVA_OPTS --enable-native-access=ALL-UNNAMED \
    -Dpty4j.preferred.native.folder="$N/pty/resources/com/pty4j/native" \
    -Djna.boot.library.path="$N/jna/com/sun/jna/linux-x86-64" -Djna.nounpack=true \
    -jar "$JAR" -4 -p $P_OURS -h "$T/srv/gtlsshd.key" -c "$T/srv/gtlsshd.crt" 2>"$T/ours.log" & OURS=$!
for p in $P_REAL $P_OURS; do
    i=0; until (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; do i=$((i+1)); [ $i -gt 400 ] && { echo "server on $p did not start"; cat "$T"/*.log; exit 1; }; sleep 0.05; done
done

# RSS of a server: the listener plus every descendant that is a server process (not the sessions' programs)
rss() { # $1 = listener pid, $2 = server process name
    total=0
    for pid in $1 $(pgrep -f "$2" | grep -v "^$1\$" || true); do
        [ -r /proc/$pid/status ] || continue
        name=$(awk '/^Name:/{print $2}' /proc/$pid/status)
        case $name in gtlsshd|java) ;; *) continue;; esac
        kb=$(awk '/^VmRSS:/{print $2}' /proc/$pid/status); total=$((total + ${kb:-0}))
    done
    echo $total
}
rss_real() { rss $REAL "gtlsshd --nodaemon -4 -p $P_REAL"; }
rss_ours() { kb=$(awk '/^VmRSS:/{print $2}' /proc/$OURS/status); echo "$kb"; }
# gtlsshd 2.6.2 double-forks each connection: its session processes are no children of the listener,
# so they are found by command line (they keep the listener's).

sessions() { # $1 port, $2 count: start count clients running `sleep 600`, wait until all are logged in
    CLIENTS=""
    i=0
    while [ $i -lt "$2" ]; do
        HOME=$T/home gtlssh -p "$1" "$U@127.0.0.1" sleep 600 <>"$T/hold" >>"$T/clients.out" 2>>"$T/clients.err" & CLIENTS="$CLIENTS $!"
        i=$((i+1))
    done
    i=0; until [ "$(pgrep -u "$U" -x sleep | wc -l)" -ge "$2" ]; do i=$((i+1)); [ $i -gt 1200 ] && break; sleep 0.1; done
    sleep 1
}
end_sessions() {
    kill $CLIENTS 2>/dev/null || true; { wait $CLIENTS; } 2>/dev/null || true; CLIENTS=""
    pkill -u "$U" -x sleep 2>/dev/null || true
    i=0; until [ "$(pgrep -u "$U" | wc -l)" -eq 0 ]; do i=$((i+1)); [ $i -gt 100 ] && break; sleep 0.1; done
    sleep 2
}

sleep 2
IDLE_REAL=$(rss_real); IDLE_OURS=$(rss_ours)
sessions $P_REAL 1; ONE_REAL=$(rss_real); end_sessions
sessions $P_OURS 1; ONE_OURS=$(rss_ours); end_sessions
sessions $P_REAL "$SESSIONS"; MANY_REAL=$(rss_real); end_sessions
sessions $P_OURS "$SESSIONS"; MANY_OURS=$(rss_ours); end_sessions

logins() { # $1 port: $LOGINS logins of `true`, 10 at a time; prints logins/s
    start=$(date +%s.%N)
    i=0
    while [ $i -lt "$LOGINS" ]; do
        j=0; pids=""
        while [ $j -lt 10 ] && [ $i -lt "$LOGINS" ]; do
            HOME=$T/home gtlssh -p "$1" "$U@127.0.0.1" true <>"$T/hold" >>"$T/clients.out" 2>&1 & pids="$pids $!"
            i=$((i+1)); j=$((j+1))
        done
        wait $pids
    done
    end=$(date +%s.%N)
    echo "$LOGINS / ($end - $start)" | bc -l | xargs printf '%.1f'
}
LPS_REAL=$(logins $P_REAL); LPS_OURS=$(logins $P_OURS)

hyperfine -w 3 -r 20 --output=pipe --export-json "$T/h.json" \
    -n gtlsshd "env HOME=$T/home gtlssh -p $P_REAL $U@127.0.0.1 /bin/true <>$T/hold" \
    -n jgtlsshd "env HOME=$T/home gtlssh -p $P_OURS $U@127.0.0.1 /bin/true <>$T/hold" >/dev/null 2>&1 || true
med() { python3 -c "import json,sys; r=[x for x in json.load(open('$T/h.json'))['results'] if x['command']=='$1'][0]; print('%.1f' % (r['median']*1000))" 2>/dev/null || echo '?'; }

printf '%-44s %14s %14s\n' "" "gtlsshd 2.6.2" "jgtlsshd"
printf '%-44s %11s kB %11s kB\n' "RSS idle" "$IDLE_REAL" "$IDLE_OURS"
printf '%-44s %11s kB %11s kB\n' "RSS with 1 session" "$ONE_REAL" "$ONE_OURS"
printf '%-44s %11s kB %11s kB\n' "RSS with $SESSIONS sessions" "$MANY_REAL" "$MANY_OURS"
printf '%-44s %11s kB %11s kB\n' "RSS per extra session" "$(( (MANY_REAL - ONE_REAL) / (SESSIONS - 1) ))" "$(( (MANY_OURS - ONE_OURS) / (SESSIONS - 1) ))"
printf '%-44s %14s %14s\n' "logins/s ($LOGINS, 10 concurrent)" "$LPS_REAL" "$LPS_OURS"
printf '%-44s %11s ms %11s ms\n' "gtlssh host /bin/true (median of 20)" "$(med gtlsshd)" "$(med jgtlsshd)"
