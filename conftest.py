"""pytest setup: tests run with LINDUNG_TESTING=1 (fast hashing, no SECRET_KEY needed)."""

import os

os.environ.setdefault("LINDUNG_TESTING", "1")
# Playwright's sync API runs an event loop in the test thread; the ORM calls in browser tests
# happen outside it, so Django's async-safety guard would be a false alarm there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
