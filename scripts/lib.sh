# Shared helpers for the project's scripts. Source it; do not run it.

say() { printf '%s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# ensure_apt_package PACKAGE FILE: install the Debian package when FILE is missing.
ensure_apt_package() {
    local package=$1 file=$2
    [ -e "$file" ] && return 0
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
        die "$file is missing; install the Debian package '$package' (apt-get install $package)"
    fi
    say "installing $package (for $file) ..."
    local log
    log=$(mktemp)
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package"; } >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        die "could not install the Debian package '$package' with apt-get (its output is above)"
    fi
    rm -f "$log"
    [ -e "$file" ] || die "installed '$package' but $file is still missing"
}

# free_port: a TCP port on 127.0.0.1 that nothing listens on right now.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# redis_ping PORT: what a Redis server on 127.0.0.1:PORT answers to PING, without redis-cli.
redis_ping() {
    python3 -c '
import socket, sys
try:
    with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1) as s:
        s.sendall(b"PING\r\n")
        print(s.recv(64).decode().strip().lstrip("+"))
except OSError:
    pass
' "$1"
}
