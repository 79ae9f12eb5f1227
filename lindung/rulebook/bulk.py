"""Vectorised iuran for budgets: worker x month matrices in integer numpy arrays.

Same rules and the same rounding as the scalar engine (half up to whole rupiah per share),
done in exact int64 arithmetic: a rate of p percent is p x 10,000 parts per million, so
amount = (base x ppm + 500,000) // 1,000,000. Bases up to Rp1 miliar stay far inside int64.
PP 7/2025 discounts are not applied here: they concern private labour-intensive industry,
not Pemda OPDs, whose budgets this path prices. Nor is the PP 49/2020 COVID-19 relief
(August 2020 - January 2021): budgets are planned for 2022 onwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np

from lindung.rulebook.engine import PU_PROGRAMS, QuoteError, parse_programs
from lindung.rulebook.rules import RuleError, RuleSet

_PPM = 1_000_000
_HALF = _PPM // 2


def _ppm(percent: Decimal) -> int:
    ppm = percent * 10_000
    if ppm != ppm.to_integral_value():
        raise ValueError(f"rate {percent}% is finer than one part per million")
    return int(ppm)


@dataclass(frozen=True)
class MonthRates:
    """Per-month rate vectors (parts per million) and JP caps, resolved once per run."""

    jkk: np.ndarray  # (6, M): row g is risk group g (row 0 unused)
    jkm: np.ndarray  # (M,)
    jht_employer: np.ndarray
    jht_worker: np.ndarray
    jp_employer: np.ndarray
    jp_worker: np.ndarray
    jp_cap: np.ndarray

    @classmethod
    def resolve(cls, rules: RuleSet, months: list[date], programs: tuple[str, ...]) -> MonthRates:
        m = len(months)
        jkk = np.zeros((6, m), dtype=np.int64)
        vectors = {
            k: np.zeros(m, dtype=np.int64) for k in ("jkm", "jhte", "jhtw", "jpe", "jpw", "cap")
        }
        try:
            for i, month in enumerate(months):
                if "JKK" in programs:
                    for g in range(1, 6):
                        jkk[g, i] = _ppm(rules.get("pu.jkk.rate", month, str(g)).amount)
                if "JKM" in programs:
                    vectors["jkm"][i] = _ppm(rules.get("pu.jkm.rate", month, "employer").amount)
                if "JHT" in programs:
                    vectors["jhte"][i] = _ppm(rules.get("pu.jht.rate", month, "employer").amount)
                    vectors["jhtw"][i] = _ppm(rules.get("pu.jht.rate", month, "worker").amount)
                if "JP" in programs:
                    vectors["jpe"][i] = _ppm(rules.get("pu.jp.rate", month, "employer").amount)
                    vectors["jpw"][i] = _ppm(rules.get("pu.jp.rate", month, "worker").amount)
                    vectors["cap"][i] = int(rules.get("pu.jp.cap", month).amount)
        except RuleError as exc:
            raise QuoteError("year", str(exc)) from None
        return cls(
            jkk, vectors["jkm"], vectors["jhte"], vectors["jhtw"], vectors["jpe"], vectors["jpw"],
            vectors["cap"],
        )  # fmt: skip


def _share(base: np.ndarray, ppm: np.ndarray) -> np.ndarray:
    return (base * ppm + _HALF) // _PPM


def price_pu(
    rules: RuleSet,
    *,
    months: list[date],
    wages: np.ndarray,
    active: np.ndarray,
    risk_groups: np.ndarray,
    programs: tuple[str, ...],
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Employer and worker iuran per program, each an (N, M) int64 matrix.

    `wages` is (N, M) or (N,) rupiah, `active` (N, M) bool, `risk_groups` (N,) in 1..5.
    """
    programs = parse_programs(programs, PU_PROGRAMS)
    rates = MonthRates.resolve(rules, months, programs)
    wages = np.asarray(wages, dtype=np.int64)
    if wages.ndim == 1:
        wages = np.broadcast_to(wages[:, None], active.shape)
    mask = np.asarray(active, dtype=bool)
    zero = np.zeros(mask.shape, dtype=np.int64)
    out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    if "JKK" in programs:
        ppm = rates.jkk[np.asarray(risk_groups, dtype=np.int64)]  # (N, M)
        out["JKK"] = (np.where(mask, _share(wages, ppm), 0), zero)
    if "JKM" in programs:
        out["JKM"] = (np.where(mask, _share(wages, rates.jkm), 0), zero)
    if "JHT" in programs:
        out["JHT"] = (
            np.where(mask, _share(wages, rates.jht_employer), 0),
            np.where(mask, _share(wages, rates.jht_worker), 0),
        )
    if "JP" in programs:
        base = np.minimum(wages, rates.jp_cap)
        out["JP"] = (
            np.where(mask, _share(base, rates.jp_employer), 0),
            np.where(mask, _share(base, rates.jp_worker), 0),
        )
    return out
