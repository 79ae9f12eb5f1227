"""Which planner turns the rows of each import kind into writes: filled by the owning apps.

The pipeline keeps the row loop and knows no domain app. Each app that owns imported data
has an `importers.py` module that calls :func:`register` for its kinds; the imports app
discovers those modules at start-up (`ImportsConfig.ready`), as the admin discovers
`admin.py`. A kind without a planner fails loudly (`planner_for`, and a test over every kind).
"""

from __future__ import annotations

from typing import Any, Protocol

from lindung.imports.models import ImportBatch


class Planner(Protocol):
    """Plans (and, with `apply`, writes) a chunk of checked rows of one batch."""

    def plan(self, drafts: list[Any], *, apply: bool) -> None: ...

    def finish(self, *, apply: bool) -> None: ...

    def extra_counts(self) -> dict[str, Any]: ...


# Import kind -> planner class, taking the batch.
IMPORTERS: dict[str, Any] = {}


def register(kind: str, planner: Any) -> None:
    """Make `planner` the one that plans rows of `kind`; a second owner is a mistake."""
    if IMPORTERS.get(kind, planner) is not planner:
        raise ValueError(f"import kind {kind!r} already has a planner: {IMPORTERS[kind]!r}")
    IMPORTERS[kind] = planner


def planner_for(batch: ImportBatch) -> Planner:
    try:
        planner = IMPORTERS[batch.kind]
    except KeyError:
        raise LookupError(f"no importer registered for import kind {batch.kind!r}") from None
    return planner(batch)  # type: ignore[no-any-return]


def discover() -> None:
    """Import every installed app's `importers` module, which registers its planners."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("importers")
