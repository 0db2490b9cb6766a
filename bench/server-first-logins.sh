#!/bin/bash
# The first logins of a freshly started server, one at a time: how long `gtlssh host /bin/true` takes
# for login 1, 2, 3, ... against gensio's gtlsshd 2.6.2 and against jgtlsshd: started as deployed
# (bin/jgtlsshd: AOT cache + start-up warm-up, the service's heap settings); the same without both
# (JGTLSSH_AOT=0 --no-warm-up: what a first login cost before); and as a bare `java -jar` with C1 only
# and the warm-up (server-compare.sh's way). JIT warm-up shows in the first logins of a JVM.
# Needs root (a throwaway account), a built tree (mvn -q -o -DskipTests package) and gensio-bin.
# Talks to 127.0.0.1 only. Usage: bench/server-first-logins.sh [LOGINS] [ROUNDS]
set -eu
LOGINS=${1:-10}
ROUNDS=${2:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}; export JAVA_HOME
JAVA=$JAVA_HOME/bin/java
N=$ROOT/common/target/native
JAR=$ROOT/server/target/jgtlsshd.jar
OPTS=${JGTLSSHD_JAVA_OPTS:--Xms8m -Xmx256m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=96m}
[ -f "$JAR" ] || { echo "build first: (cd $ROOT && mvn -q -o -DskipTests package)" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "run as root (it creates a throwaway account)" >&2; exit 2; }

T=$(mktemp -d /tmp/jgt-first.XXXXXX)
U=jgtf$$
PORT=$((30000 + $$ % 10000))
SRV=
cleanup() {
    set +e
    [ -n "$SRV" ] && kill "$SRV" 2>/dev/null
    for p in $(pgrep -f "gtlsshd --nodaemon -4 -p $PORT " 2>/dev/null); do kill "$p" 2>/dev/null; done
    pkill -KILL -u "$U" 2>/dev/null; sleep 0.3
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
cp "$T/srv/gtlsshd.crt" "$T/home/.gtlssh/server_certs/127.0.0.1,$PORT.crt"
cp "$T/srv/gtlsshd.crt" "$T/home/.gtlssh/server_certs/ipv4,127.0.0.1,$PORT.crt"
HOME=$T/home gtlssh-keygen rehash "$T/home/.gtlssh/server_certs" >/dev/null 2>&1
mkfifo "$T/hold"
ARGS="-4 -p $PORT -h $T/srv/gtlsshd.key -c $T/srv/gtlsshd.crt"

start() { # $1 = real | launcher | jar
    case $1 in
        real) gtlsshd --nodaemon $ARGS 2>"$T/srv.log" & SRV=$! ;;
        launcher) JGTLSSH_JAVA_OPTS="$OPTS" "$ROOT/bin/jgtlsshd" $ARGS 2>"$T/srv.log" & SRV=$! ;;
        cold) JGTLSSH_AOT=0 JGTLSSH_JAVA_OPTS="$OPTS" "$ROOT/bin/jgtlsshd" $ARGS --no-warm-up 2>"$T/srv.log" & SRV=$! ;;
        jar) "$JAVA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC $OPTS --enable-native-access=ALL-UNNAMED \
                -Dpty4j.preferred.native.folder="$N/pty/resources/com/pty4j/native" \
                -Djna.boot.library.path="$N/jna/com/sun/jna/linux-x86-64" -Djna.nounpack=true \
                -jar "$JAR" $ARGS 2>"$T/srv.log" & SRV=$! ;;
    esac
    # ready when it listens (a probe connection would be a login attempt of its own: none is made)
    s0=$(date +%s%N)
    i=0; until ss -ltn "sport = :$PORT" | grep -q LISTEN; do i=$((i+1)); [ $i -gt 600 ] && { cat "$T/srv.log"; exit 1; }; sleep 0.02; done
    UP[$1]=$(( ${UP[$1]:-0} + ($(date +%s%N) - s0) / 1000000 ))
}
stop() {
    kill "$SRV" 2>/dev/null; wait "$SRV" 2>/dev/null || true; SRV=
    for p in $(pgrep -f "gtlsshd --nodaemon -4 -p $PORT " 2>/dev/null); do kill "$p" 2>/dev/null; done
    i=0; while ss -ltn "sport = :$PORT" | grep -q LISTEN; do i=$((i+1)); [ $i -gt 100 ] && break; sleep 0.05; done
}
one() { # prints the ms of one login
    s=$(date +%s%N)
    HOME=$T/home gtlssh -p "$PORT" "$U@127.0.0.1" /bin/true <>"$T/hold" >"$T/one.out" 2>&1 || { echo "login failed:" >&2; cat "$T/one.out" >&2; }
    e=$(date +%s%N)
    echo $(( (e - s) / 1000000 ))
}

declare -A SUM UP
KINDS="real cold launcher jar"
for kind in $KINDS; do
    for r in $(seq "$ROUNDS"); do
        start $kind
        for i in $(seq "$LOGINS"); do
            SUM[$kind,$i]=$(( ${SUM[$kind,$i]:-0} + $(one) ))
        done
        stop
    done
done
printf 'first logins of a fresh server, ms (mean of %s rounds), %s cores, load %s\n' "$ROUNDS" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
F='%-16s %14s %20s %20s %20s\n'
printf "$F" login "gtlsshd 2.6.2" "jgtlsshd cold" "jgtlsshd bin" "jgtlsshd java -jar"
printf "$F" "" "" "(no AOT, no warm-up)" "(AOT + warm-up)" "(C1, warm-up)"
declare -A TOT
for i in $(seq "$LOGINS"); do
    row=()
    for k in $KINDS; do v=$(( SUM[$k,$i] / ROUNDS )); TOT[$k]=$(( ${TOT[$k]:-0} + v )); row+=("$v"); done
    printf "$F" "$i" "${row[@]}"
done
row=(); for k in $KINDS; do row+=("${TOT[$k]}"); done; printf "$F" "total ms" "${row[@]}"
row=(); for k in $KINDS; do row+=("$(( UP[$k] / ROUNDS ))"); done; printf "$F" "start-up ms" "${row[@]}"
