"""The reconciliation itself, set-based in DuckDB: no Python loop over rows, no ORM.

Input tables (created by `setup`, loaded by the caller in LOAD_ORDER with `load_csv`):
  eng(eid, opd_id, nik, name, birth_date, category, wage, risk)       active engagements
  mem(mid, nik, name, birth_date, npp, divisi, segment, programs, wage, status, last_paid)
  links(npp, divisi, opd_id)                                            NPP -> OPD
  decisions(city_nik, member_nik, accepted)                             review verdicts
plus columns derived while loading (_DERIVED). Output tables: `res` (one row per
engagement, plus one per membership unknown to the city) and `cand` (fuzzy candidate pairs
for the review queue).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from lindung.reconciliation.rules import (
    PRICED_FROM_CITY_WAGE,
    Category,
    Params,
    person_name_key_sql,
    score_sql,
)

TABLES = {
    "eng": {
        "eid": "BIGINT", "opd_id": "BIGINT", "nik": "VARCHAR", "name": "VARCHAR",
        "birth_date": "DATE", "category": "VARCHAR", "wage": "BIGINT", "risk": "INTEGER",
    },
    "mem": {
        "mid": "BIGINT", "nik": "VARCHAR", "name": "VARCHAR", "birth_date": "DATE",
        "npp": "VARCHAR", "divisi": "VARCHAR", "segment": "VARCHAR", "programs": "VARCHAR",
        "wage": "BIGINT", "status": "VARCHAR", "last_paid": "DATE",
    },
    "links": {"npp": "VARCHAR", "divisi": "VARCHAR", "opd_id": "BIGINT"},
    "decisions": {"city_nik": "VARCHAR", "member_nik": "VARCHAR", "accepted": "BOOLEAN"},
}  # fmt: skip

RESULT_COLUMNS = (
    "category", "opd_id", "engagement_id", "membership_id", "nik", "city_wage",
    "reported_wage", "missing_programs", "months_unpaid", "iuran",
)  # fmt: skip
CANDIDATE_COLUMNS = ("engagement_id", "membership_id", "score", "reasons", "name_similarity")

# Segments under which an employer (an OPD, or an outsourcing firm) pays: PU. Blank is PU,
# as in exports that list one employer's workers without a segment column.
_EMPLOYER_SEGMENTS = "('PU', '')"
# Workers whose employer of record is not the OPD: covered under any PU employer.
_ANY_EMPLOYER_CATEGORIES = "('alih_daya')"


@dataclass(frozen=True)
class Rates:
    """Parts-per-million rates and the JP wage cap of one month (from the rulebook)."""

    jkk: tuple[int, int, int, int, int]  # risk groups 1..5
    jkm: int
    jht_employer: int
    jht_worker: int
    jp_employer: int
    jp_worker: int
    jp_cap: int


def connect(temp_dir: Path, *, memory_limit: str = "3GB", threads: int = 2):  # type: ignore[no-untyped-def]
    return duckdb.connect(
        ":memory:",
        config={
            "threads": threads,
            "memory_limit": memory_limit,
            "temp_directory": str(temp_dir),
            "preserve_insertion_order": False,
        },
    )


# Columns derived while a CSV is parsed, one expression per row (no pass of their own):
#   k       the NIK as an integer, the join key (16-digit texts map one to one onto integers,
#           and a hash join on integers costs less than on text); NULL if not 16 digits
#           (both sides hold validated NIKs, see lindung.registry.nik);
#   anyemp  the worker's category is covered under any PU employer (outsourced workers);
#   opd     the OPD the membership's NPP (+Divisi) belongs to: a Divisi-specific link, else
#           the NPP's (links are loaded first; equalities only, so these stay hash joins);
#   mr      what a membership alone says, as of the run date, in Category ranks: 1 active
#           under an employer with every required program, 3 the same but missing one,
#           4 active otherwise (BPU, no employer segment), 5 not active (macros of `setup`).
# What depends on the engagement too (its OPD, its wage) is left to the exact pass.
_NIK_KEY = "CASE WHEN length(src.{c}) = 16 THEN TRY_CAST(src.{c} AS UBIGINT) END"
_DERIVED = {
    "eng": {
        "k": ("UBIGINT", _NIK_KEY.format(c="nik")),
        "anyemp": ("BOOLEAN", f"src.category IN {_ANY_EMPLOYER_CATEGORIES}"),
    },
    "mem": {
        "k": ("UBIGINT", _NIK_KEY.format(c="nik")),
        "opd": ("BIGINT", "coalesce(l1.opd_id, l2.opd_id)"),
        "mr": (
            "TINYINT",
            "member_rank(src.status, src.last_paid, coalesce(src.segment, ''),"
            " coalesce(src.programs, ''))",
        ),
    },
    "decisions": {"member_k": ("UBIGINT", _NIK_KEY.format(c="member_nik"))},
}
# Equalities only: a non-equality in these ON clauses turns the hash join into a slow one
# (links never hold an empty NPP, so memberships without one find no link anyway).
_JOINS = {
    "mem": """LEFT JOIN links l1 ON l1.npp = src.npp AND l1.divisi = coalesce(src.divisi, '')
        LEFT JOIN links l2 ON l2.npp = src.npp AND l2.divisi = ''"""
}
# Tables in the order they must be loaded: memberships look up their OPD in links.
LOAD_ORDER = ("links", "decisions", "eng", "mem")


def setup(con, *, as_of: date, params: Params, required: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    """The input tables and the per-membership rules of a run as of a date."""
    _macros(con, as_of=as_of, params=params, required=required)
    for table, columns in TABLES.items():
        extra = [f"{c} {t}" for c, (t, _expr) in _DERIVED.get(table, {}).items()]
        cols = ", ".join([*(f"{c} {t}" for c, t in columns.items()), *extra])
        con.execute(f"CREATE OR REPLACE TABLE {table} ({cols})")


def load_csv(con, table: str, path: Path) -> None:  # type: ignore[no-untyped-def]
    """Append a headerless CSV (as PostgreSQL COPY writes it) to an input table."""
    if path.stat().st_size == 0:
        return
    columns = ", ".join(f"'{c}': '{t}'" for c, t in TABLES[table].items())
    # SQLite's CSV cannot tell NULL from an empty string; for text here they mean the same.
    select = [
        f"coalesce(src.{c}, '') AS {c}" if t == "VARCHAR" else f"src.{c}"
        for c, t in TABLES[table].items()
    ]
    select += [f"{expr} AS {c}" for c, (_t, expr) in _DERIVED.get(table, {}).items()]
    con.execute(
        f"INSERT INTO {table} SELECT {', '.join(select)} FROM read_csv(?, header = false, "
        f"columns = {{{columns}}}, allow_quoted_nulls = false, quote = '\"', escape = '\"', "
        f"delim = ',') src {_JOINS.get(table, '')}",
        [str(path)],
    )


def _iuran_macro(con, rates: Rates) -> None:  # type: ignore[no-untyped-def]
    """Monthly iuran (employer + worker) of a wage for a list of programs.

    The rounding is the rulebook's: each share rounded half up to the rupiah, as
    lindung.rulebook.bulk.price_pu computes it (the tests compare the two).
    """
    jkk = ", ".join(str(r) for r in rates.jkk)
    con.execute("CREATE OR REPLACE MACRO share(b, p) AS (b::BIGINT * p + 500000) // 1000000")
    con.execute(
        f"""CREATE OR REPLACE MACRO iuran(w, g, progs) AS
        CASE WHEN w IS NULL OR w <= 0 THEN 0 ELSE
          (CASE WHEN list_contains(progs, 'JKK') THEN share(w, [{jkk}][g]) ELSE 0 END)
        + (CASE WHEN list_contains(progs, 'JKM') THEN share(w, {rates.jkm}) ELSE 0 END)
        + (CASE WHEN list_contains(progs, 'JHT')
                THEN share(w, {rates.jht_employer}) + share(w, {rates.jht_worker}) ELSE 0 END)
        + (CASE WHEN list_contains(progs, 'JP')
                THEN share(least(w, {rates.jp_cap}), {rates.jp_employer})
                   + share(least(w, {rates.jp_cap}), {rates.jp_worker}) ELSE 0 END)
        END"""
    )


def _macros(con, *, as_of: date, params: Params, required: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    """Per-membership rules as macros, so that every pass applies the same definition."""
    month = as_of.year * 12 + as_of.month
    con.execute(
        "CREATE OR REPLACE MACRO months_unpaid(lp) AS "
        f"CASE WHEN lp IS NULL THEN NULL ELSE {month} - (year(lp) * 12 + month(lp)) END"
    )
    # Paid within the allowed months: the last paid month is on or after this first day
    # (one date comparison per row instead of month arithmetic).
    months = month - 1 - int(params.unpaid_months)
    paid_since = date(months // 12, months % 12 + 1, 1)
    con.execute(
        "CREATE OR REPLACE MACRO is_active(st, lp) AS st = 'aktif' "
        f"AND (lp IS NULL OR lp >= DATE '{paid_since.isoformat()}')"
    )
    con.execute(f"CREATE OR REPLACE MACRO employer_segment(seg) AS seg IN {_EMPLOYER_SEGMENTS}")
    con.execute("CREATE OR REPLACE MACRO progs(p) AS string_split(p, ',')")
    complete = " AND ".join(f"contains(p, '{p}')" for p in required) or "true"
    con.execute(
        f"""CREATE OR REPLACE MACRO member_rank(st, lp, seg, p) AS
        CASE WHEN NOT is_active(st, lp) THEN 5
             WHEN NOT employer_segment(seg) THEN 4
             WHEN NOT ({complete}) THEN 3
             ELSE 1 END"""
    )


# The best membership of an engagement packed in one integer, so that "lowest category rank,
# then lowest membership id" is a plain min(): rank in the bits above 40, the id below.
_ID_BITS = 40
_ID_MASK = (1 << _ID_BITS) - 1


def exact_pass(con, *, params: Params) -> None:  # type: ignore[no-untyped-def]
    """Categorise every engagement by its best membership on NIK (and accepted aliases).

    One hash join of the engagements with the memberships on the integer NIK key, each
    pair ranked (1 covered .. 5 inactive) from `mr` (what the membership alone says), its
    OPD and the engagement's wage, and one min() per engagement. Writes `best(eid, bm)`;
    `results` turns it into rows. An engagement whose wage is unknown (NULL) is never
    wage_underreported: there is no city wage to compare with (see PRICED_FROM_CITY_WAGE).
    """
    largest = con.execute("SELECT max(mid) FROM mem").fetchone()[0]
    if largest is not None and largest > _ID_MASK:
        raise ValueError(f"membership id {largest} does not fit in {_ID_BITS} bits")
    # Each engagement's NIK, and the BPJS NIKs a reviewer said are the same person.
    aliases = con.execute("SELECT count(*) FROM decisions WHERE accepted").fetchone()[0]
    con.execute(
        "CREATE OR REPLACE TEMP VIEW keys AS SELECT eid, k AS key FROM eng"
        + (
            " UNION ALL SELECT e.eid, d.member_k FROM eng e"
            " JOIN decisions d ON d.accepted AND d.city_nik = e.nik"
            if aliases
            else ""
        )
    )
    source = (
        "keys k JOIN eng e USING (eid) JOIN mem m ON m.k = k.key"
        if aliases
        else "eng e JOIN mem m ON m.k = e.k"
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE best AS
        SELECT e.eid, min(((
            CASE WHEN m.mr <= 3 AND (m.opd = e.opd_id OR e.anyemp)
                 THEN CASE WHEN m.mr = 1 AND e.wage IS NOT NULL
                                AND m.wage < e.wage - {int(params.tolerance)} THEN 2
                           ELSE m.mr END
                 WHEN m.mr < 5 THEN 4
                 ELSE 5 END)::BIGINT << {_ID_BITS}) | m.mid) AS bm
        FROM {source}
        GROUP BY e.eid"""
    )


def results(con, *, required: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    """One result row per engagement from `best`, with its membership's figures."""
    labels = " ".join(f"WHEN {i + 1} THEN '{c.value}'" for i, c in enumerate(Category))
    missing = ", ".join(
        f"CASE WHEN NOT contains(m.programs, '{p}') THEN '{p}' END" for p in required
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE res AS
        SELECT CASE coalesce(b.bm >> {_ID_BITS}, 6) {labels} END AS category,
          e.opd_id, e.eid AS engagement_id, m.mid AS membership_id, e.nik,
          e.wage AS city_wage, m.wage AS reported_wage,
          CASE WHEN b.bm >> {_ID_BITS} = 3 THEN concat_ws(',', {missing or "NULL"}) ELSE '' END
            AS missing_programs,
          months_unpaid(m.last_paid) AS months_unpaid, e.risk,
          NULL::VARCHAR[] AS progs
        FROM eng e LEFT JOIN best b USING (eid)
        LEFT JOIN mem m ON m.mid = b.bm & {_ID_MASK}"""
    )


def fuzzy_pass(con, *, params: Params) -> None:  # type: ignore[no-untyped-def]
    """Candidate pairs for engagements the exact pass did not find, among unmatched memberships.

    Blocking, all as equi-joins: an equal half of the NIK (then one digit apart by Hamming
    distance), a NIK with two adjacent digits swapped, or the same birth date (then names).
    """
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE lft AS
        SELECT e.eid, e.nik, {person_name_key_sql("e.name")} AS nn, e.birth_date
        FROM eng e JOIN res r ON r.engagement_id = e.eid
        WHERE r.category = '{Category.NOT_REGISTERED}'"""
    )
    con.execute(
        """CREATE OR REPLACE TEMP TABLE rgt AS
        SELECT m.mid, m.nik, m.name, m.birth_date FROM mem m
        ANTI JOIN keys k ON k.key = m.k"""
    )
    # One digit apart: the other half of the NIK is equal, so block on each half.
    hamming = "CASE WHEN length(l.nik) = length(r.nik) THEN hamming(l.nik, r.nik) END = 1"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE blocks AS
        SELECT l.eid, r.mid, 'nik_one_digit' AS reason
        FROM lft l JOIN rgt r ON left(r.nik, 8) = left(l.nik, 8) WHERE {hamming}
        UNION
        SELECT l.eid, r.mid, 'nik_one_digit'
        FROM lft l JOIN rgt r ON right(r.nik, 8) = right(l.nik, 8) WHERE {hamming}
        UNION ALL
        SELECT lt.eid, rgt.mid, 'nik_transposition' FROM (
          SELECT eid, substr(nik, 1, i - 1) || substr(nik, i + 1, 1) || substr(nik, i, 1)
                 || substr(nik, i + 2) AS t
          FROM lft, range(1, 16) r(i) WHERE substr(nik, i, 1) <> substr(nik, i + 1, 1)
        ) lt JOIN rgt ON rgt.nik = lt.t"""
    )
    con.execute(
        f"""INSERT INTO blocks
        WITH r AS (
          SELECT mid, {person_name_key_sql("name")} AS nn, birth_date FROM rgt
          WHERE birth_date IN (SELECT birth_date FROM lft WHERE birth_date IS NOT NULL))
        SELECT l.eid, r.mid, 'name_birth_date' FROM lft l JOIN r USING (birth_date)
        WHERE l.nn <> '' AND jaro_winkler_similarity(l.nn, r.nn) >= 0.85"""
    )
    similarity = "jaro_winkler_similarity(l.nn, " + person_name_key_sql("m.name") + ")"
    nik_close = "list_has_any(reasons, ['nik_one_digit', 'nik_transposition'])"
    birth_same = "(l.birth_date IS NOT NULL AND l.birth_date = m.birth_date)"
    birth_diff = "(l.birth_date IS NOT NULL AND m.birth_date IS NOT NULL " \
        "AND l.birth_date <> m.birth_date)"  # fmt: skip
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE cand AS
        WITH grouped AS (
          SELECT eid, mid, list_sort(list_distinct(list(reason))) AS reasons
          FROM blocks GROUP BY eid, mid),
        scored AS (
          SELECT g.eid, g.mid, g.reasons, {similarity} AS sim,
            {birth_same} AS birth_same, {birth_diff} AS birth_diff, l.nik AS city_nik,
            m.nik AS member_nik
          FROM grouped g JOIN lft l USING (eid) JOIN mem m ON m.mid = g.mid)
        SELECT eid AS engagement_id, mid AS membership_id,
          {score_sql(nik_close, "sim", "birth_same", "birth_diff")} AS score,
          list_concat(reasons, CASE WHEN birth_same THEN ['birth_date_same']
                                    WHEN birth_diff THEN ['birth_date_different']
                                    ELSE ['birth_date_unknown'] END) AS reasons,
          round(sim, 4) AS name_similarity
        FROM scored s
        WHERE NOT EXISTS (SELECT 1 FROM decisions d WHERE NOT d.accepted
                          AND d.city_nik = s.city_nik AND d.member_nik = s.member_nik)
        QUALIFY score >= {float(params.threshold)}
            AND row_number() OVER (PARTITION BY eid ORDER BY score DESC, mid) <= 3"""
    )
    con.execute(
        f"""UPDATE res SET category = '{Category.NEEDS_REVIEW}'
        WHERE engagement_id IN (SELECT engagement_id FROM cand)"""
    )


def unknown_pass(con) -> None:  # type: ignore[no-untyped-def]
    """Active memberships under an OPD's NPP that match no engagement of that OPD."""
    con.execute(
        f"""INSERT INTO res
        SELECT '{Category.UNKNOWN_TO_CITY}', u.opd_id, NULL, u.mid, u.nik, NULL, u.wage, '',
          months_unpaid(u.last_paid), o.risk, progs(u.programs)
        FROM (SELECT m.*, m.opd AS opd_id FROM mem m WHERE m.mr <= 3 AND m.opd IS NOT NULL) u
        LEFT JOIN (SELECT opd_id, any_value(risk) AS risk FROM eng GROUP BY opd_id) o
          USING (opd_id)
        ANTI JOIN (SELECT DISTINCT k.key, e.opd_id FROM keys k JOIN eng e USING (eid)) known
          ON known.key = u.k AND known.opd_id = u.opd_id
        ANTI JOIN cand ON cand.membership_id = u.mid"""
    )


def price(con, *, rates: Rates, required: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    """The monthly iuran each record's action involves."""
    _iuran_macro(con, rates)
    req = "[" + ", ".join(f"'{p}'" for p in required) + "]"
    risk = "coalesce(risk, 1)"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE priced AS
        SELECT category, opd_id, engagement_id, membership_id, nik, city_wage, reported_wage,
          missing_programs, months_unpaid,
          CASE category
            WHEN '{Category.NOT_REGISTERED}' THEN iuran(city_wage, {risk}, {req})
            WHEN '{Category.INACTIVE}' THEN iuran(city_wage, {risk}, {req})
            WHEN '{Category.WAGE_UNDERREPORTED}' THEN
              greatest(0, iuran(city_wage, {risk}, {req})
                          - iuran(coalesce(reported_wage, 0), {risk}, {req}))
            WHEN '{Category.PROGRAMS_MISSING}' THEN
              iuran(city_wage, {risk}, string_split(missing_programs, ','))
            WHEN '{Category.UNKNOWN_TO_CITY}' THEN iuran(reported_wage, {risk}, progs)
            ELSE 0 END AS iuran
        FROM res"""
    )


def run(  # type: ignore[no-untyped-def]
    con,
    *,
    params: Params,
    required: tuple[str, ...],
    rates: Rates,
    beat: Callable[[], None] = lambda: None,
) -> dict[str, float]:
    """All passes on loaded input tables; returns seconds per pass. `beat` after each pass."""
    import time

    timings: dict[str, float] = {}
    for name, step in (
        ("exact", lambda: exact_pass(con, params=params)),
        ("results", lambda: results(con, required=required)),
        ("fuzzy", lambda: fuzzy_pass(con, params=params)),
        ("unknown", lambda: unknown_pass(con)),
        ("price", lambda: price(con, rates=rates, required=required)),
    ):
        start = time.perf_counter()
        step()
        timings[name] = round(time.perf_counter() - start, 3)
        beat()
    return timings


def unpriced(con) -> dict[int, int]:  # type: ignore[no-untyped-def]
    """Per OPD, the engagements whose action's iuran is left out: their wage is unknown."""
    cats = ", ".join(f"'{c}'" for c in PRICED_FROM_CITY_WAGE)
    rows = con.execute(
        f"""SELECT opd_id, count(*) FROM priced
        WHERE category IN ({cats}) AND engagement_id IS NOT NULL AND city_wage IS NULL
        GROUP BY opd_id"""
    ).fetchall()
    return {int(opd): int(n) for opd, n in rows}


def counts(con) -> tuple[dict[str, int], dict[str, int], list[tuple[int, str, int, int]]]:  # type: ignore[no-untyped-def]
    """Totals per category, iuran per category, and (opd_id, category, count, iuran) rows."""
    rows = con.execute(
        "SELECT opd_id, category, count(*), sum(iuran) FROM priced GROUP BY ALL"
    ).fetchall()
    totals: dict[str, int] = {c.value: 0 for c in Category}
    iuran: dict[str, int] = {c.value: 0 for c in Category}
    for _opd, category, n, amount in rows:
        totals[category] += int(n)
        iuran[category] += int(amount or 0)
    return totals, iuran, [(r[0], r[1], int(r[2]), int(r[3] or 0)) for r in rows]
