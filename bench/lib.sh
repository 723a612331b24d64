# What the load benchmarks (bench/badges, bench/pages) share: a throwaway site in a temporary
# folder (SQLite with the demo content, a Redis server from scripts/redis, collected static
# files) under bench.settings, served by gunicorn as production serves it (cms/gunicorn.conf.py,
# 2 workers, loopback). Sourced after scripts/lib.sh; the caller removes "$work" at exit
# through stop_site.

python=.venv/bin/python
server_pid=""

# prepare_site FOLDER: the database, Redis, media and static files of a run in FOLDER.
prepare_site() {
    work=$1
    export PYTHONPATH=$PWD
    export DJANGO_SETTINGS_MODULE=bench.settings
    export DATABASE_URL=sqlite:///$work/db.sqlite3
    export DJANGO_MEDIA_ROOT=$work/media DJANGO_PRIVATE_MEDIA_ROOT=$work/private DJANGO_STATIC_ROOT=$work/static
    export REDIS_URL
    REDIS_URL=$(scripts/redis start "$work/redis")
    say "preparing the site in $work (migrations, demo content, static files: about a minute) ..."
    $python manage.py migrate --no-input -v0 >"$work/prepare.log" 2>&1 ||
        { cat "$work/prepare.log" >&2; die "migrate failed"; }
    $python manage.py load_demo_content --base-url https://127.0.0.1 >>"$work/prepare.log" 2>&1 ||
        { cat "$work/prepare.log" >&2; die "loading the demo content failed"; }
    $python manage.py collectstatic --no-input -v0 >>"$work/prepare.log" 2>&1 ||
        { cat "$work/prepare.log" >&2; die "collectstatic failed"; }
}

# start_server: gunicorn on a free loopback port ($port), once it answers its health check.
start_server() {
    port=$(free_port)
    GUNICORN_WORKERS=2 GUNICORN_BIND=127.0.0.1:$port \
        .venv/bin/gunicorn -c cms/gunicorn.conf.py cms.wsgi >>"$work/gunicorn.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 150); do
        server_answers && return 0
        kill -0 "$server_pid" 2>/dev/null || { cat "$work/gunicorn.log" >&2; die "gunicorn stopped"; }
        sleep 0.2
    done
    server_answers || { cat "$work/gunicorn.log" >&2; die "gunicorn does not answer on port $port"; }
}

server_answers() {
    python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
        "http://127.0.0.1:$port/health/" 2>/dev/null
}

stop_server() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$server_pid" 2>/dev/null || true
    fi
    server_pid=""
}

stop_site() {
    stop_server
    scripts/redis stop "$work/redis"
    rm -rf "$work"
}
