from django.urls import path

from . import views

NAMES = [
    "hello_sync",
    "hello_async",
    "sleep_sync",
    "asleep",
    "sleep_in_async",
    "cpu_sync",
    "cpu_async",
    "seq3_sync",
    "seq3_async",
    "gather3",
    "s2a_ts_true",
    "s2a_ts_false",
    "db_sync",
    "db_s2a",
]

urlpatterns = [path(name, getattr(views, name)) for name in NAMES]
