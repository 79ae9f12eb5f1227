"""pytest setup: tests run with LINDUNG_TESTING=1 (fast hashing, no SECRET_KEY needed)."""

import os

os.environ.setdefault("LINDUNG_TESTING", "1")
# Playwright's sync API runs an event loop in the test thread; the ORM calls in browser tests
# happen outside it, so Django's async-safety guard would be a false alarm there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Hypothesis: 100 examples a property in the suite (each run draws new ones, so CI keeps
# exploring); HYPOTHESIS_PROFILE=thorough draws 1,000 for a deliberate deep run. A test's
# own @settings(max_examples=...) still wins (the database-heavy properties ask for fewer).
from hypothesis import settings  # noqa: E402 - after the environment above

settings.register_profile("lindung", max_examples=100, deadline=None)
settings.register_profile("thorough", max_examples=1000, deadline=None)
# The coverage gate needs the same branches reached on every run: fixed draws there.
settings.register_profile("coverage", max_examples=100, deadline=None, derandomize=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "lindung"))
