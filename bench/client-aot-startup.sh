#!/bin/sh
# Start-up of the launchers with and without the JDK 25 AOT cache the build trains
# (target/<program>.aot, see bin/.launch), side by side in one run:
#   bin/jgtlssh --version, bin/jgtlssh-keygen --version, bin/jgensiot --version,
#   and a real "jgtlssh-keygen -f keygen" (ed25519 key + certificate) in a scratch HOME.
# "no cache" is the same launcher with JGTLSSH_AOT=0. hyperfine; wall median and mean CPU (user+sys).
# On a shared 2-core box wall time swings with the others' load; CPU time is the steadier figure.
#
#   bench/client-aot-startup.sh [RUNS]        (default 20)
# Needs: hyperfine, python3, the build (mvn -q -o -DskipTests package, which also makes the caches).
set -eu
RUNS=${1:-20}
ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
for p in client/target/jgtlssh.aot keys-tool/target/jgtlssh-keygen.aot client/target/jgensiot.aot; do
    [ -f "$ROOT/$p" ] || { echo "$p is missing; build first: (cd $ROOT && mvn -q -o -DskipTests package)" >&2; exit 2; }
done
# scratch space inside the build output (never /tmp, never the real HOME)
W=$(mktemp -d -p "$ROOT/client/target" aot-bench.XXXXXX)
trap 'rm -rf "$W"' EXIT
H=$W/home
mkdir -p "$H"
cd "$ROOT"

echo "AOT cache start-up, $RUNS runs each; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
pair() { # pair <name> <command...>: "no cache" then "AOT" right after it
    name=$1; shift
    hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$W/$name.json" ${PREP:+--prepare "$PREP"} \
        -n "$name, no cache" "env JGTLSSH_AOT=0 HOME=$H $*" -n "$name, AOT cache" "env HOME=$H $*" \
        >"$W/$name.out" 2>&1 || { cat "$W/$name.out"; exit 1; }
}
PREP= pair "jgtlssh --version" bin/jgtlssh --version
PREP= pair "jgtlssh-keygen --version" bin/jgtlssh-keygen --version
PREP= pair "jgensiot --version" bin/jgensiot --version
PREP="rm -rf $H/.gtlssh" pair "jgtlssh-keygen -f keygen" bin/jgtlssh-keygen -f keygen
python3 - "$W" <<'EOP'
import glob, json, sys
print("%-36s %10s %10s %10s %12s" % ("command", "median ms", "min ms", "CPU ms", "CPU saved"))
for f in sorted(glob.glob(sys.argv[1] + "/*.json")):
    base = None
    for r in json.load(open(f))["results"]:
        cpu = 1e3 * (r["user"] + r["system"])
        saved = "" if base is None else "%.0f %%" % (100 * (base - cpu) / base)
        base = cpu if base is None else base
        print("%-36s %10.1f %10.1f %10.1f %12s" % (r["command"], 1e3 * r["median"], 1e3 * r["min"], cpu, saved))
EOP
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
