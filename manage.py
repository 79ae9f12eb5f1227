#!/usr/bin/env python
"""Django's manage.py, kept for habit; `lindung` is the same thing."""

from lindung.cli import main

if __name__ == "__main__":
    main()
