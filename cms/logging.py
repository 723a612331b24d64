"""Log records as single lines with UTC time stamps, for Django and gunicorn alike.

Django sets the process's time zone to ``TIME_ZONE``, so local time stamps would jump between
the master process (before Django loads) and the workers; UTC is the same everywhere.
"""

import logging
import time


class UTCFormatter(logging.Formatter):
    converter = time.gmtime
    default_time_format = "%Y-%m-%dT%H:%M:%S"
    default_msec_format = "%s.%03dZ"

    def __init__(self, fmt="%(asctime)s %(levelname)s [%(name)s] %(message)s", **kwargs):
        super().__init__(fmt, **kwargs)


class WithoutTraceback(logging.Filter):
    """Keep the message, drop the traceback: for records whose cause is the client's input."""

    def filter(self, record):
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True
