"""Minimal settings for the Loop Lab benchmark: no apps, no templates, no database (except the PostgreSQL case).

DEBUG is off (Django keeps no query log, and the error pages are the production ones). The middleware is the part of
`startproject`'s default that needs no database (security + common), plus one that names the serving process in an
`X-Pid` header so the harness can count how requests split across processes.
"""

import os

SECRET_KEY = "loop-lab-bench-not-a-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = []
MIDDLEWARE = [
    "loopbench.middleware.pid_header",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
ROOT_URLCONF = "loopbench.urls"
WSGI_APPLICATION = "loopbench.wsgi.application"
DATABASES = {}

# The PostgreSQL case only: LOOPBENCH_PG="<port>:<pool size per process>" (the harness starts its own server on
# 127.0.0.1). Django 5.2's pool (psycopg_pool), opened full at start; connections go back to it at each request's end.
if os.environ.get("LOOPBENCH_PG"):
    _port, _pool = os.environ["LOOPBENCH_PG"].split(":")
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "postgres",
            "USER": "postgres",
            "HOST": "127.0.0.1",
            "PORT": _port,
            "OPTIONS": {"pool": {"min_size": int(_pool), "max_size": int(_pool), "timeout": 30}},
        }
    }
USE_TZ = True
USE_I18N = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
