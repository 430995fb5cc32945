"""Test overrides: only what makes tests fast and isolated (style.md §13)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from config.settings import *  # noqa: F403
from config.settings import DATABASES, STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

_test_files = Path(tempfile.mkdtemp(prefix="arkivar-test-"))
STORAGES = {
    **STORAGES,
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": _test_files / "media"},
    },
    "dokumenter": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": _test_files / "dokumenter"},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file (not :memory:) so that threaded tests share one database.
    DATABASES["default"]["TEST"] = {"NAME": str(_test_files / "test.sqlite3")}

STATIC_ROOT = _test_files / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
