"""The synthetic demo city: builders for every app and the `demo` and `demo-users` commands.

This package sits above every domain app and may import any of them; no domain app imports it.
"""
