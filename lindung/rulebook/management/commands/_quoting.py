"""Shared plumbing of the quote and benefit commands: JSON out, exit 2 on bad input."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand

from lindung.lib.formatting import rupiah
from lindung.rulebook.engine import Benefit, Quote, QuoteError


def emit(command: BaseCommand, result: Quote | Benefit, as_json: bool) -> None:
    if as_json:
        command.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False))
        return
    if isinstance(result, Quote):
        command.stdout.write(f"Iuran {result.segment} bulan {result.month:%Y-%m}")
        for line in result.lines:
            command.stdout.write(
                f"  {line.program:<4} dasar {rupiah(line.base):>16}  pemberi kerja "
                f"{rupiah(line.employer):>12}  pekerja {rupiah(line.worker):>10}"
                f"  ({line.legal_basis})"
            )
        command.stdout.write(f"  Total {rupiah(result.total)}")
        for warning in result.warnings:
            command.stdout.write(f"  peringatan: {warning}")
    else:
        for c in result.components:
            command.stdout.write(f"  {c.name:<48} {rupiah(c.amount):>16}  ({c.legal_basis})")
        command.stdout.write(f"  Total {rupiah(result.total)}")


def fail(command: BaseCommand, exc: QuoteError, as_json: bool) -> None:
    """Bad input: name the field and the valid range, exit with status 2."""
    if as_json:
        payload: dict[str, Any] = {"error": exc.message, "field": exc.field}
        command.stdout.write(json.dumps(payload, ensure_ascii=False))
    command.stderr.write(f"Galat pada {exc.field}: {exc.message}")
    sys.exit(2)
