#!/bin/bash
# 500 MB through mux,tcp on 127.0.0.1: ours on both ends vs the real gensiot 2.6.2 on both ends, each
# fed from a pipe on stdin and writing into a pipe on stdout (the same data path for both).
# Prints MB/s, CPU seconds (both processes, user+sys) and the ratio ours/real. Run from the repo root
# after `mvn -q -o -DskipTests package` (test classes are needed: `mvn -q -o -pl common test-compile`).
# Usage: bench/mux-throughput.sh [MB] [mux options]   default: 500 'writebuf=65496,readbuf=1048128' (gtlssh's)
set -euo pipefail
MB=${1:-500}
OPTS=${2-writebuf=65496,readbuf=1048128}   # pass '' for gensio's defaults
MUX=mux${OPTS:+($OPTS)}
BYTES=$((MB * 1024 * 1024))
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$ROOT/common"
mvn -q -o dependency:build-classpath -Dmdep.outputFile="$TMP/cp" >/dev/null
CP="$ROOT/common/target/classes:$ROOT/common/target/test-classes:$(cat "$TMP/cp")"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# wait until something listens on the port (without connecting: a probe would be the server's one connection)
wait_port() { for _ in $(seq 1 200); do ss -ltn "sport = :$1" | grep -q LISTEN && return 0; sleep 0.05; done; return 1; }

# run_pair PORT SERVER_CMD CLIENT_CMD: prints "wall-seconds cpu-seconds". Wall time is the client's: it
# ends only after its CLOSE was answered, i.e. after the server read everything. The server's stdin is a
# FIFO we close at the end (gensiot needs a pollable stdin and exits at its end of input).
run_pair() {
  local port=$1 srv=$2 cli=$3
  rm -f "$TMP/fifo"; mkfifo "$TMP/fifo"
  /usr/bin/time -f "%e %U %S" -o "$TMP/srv.time" bash -c "$srv" <"$TMP/fifo" >"$TMP/srv.out" 2>"$TMP/srv.err" &
  local spid=$!
  exec 7>"$TMP/fifo"
  wait_port "$port"
  /usr/bin/time -f "%e %U %S" -o "$TMP/cli.time" bash -c "$cli" >/dev/null 2>"$TMP/cli.err" </dev/null
  exec 7>&-
  wait $spid || true
  grep -q "^[0-9]" "$TMP/srv.time" && grep -q "^[0-9]" "$TMP/cli.time" \
    || { echo "failed: $(cat "$TMP/srv.err" "$TMP/cli.err" "$TMP/srv.time" "$TMP/cli.time")" >&2; exit 1; }
  read -r _ su ss < <(grep "^[0-9]" "$TMP/srv.time")
  read -r cw cu cs < <(grep "^[0-9]" "$TMP/cli.time")
  python3 -c "print('%.2f %.2f' % ($cw, $su + $ss + $cu + $cs))"
}

P1=$(free_port)
real=$(run_pair $P1 "gensiot -a '$MUX,tcp,127.0.0.1,$P1' | cat >/dev/null" \
  "head -c $BYTES /dev/zero | gensiot '$MUX,tcp,127.0.0.1,$P1' | cat >/dev/null")
P2=$(free_port)
ours=$(run_pair $P2 "$JAVA -cp '$CP' org.jgtlssh.gensio.mux.MuxBench server '$MUX,tcp,127.0.0.1,$P2' | cat >/dev/null" \
  "head -c $BYTES /dev/zero | $JAVA -cp '$CP' org.jgtlssh.gensio.mux.MuxBench client '$MUX,tcp,127.0.0.1,$P2'")
read -r rs rc <<< "$real"
read -r os oc <<< "$ours"
python3 - "$MB" "$rs" "$rc" "$os" "$oc" "$MUX" <<'PY'
import sys
mb, rs, rc, os_, oc = int(sys.argv[1]), *map(float, sys.argv[2:6])
print(f"{sys.argv[6]},tcp {mb} MB, both ends the same implementation, 127.0.0.1")
print(f"{'':14}{'MB/s':>10}{'wall s':>10}{'CPU s':>10}")
print(f"{'real gensiot':14}{mb/rs:10.1f}{rs:10.2f}{rc:10.2f}")
print(f"{'jgtlssh mux':14}{mb/os_:10.1f}{os_:10.2f}{oc:10.2f}")
print(f"ratio ours/real: throughput {rs/os_:.2f}x, CPU {oc/rc:.2f}x (JVM start-up, ~0.5 s per end, included in ours)")
PY
