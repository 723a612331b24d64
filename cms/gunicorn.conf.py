"""gunicorn's configuration for this site: ``gunicorn -c cms/gunicorn.conf.py cms.wsgi``.

Threads per worker keep a few slow or idle clients from taking every worker; a buffering proxy
(nginx, see docs/nginx.conf) in front holds slow clients away from gunicorn altogether.
Every value can be overridden with the variables below or gunicorn's own GUNICORN_CMD_ARGS.
"""

import gc
import multiprocessing
import os

from cms.logging import formatter_for, log_format

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 8))

# Load the application once, in the master: a configuration error, an unreachable database or
# cache then stops gunicorn with one line and exit code 4, instead of a race of failing workers.
preload_app = True
# No runtime control socket: it would be shared by every gunicorn of the same user.
control_socket_disable = True

# A request that takes longer than this is hung; its worker is replaced.
timeout = 30
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that a slow leak cannot grow without bound: at full load
# (about 1,000 requests/s per worker on 2 cores) every eight minutes or so. A worker being
# replaced is out for a moment and the requests on its connections wait: every 5,000 requests
# that cost a busy server some 40% of its throughput, and every 50,000 still a p99 of 160 ms
# in the 10 s of a benchmark run that met one (make bench-badges, docs/performance.md).
max_requests = 500_000
max_requests_jitter = 50_000

# Django reads bodies up to DATA_UPLOAD_MAX_MEMORY_SIZE; these bound the request head.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190

accesslog = "-"
errorlog = "-"
# As the site's own records: JSON objects unless DJANGO_LOG_FORMAT=text.
log_format_name = log_format(default="json")
# The time stamp comes from the formatter, in UTC like every other log line; so does the
# request id in JSON, where the text line names it at its end.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"' + (
    "" if log_format_name == "json" else " %({x-request-id}o)s"
)
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": formatter_for(log_format_name)},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "stream": "ext://sys.stderr",
        },
        "access": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "stream": "ext://sys.stdout",
        },
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
    },
}


def when_ready(server):
    """Called in the master once the site is loaded, before the workers are forked: what
    loading made (modules, models, URL patterns) lives as long as the server, so it is moved
    out of the garbage collector's reach. The workers' full collections then no longer walk
    it on every page, and no longer write to (and so copy) the memory they share with the
    master."""
    gc.collect()
    gc.freeze()
