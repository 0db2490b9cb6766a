#!/usr/bin/env bash
# Throughput and connection time of certauth,ssl,tcp: ours on both ends vs the real gensiot 2.6.2 on
# both ends, side by side, on 127.0.0.1.  Usage: bench/secure-throughput.sh [MB] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh
jgtlssh_select_jdk
MB=${1:-500}
CONNS=${2:-30}
W=$(mktemp -d /tmp/secure-bench.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$W"' EXIT

# keys made by the real gtlssh-keygen (Ed25519, its default)
mkdir -p "$W/srv" "$W/allowed"
HOME="$W" gtlssh-keygen -f --commonname benchuser keygen >/dev/null
HOME="$W" gtlssh-keygen -f --commonname benchserver --keydir "$W/srv" keygen server >/dev/null
cp "$W/.gtlssh/default.crt" "$W/allowed/benchuser.crt"
HOME="$W" gtlssh-keygen rehash "$W/allowed" >/dev/null
K="$W/.gtlssh/default.key"; C="$W/.gtlssh/default.crt"; SK="$W/srv/server.key"; SC="$W/srv/server.crt"
ACC="certauth(CA=$W/allowed/),ssl(key=$SK,cert=$SC),tcp,127.0.0.1"
CON="certauth(username=benchuser,cert=$C,key=$K),ssl(CA=$SC),tcp,127.0.0.1"

mvn -q -o -pl common -DskipTests test-compile >/dev/null
CP="common/target/classes:common/target/test-classes:$(mvn -q -o -pl common dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"
JAVA="$JAVA_HOME/bin/java"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_listen() { for _ in $(seq 200); do ss -ltn | grep -q ":$1 " && return 0; sleep 0.05; done; echo "no listener on $1" >&2; exit 1; }

throughput() { # $1 = label, $2 = filters above tcp on the accepting side, $3 = on the connecting side
    echo "== $MB MB through $1 (one direction, 16 KiB writes)"
    read -r ours_mb ours_s ours_cpu < <("$JAVA" -cp "$CP" org.jgtlssh.gensio.certauth.SecureBench throughput \
        "$2,tcp,127.0.0.1,0" "$3,tcp,127.0.0.1,PORT" "$MB")
    P=$(free_port)
    rm -f "$W/t.srv" "$W/t.cli"
    # stdin and stdout must be pipes: gensiot's epoll refuses /dev/null; its stdin stays open (gensiot
    # closes a connection when its stdin ends)
    sleep 3600 | /usr/bin/time -f "%e %U %S" -o "$W/t.srv" gensiot -a "$2,tcp,127.0.0.1,$P" | cat >/dev/null &
    wait_listen "$P"
    /usr/bin/time -f "%e %U %S" -o "$W/t.cli" sh -c "head -c ${MB}M /dev/zero | gensiot '$3,tcp,127.0.0.1,$P' | cat >/dev/null"
    for _ in $(seq 600); do [ -s "$W/t.srv" ] && break; sleep 0.05; done
    read -r g_s cu cs < "$W/t.cli"; read -r _ su ss < "$W/t.srv"
    g_cpu=$(echo "$cu + $cs + $su + $ss" | bc -l)
    printf "%-10s %10s %10s %12s\n" "" "MB/s" "seconds" "CPU seconds"
    printf "%-10s %10.1f %10.2f %12.2f\n" "jgtlssh" "$(echo "$MB / $ours_s" | bc -l)" "$ours_s" "$ours_cpu"
    printf "%-10s %10.1f %10.2f %12.2f\n" "gensio" "$(echo "$MB / $g_s" | bc -l)" "$g_s" "$g_cpu"
    printf "ratio jgtlssh/gensio throughput: %.2f\n" "$(echo "($MB / $ours_s) / ($MB / $g_s)" | bc -l)"
}

CA_ACC="certauth(CA=$W/allowed/),ssl(key=$SK,cert=$SC)"
CA_CON="certauth(username=benchuser,cert=$C,key=$K),ssl(CA=$SC)"
MUXO="mux(writebuf=65496,readbuf=1048128)"
throughput "certauth,ssl,tcp" "$CA_ACC" "$CA_CON"
throughput "mux,certauth,ssl,tcp (gtlssh's buffers)" "$MUXO,$CA_ACC" "$MUXO,$CA_CON"
echo "(gensio's times include both processes' start and the client's 'head' pipe; ours is measured in one JVM"
echo " after start and a 50 MB warm-up, both ends sharing it. CPU seconds: user+system of both gensiot processes / of our JVM.)"

echo "== connection time (TCP + TLS + certauth), $CONNS connections"
read -r first med p90 < <("$JAVA" -cp "$CP" org.jgtlssh.gensio.certauth.SecureBench connect "$ACC,0" "$CON,PORT" "$CONNS")
P=$(free_port)
sleep 3600 | gensiot -a "$ACC,$P" 2>/dev/null | cat >/dev/null &
wait_listen "$P"
start=$(date +%s.%N)
true | gensiot "$CON,$P" 2>/dev/null | cat >/dev/null || true
end=$(date +%s.%N)
printf "jgtlssh (in one JVM): first %.1f ms, warm median %.1f ms, p90 %.1f ms\n" "$first" "$med" "$p90"
printf "gensio  (gensiot process, connect+auth+1 byte+exit): %.1f ms\n" "$(echo "($end - $start) * 1000" | bc -l)"
