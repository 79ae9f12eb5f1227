"""Where the database is: DATABASE_URL, or a SQLite file beside the project (no Django import)."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def database_url() -> str:
    return os.getenv("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
