# Sourced by the scripts: selects a JDK >= 25 for Maven (JAVA_HOME if it is one, else the newest
# under /usr/lib/jvm), or stops with a message that says what to install.
jgtlssh_java_major() {
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}
jgtlssh_select_jdk() {
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(jgtlssh_java_major "$JAVA_HOME")" -ge 25 ] 2>/dev/null; then
        return 0
    fi
    for d in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
        d=${d%/}
        if [ -x "$d/bin/javac" ] && [ "$(jgtlssh_java_major "$d")" -ge 25 ] 2>/dev/null; then
            export JAVA_HOME="$d"
            return 0
        fi
    done
    echo "jgtlssh needs a JDK 25 or newer to build: none found in JAVA_HOME or /usr/lib/jvm." >&2
    echo "Install one (e.g. Temurin 25) and set JAVA_HOME to it." >&2
    return 1
}
