"""Read-only questions the pages ask that the store's query API does not (yet) answer:
the most active dyads, one actor's details, and the events and statements behind each
period of a dyad chart. Plain SQL over an open read-only :class:`~detente.store.Store`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from detente.store import Store
from detente.store.queries import _ISO3, _PERIOD_FMT, _side, bound


@dataclass(slots=True)
class DyadCount:
    a: str
    b: str
    events: int
    cooperation: int
    conflict: int
    intensity_mean: float


def top_dyads(store: Store, limit: int = 10) -> list[DyadCount]:
    """Country pairs (either direction) with the most events, negated/hypothetical excluded."""
    sql = """
        SELECT least(source_country, target_country) AS a, greatest(source_country, target_country) AS b,
               count(*) AS n,
               count(*) FILTER (WHERE quad LIKE '%cooperation') AS coop,
               count(*) FILTER (WHERE quad LIKE '%conflict') AS conf,
               avg(intensity) AS mean
        FROM events
        WHERE source_country IS NOT NULL AND target_country IS NOT NULL
          AND source_country <> target_country AND NOT negated AND NOT hypothetical
        GROUP BY 1, 2 ORDER BY n DESC, a, b LIMIT ?
    """
    return [
        DyadCount(a, b, int(n), int(c1), int(c2), round(float(m or 0.0), 2))
        for a, b, n, c1, c2, m in store.con.execute(sql, [int(limit)]).fetchall()
    ]


@dataclass(slots=True)
class ActorDetail:
    id: str
    name: str
    type: str
    country: str | None
    sector: str | None
    role: str | None
    roles: list[str] = field(default_factory=list)
    aliases: list[tuple[str, int]] = field(default_factory=list)
    articles: int = 0
    mentions: int = 0


def actor_detail(store: Store, actor_id: str) -> ActorDetail | None:
    con = store.con
    row = con.execute("SELECT id, name, type, country, sector, role FROM actors WHERE id = ?", [actor_id]).fetchone()
    if row is None:
        return None
    d = ActorDetail(*row)
    d.roles = [
        r[0]
        for r in con.execute(
            "SELECT role, count(*) FROM article_actors WHERE actor_id = ? AND role IS NOT NULL "
            "GROUP BY 1 ORDER BY 2 DESC, 1",
            [actor_id],
        ).fetchall()
    ]
    d.aliases = [
        (str(t), int(n))
        for t, n in con.execute(
            "SELECT text, count(*) FROM mentions WHERE actor_id = ? GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 200",
            [actor_id],
        ).fetchall()
    ]
    one = con.execute(
        "SELECT count(DISTINCT article_id), count(*) FROM mentions WHERE actor_id = ?", [actor_id]
    ).fetchone()
    if one:
        d.articles, d.mentions = int(one[0]), int(one[1])
    return d


def statements_by(store: Store, actor_id: str, *, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
    """Statements whose resolved speaker is exactly this actor, newest first."""
    rows = store.con.execute(
        "SELECT q.article_id, q.ordinal, a.title, CAST(a.published AS VARCHAR), "
        "coalesce(q.date, CAST(q.day AS VARCHAR)), q.speaker_text, q.cue_text, q.content_text "
        "FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.speaker = ? "
        "ORDER BY q.day DESC NULLS LAST, q.article_id, q.ordinal LIMIT ? OFFSET ?",
        [actor_id, int(limit), int(offset)],
    ).fetchall()
    keys = ("article_id", "ordinal", "title", "published", "date", "speaker_text", "cue", "content")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def dyad_evidence(
    store: Store, a: str, b: str, *, by: str, since: str | None = None, until: str | None = None, limit: int = 500
) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Per period (formatted as the dyad chart's x axis): the events between ``a`` and
    ``b`` (either direction, uncertain ones included and flagged) and the statements by
    one side whose span mentions the other."""
    fmt = _PERIOD_FMT[by]
    lo, hi = bound(since), bound(until, end=True)
    out: dict[str, dict[str, list[dict[str, Any]]]] = {}

    p_ab: list[Any] = []
    ab = f"({_side('e.source', 'e.source_country', a, p_ab)} AND {_side('e.target', 'e.target_country', b, p_ab)})"
    p_ba: list[Any] = []
    ba = f"({_side('e.source', 'e.source_country', b, p_ba)} AND {_side('e.target', 'e.target_country', a, p_ba)})"
    params: list[Any] = [fmt, *p_ab, *p_ba]
    where = ""
    if lo:
        where += " AND e.day >= ?"
        params.append(lo)
    if hi:
        where += " AND e.day <= ?"
        params.append(hi)
    params.append(int(limit))
    sql = (
        "SELECT strftime(e.day, ?) AS period, e.article_id, a.title, e.type, e.quad, e.source, xs.name, "
        "e.target, xt.name, e.intensity, e.negated, e.hypothetical, e.trigger_text, e.evidence_text, "
        "coalesce(e.date, CAST(e.day AS VARCHAR)) "
        "FROM events e JOIN articles a ON a.id = e.article_id "
        "LEFT JOIN actors xs ON xs.id = e.source LEFT JOIN actors xt ON xt.id = e.target "
        f"WHERE e.day IS NOT NULL AND ({ab} OR {ba}){where} "
        "ORDER BY e.day, e.article_id, e.ordinal LIMIT ?"
    )
    keys = ("article_id", "title", "type", "quad", "source", "source_name", "target", "target_name",
            "intensity", "negated", "hypothetical", "trigger", "evidence", "date")  # fmt: skip
    for r in store.con.execute(sql, params).fetchall():
        out.setdefault(r[0], {"events": [], "statements": []})["events"].append(dict(zip(keys, r[1:], strict=True)))

    def speaker_side(x: str, params: list[Any]) -> str:
        if _ISO3.match(x):
            params.extend([x.upper(), x])
            return "(xs.country = ? OR q.speaker = ?)"
        params.append(x)
        return "(q.speaker = ?)"

    def mention_side(x: str, params: list[Any]) -> str:
        if _ISO3.match(x):
            params.extend([x.upper(), x])
            return "(xm.country = ? OR m.actor_id = ?)"
        params.append(x)
        return "(m.actor_id = ?)"

    qp: list[Any] = [fmt]
    cond = (
        f"(({speaker_side(a, qp)} AND {mention_side(b, qp)}) OR "
        f"({speaker_side(b, qp)} AND {mention_side(a, qp)}))"
    )
    where = ""
    if lo:
        where += " AND q.day >= ?"
        qp.append(lo)
    if hi:
        where += " AND q.day <= ?"
        qp.append(hi)
    qp.append(int(limit))
    sql = (
        "SELECT DISTINCT strftime(q.day, ?) AS period, q.article_id, q.ordinal, a.title, q.speaker, xs.name, "
        "q.speaker_text, q.cue_text, q.content_text, q.day "
        "FROM quotes q JOIN articles a ON a.id = q.article_id JOIN actors xs ON xs.id = q.speaker "
        "JOIN mentions m ON m.article_id = q.article_id AND m.start >= q.content_start AND m.end <= q.content_end "
        "JOIN actors xm ON xm.id = m.actor_id "
        f"WHERE q.day IS NOT NULL AND {cond}{where} ORDER BY q.day, q.article_id, q.ordinal LIMIT ?"
    )
    qkeys = ("article_id", "ordinal", "title", "speaker", "speaker_name", "speaker_text", "cue", "content")
    for r in store.con.execute(sql, qp).fetchall():
        out.setdefault(r[0], {"events": [], "statements": []})["statements"].append(
            dict(zip(qkeys, r[1:9], strict=True))
        )
    return dict(sorted(out.items()))
