#!/usr/bin/env bash
# jgtlssh vs the real gtlssh 2.6.2 (both against the same real gtlsshd) vs OpenSSH (a private sshd),
# all on 127.0.0.1, side by side in one run:
#   1. session set-up: run /bin/true remotely (hyperfine), jgtlssh with and without a JDK 25 AOT cache
#   2. bulk: 200 MB pushed (local file -> remote head -c N >/dev/null) and pulled (remote head -> local)
#   3. keystroke echo round trip through a remote `cat` (no remote pty) and a login pty (echo_rtt.py)
# Usage: bench/client-compare.sh [--quick]      (--quick: fewer runs, 50 MB, 100 echo samples)
# Needs: gensio-bin, openssh-server, hyperfine, python3, a built client (mvn -q -DskipTests package).
# Runs as root (gtlsshd logs in as root; root's home is replaced by a temp dir in a private mount
# namespace, the real /root is not touched). Prints a table; leaves nothing behind.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd -P)
SHARED=${JGTLSSH_SHARED:-$ROOT/../shared}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
JAR=$ROOT/client/target/jgtlssh.jar
[ -f "$JAR" ] || { echo "build first: mvn -q -DskipTests package" >&2; exit 2; }
RUNS=10 WARM=3 BYTES=200000000 SAMPLES=300
if [ "${1:-}" = --quick ]; then RUNS=5 WARM=1 BYTES=50000000 SAMPLES=100; fi

W=$(mktemp -d /tmp/jgtlssh-bench.XXXXXX)
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    rm -rf "$W"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# ---- keys and servers ---------------------------------------------------------------------------
mkdir -p "$W/home" "$W/roothome" "$W/ssh"
HOME=$W/home gtlssh-keygen -f setup >/dev/null
HOME=$W/roothome gtlssh-keygen -f setup >/dev/null
gtlssh-keygen -f --keydir "$W/srv" serverkey >/dev/null
HOME=$W/roothome gtlssh-keygen -f addallow bench "$W/home/.gtlssh/default.crt" >/dev/null
GP=$(free_port)
unshare -m -p -f --kill-child sh -c "mount --bind '$W/roothome' /root && exec gtlsshd --nodaemon --permit-root -4 \
    -p $GP --keyfile '$W/srv/gtlsshd.key' --certfile '$W/srv/gtlsshd.crt'" >"$W/gtlsshd.log" 2>&1 &
PIDS+=($!)
# trust the server for both gtlssh clients (the files gtlssh itself would write)
for n in "127.0.0.1,$GP.crt" "ipv4,127.0.0.1,$GP.crt"; do install -m 600 "$W/srv/gtlsshd.crt" "$W/home/.gtlssh/server_certs/$n"; done
HOME=$W/home gtlssh-keygen rehash >/dev/null

SP=$(free_port)
ssh-keygen -q -t ed25519 -N '' -f "$W/ssh/host" ; ssh-keygen -q -t ed25519 -N '' -f "$W/ssh/user"
cp "$W/ssh/user.pub" "$W/ssh/authorized_keys"
cat >"$W/ssh/sshd_config" <<EOC
Port $SP
ListenAddress 127.0.0.1
HostKey $W/ssh/host
AuthorizedKeysFile $W/ssh/authorized_keys
PermitRootLogin prohibit-password
UsePAM yes
StrictModes no
PidFile $W/ssh/sshd.pid
EOC
cat >"$W/ssh/ssh_config" <<EOC
Host bench
  HostName 127.0.0.1
  Port $SP
  User root
  IdentityFile $W/ssh/user
  UserKnownHostsFile $W/ssh/known_hosts
  StrictHostKeyChecking accept-new
  BatchMode yes
  ControlMaster no
EOC
mkdir -p /run/sshd
/usr/sbin/sshd -D -f "$W/ssh/sshd_config" -E "$W/ssh/sshd.log" &
PIDS+=($!)
for _ in $(seq 50); do
    python3 - "$GP" "$SP" <<'EOP' && break || sleep 0.2
import socket,sys
for p in sys.argv[1:]:
    socket.create_connection(("127.0.0.1",int(p)),1).close()
EOP
done

mkfifo "$W/hold"
JVM="$JAVA -XX:TieredStopAtLevel=1 -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED"
# J: as bin/jgtlssh runs it today; JX: without the JVM's 300 ms exit wait for threads blocked in native
# reads (stdin pump, socket poller); JA: JX plus a JDK 25 AOT cache trained on one real session.
J="HOME=$W/home $JVM -jar $JAR -p $GP root@127.0.0.1"
JX="HOME=$W/home $JVM -XX:UserThreadWaitAttemptsAtExit=0 -jar $JAR -p $GP root@127.0.0.1"
JA="HOME=$W/home $JVM -XX:UserThreadWaitAttemptsAtExit=0 -XX:AOTCache=$W/client.aot -jar $JAR -p $GP root@127.0.0.1"
# JB: for bulk and echo, C2 allowed: SunJCE's AES-GCM intrinsics exist only in C2, and C1-only
# (-XX:TieredStopAtLevel=1, good for start-up) halves bulk throughput (200 MB pull: 11.1 s vs 4.9 s).
JB="HOME=$W/home $JAVA -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED -XX:UserThreadWaitAttemptsAtExit=0 -jar $JAR -p $GP root@127.0.0.1"
G="HOME=$W/home gtlssh -p $GP root@127.0.0.1"
S="ssh -F $W/ssh/ssh_config bench"
# first contact for ssh (accept-new), and a check that every client works
eval "$S true"
[ "$(eval "$J echo ok" <>"$W/hold")" = ok ] || { echo "jgtlssh does not work" >&2; exit 1; }
[ "$(eval "$G echo ok" <>"$W/hold")" = ok ] || { echo "gtlssh does not work" >&2; exit 1; }

# AOT cache: one training run of a real session (JDK 25 -XX:AOTCacheOutput)
HOME=$W/home $JVM -XX:UserThreadWaitAttemptsAtExit=0 -XX:AOTCacheOutput="$W/client.aot" -jar "$JAR" -p "$GP" root@127.0.0.1 /bin/true <>"$W/hold" >/dev/null 2>"$W/aot.log" || true
[ -f "$W/client.aot" ] || { echo "AOT cache not created:"; cat "$W/aot.log"; }

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (figures on a shared 2-core box are only comparable within one run)"
echo "== 1. session set-up: remote /bin/true (stdin held open, as gtlssh needs) =="
# --output=pipe: gtlssh 2.6.2 aborts when stdout is /dev/null (hyperfine's default)
hyperfine -N --output=pipe --warmup "$WARM" --runs "$RUNS" --export-json "$W/setup.json" \
    -n jgtlssh "sh -c '$J /bin/true <>$W/hold'" \
    -n "jgtlssh-noexitwait" "sh -c '$JX /bin/true <>$W/hold'" \
    -n "jgtlssh-noexitwait+AOT" "sh -c '$JA /bin/true <>$W/hold'" \
    -n gtlssh "sh -c '$G /bin/true <>$W/hold'" \
    -n ssh "sh -c '$S /bin/true <>$W/hold'" >"$W/setup.out" 2>&1 || cat "$W/setup.out"
python3 - "$W/setup.json" <<'EOP'
import json,sys
for r in json.load(open(sys.argv[1]))["results"]:
    t=sorted(r["times"]); print("  %-24s median %7.1f ms   min %7.1f   max %7.1f" % (r["command"], 1e3*t[len(t)//2], 1e3*t[0], 1e3*t[-1]))
EOP

echo "== 2. bulk, $BYTES bytes each way (MB = 10^6 B; wall time includes set-up) =="
head -c "$BYTES" /dev/urandom >"$W/data"
# The same remote sink for every client (a script file: gtlssh passes argv, ssh a shell string).
printf '#!/bin/sh\nexec head -c %s >/dev/null\n' "$BYTES" >"$W/sink.sh"; chmod +x "$W/sink.sh"
bulk() { # name, client command
    local t0 t1 n sp
    # stdin: the file, then held open (gensio's server ends the session at the client's stdin EOF)
    exec 3< <(cat "$W/data"; exec sleep 600)
    sp=$!
    t0=$(date +%s.%N)
    # stdout into a pipe, not /dev/null: gtlssh 2.6.2 aborts on a /dev/null stdout
    eval "$2 $W/sink.sh" <&3 2>/dev/null | cat >/dev/null || true
    t1=$(date +%s.%N)
    exec 3<&-
    kill "$sp" 2>/dev/null || true
    printf '  %-10s push %7.1f MB/s' "$1" "$(echo "$BYTES/1000000/($t1-$t0)" | bc -l)"
    t0=$(date +%s.%N)
    n=$(eval "$2 head -c $BYTES /dev/zero" <>"$W/hold" 2>/dev/null | wc -c)
    t1=$(date +%s.%N)
    printf '   pull %7.1f MB/s' "$(echo "$BYTES/1000000/($t1-$t0)" | bc -l)"
    if [ "$n" = "$BYTES" ]; then echo "   (pull complete)"; else echo "   (pull got $n bytes!)"; fi
}
bulk jgtlssh-C1 "$JA"
bulk jgtlssh "$JB"
bulk gtlssh "$G"
bulk ssh "$S"

echo "== 3. keystroke echo round trip, $SAMPLES samples (ms) =="
RTT=$SHARED/tools/echo_rtt.py
for m in program login; do
    for c in jgtlssh gtlssh ssh; do
        case $c in
            jgtlssh) cmd="$JB" ;; gtlssh) cmd="$G" ;; ssh) cmd="$S" ;;
        esac
        if [ $m = program ]; then args="cat"; else args=""; [ $c = ssh ] && cmd="ssh -tt -F $W/ssh/ssh_config bench"; fi
        # shellcheck disable=SC2086
        python3 "$RTT" --samples "$SAMPLES" --mode $m --label "$c-$m" -- sh -c "exec env $cmd $args" 2>&1 | sed 's/^/  /' || true
    done
done
