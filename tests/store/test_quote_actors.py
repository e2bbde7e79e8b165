"""quote_actors: the actors each statement mentions, written by ``Store.add``, filled by
migration 0003 for older files, and searched by ``said(about=...)``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import duckdb
import pytest

from detente.models import Actor, Analysis, Article, Quote, Speaker
from detente.store import Store, schema
from detente.store import store as store_mod
from detente.store.queries import Statement, _range
from tests.store.store_samples import a1, a2, a3, country, sp

_ISO3 = re.compile(r"^[A-Za-z]{3}$")


def said_before(
    con: duckdb.DuckDBPyConnection, *, speaker: str | None = None, about: str | None = None, limit: int = 50
) -> list[Statement]:
    """``said`` as it was before quote_actors (a join of quotes and mentions per query)."""
    params: list[Any] = []
    sql = (
        "SELECT q.article_id, q.ordinal, a.title, CAST(a.published AS VARCHAR), "
        "coalesce(q.date, CAST(q.day AS VARCHAR)), q.speaker, x.name, q.speaker_text, q.cue_text, "
        "q.content_text, q.content_start, q.content_end, q.speaker_start, q.speaker_end, q.kind, q.cue_type "
        "FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN actors x ON x.id = q.speaker "
        "WHERE TRUE"
    )
    if speaker:
        needle = speaker.lower()
        sql += (
            " AND (q.speaker IN (SELECT actor_id FROM actor_names WHERE contains(name, ?)"
            " UNION ALL SELECT id FROM actors WHERE lower(id) = ?)"
            " OR contains(lower(q.speaker_text), ?))"
        )
        params += [needle, needle, needle]
    if about:
        lo = "least(q.content_start, coalesce(q.speaker_start, q.content_start), coalesce(q.cue_start, q.content_start))"
        hi = "greatest(q.content_end, coalesce(q.speaker_end, q.content_end), coalesce(q.cue_end, q.content_end))"
        if _ISO3.match(about):
            who = "(x2.country = ? OR x2.id = ?)"
            params_who: list[Any] = [about.upper(), about]
            text_match = ""
        else:
            who = "(lower(x2.id) = ? OR contains(lower(x2.name), ?) OR contains(lower(m.text), ?))"
            params_who = [about.lower()] * 3
            text_match = " OR contains(lower(q.content_text), ?)"
        sql += (
            " AND ((q.article_id, q.ordinal) IN (SELECT q3.article_id, q3.ordinal FROM quotes q3"
            " JOIN mentions m ON m.article_id = q3.article_id JOIN actors x2 ON x2.id = m.actor_id"
            f" WHERE m.start >= {lo.replace('q.', 'q3.')} AND m.end <= {hi.replace('q.', 'q3.')}"
            " AND NOT (q3.speaker_start IS NOT NULL AND m.start < q3.speaker_end AND q3.speaker_start < m.end)"
            f" AND {who}){text_match})"
        )
        params += params_who
        if text_match:
            params.append(about.lower())
    sql += _range("q.day", None, None, params)
    sql += " ORDER BY q.day DESC NULLS LAST, q.article_id, q.ordinal LIMIT ?"
    params.append(int(limit))
    return [Statement(*r) for r in con.execute(sql, params).fetchall()]


def a4() -> Analysis:
    """Edge cases: an actor between cue and content (inside the statement's span), an actor
    mentioned twice, the speaker's actor mentioned inside the content by another mention,
    and a mention just outside the span."""
    text = (
        "Dmitry Peskov told Antony Blinken that talks with Kyiv and Kyiv again would go on. "
        '"Nothing changes for Peskov," Peskov said of Moscow.'
    )
    peskov = Actor(id="dmitry-peskov", name="Dmitry Peskov", type="person", country="RUS", sector="GOV",
                   mentions=[sp(text, "Dmitry Peskov"), sp(text, "Peskov", 1), sp(text, "Peskov", 2)])  # fmt: skip
    blinken = Actor(id="antony-blinken", name="Antony Blinken", type="person", country="USA", sector="GOV",
                    mentions=[sp(text, "Antony Blinken")])  # fmt: skip
    ukraine = Actor(id="UKR", name="Ukraine", type="country", country="UKR", sector="GOV",
                    mentions=[sp(text, "Kyiv"), sp(text, "Kyiv", 1)])  # fmt: skip
    return Analysis(
        article=Article(text=text, title="Peskov and Blinken", source="Test Wire", published="2024-04-01"),
        actors=[peskov, blinken, ukraine, country(text, "RUS", "Russia", "Moscow")],
        quotes=[
            Quote(content=sp(text, "talks with Kyiv and Kyiv again would go on"),
                  speaker=Speaker(sp(text, "Dmitry Peskov"), "dmitry-peskov"), cue=sp(text, "told")),
            Quote(content=sp(text, "Nothing changes for Peskov,"), speaker=Speaker(sp(text, "Peskov", 2), "dmitry-peskov"),
                  cue=sp(text, "said"), kind="direct"),
        ],  # fmt: skip
        extractor="test-1",
    )


def analyses() -> list[Analysis]:
    return [a1(), a2(), a3(), a4()]


# Worked out by hand: (title, statement ordinal, actor) for every statement's actors.
EXPECTED = {
    ("Russia sanctions US", 0, "USA"),  # Washington; the speaker Peskov is left out
    ("US accuses Russia", 0, "RUS"),  # Moscow
    ("US accuses Russia", 1, "USA"),  # Washington (the second "Russia" is not a mention)
    ("Peskov and Blinken", 0, "antony-blinken"),  # between the cue and the content
    ("Peskov and Blinken", 0, "UKR"),  # Kyiv, twice: one row
    ("Peskov and Blinken", 1, "dmitry-peskov"),  # "Peskov" inside the content, not the speaker mention
}  # Xi Jinping's statement mentions no one but its speaker; "Moscow" in a4 is outside the span

ABOUTS = [
    "RUS", "rus", "USA", "CHN", "UKR", "GBR", "dmitry-peskov", "xi-jinping", "antony-blinken", "Antony-Blinken",
    "washington", "Washington", "moscow", "united", "russia", "peskov", "Mr Peskov", "blinken", "kyiv",
    "ukraine", "talks", "kremlin", "nobody",
]  # fmt: skip


def rows(con: duckdb.DuckDBPyConnection) -> set[tuple[str, int, str]]:
    got = con.execute(
        "SELECT a.title, qa.ordinal, qa.actor_id FROM quote_actors qa JOIN articles a ON a.id = qa.article_id"
    ).fetchall()
    assert len(got) == len(set(got)), "one row per statement and actor"
    return set(got)


def write_at_0002(db: Path, sample: list[Analysis], monkeypatch: pytest.MonkeyPatch) -> None:
    """A file as the code before migration 0003 wrote it (schema 0002, no quote_actors)."""
    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:2])
        m.setattr(store_mod, "_CHILD_TABLES", tuple(t for t in store_mod._CHILD_TABLES if t != "quote_actors"))
        with Store(db) as s:
            assert s.migrated == ["0001_initial", "0002_actor_names"]
            assert s.add(sample) == len(sample)
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert schema.applied(con) == ["0001_initial", "0002_actor_names"]
        assert con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'quote_actors'")\
            .fetchone() == (0,)  # fmt: skip
        assert con.execute("SELECT count(*) FROM quotes").fetchone() == (6,)
    finally:
        con.close()


def test_written_by_add(db: Path) -> None:
    with Store(db) as s:
        s.add(analyses())
        assert rows(s.con) == EXPECTED


def test_migration_fills_table_from_0002_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = tmp_path / "old.duckdb", tmp_path / "new.duckdb"
    write_at_0002(old, analyses(), monkeypatch)
    with Store(old) as s:
        assert s.migrated == ["0003_quote_actors"]
        migrated = rows(s.con)
    with Store(new) as s:  # the same analyses written by today's Store.add
        s.add(analyses())
        written = rows(s.con)
    # the migration's SQL and the writer's Python agree, and both match the hand-worked rows
    assert migrated == written == EXPECTED
    with Store(old, read_only=True) as s_old, Store(new, read_only=True) as s_new:
        for about in ABOUTS:
            assert s_old.said(about=about) == s_new.said(about=about), about


def test_said_about_same_as_before_on_sample(db: Path, sample: list[Analysis]) -> None:
    with Store(db) as s:
        s.add(sample)
    with Store(db, read_only=True) as s:
        nonempty = 0
        for about in ABOUTS:
            for speaker in (None, "peskov", "xi"):
                got = s.said(speaker=speaker, about=about)
                assert got == said_before(s.con, speaker=speaker, about=about), (speaker, about)
                nonempty += bool(got)
        assert nonempty >= 10  # the comparison is not between empty lists


def test_said_about_edge_cases(db: Path, sample: list[Analysis]) -> None:
    with Store(db) as s:
        s.add([*sample, a4()])
    with Store(db, read_only=True) as s:
        talks, nothing = "talks with Kyiv and Kyiv again would go on", "Nothing changes for Peskov,"
        assert [r.content for r in s.said(about="UKR")] == [talks]
        assert [r.content for r in s.said(about="kyiv")] == [talks]
        assert [r.content for r in s.said(about="blinken")] == [talks]  # between the cue and the content
        assert [r.content for r in s.said(about="USA")][:1] == [talks]  # Blinken is a US actor
        assert [r.content for r in s.said(about="RUS", speaker="peskov")] == [nothing, "Moscow will respond."]
        assert s.said(about="moscow", speaker="dmitry-peskov")[0].content == "Moscow will respond."  # a4's is outside
        for about in ("UKR", "kyiv", "blinken", "USA", "moscow", "dmitry-peskov", "peskov", "talks"):
            assert s.said(about=about) == said_before(s.con, about=about), about
        # a name resolves to the actor through every name it was written as (actor_names):
        # "Mr Peskov" (a2) finds a4's statement that mentions him as "Peskov"; before
        # quote_actors only the text of the mention itself was compared
        assert [r.content for r in s.said(about="Mr Peskov")] == [nothing]
        assert said_before(s.con, about="Mr Peskov") == []


def test_replace_and_batch_rollback(db: Path) -> None:
    with Store(db) as s:
        s.add(analyses())
        newer = a4()
        newer.extractor = "test-2"
        newer.quotes = newer.quotes[1:]  # only the second statement, now at ordinal 0
        assert s.add([newer], replace=True) == 1
        assert rows(s.con) == {r for r in EXPECTED if r[0] != "Peskov and Blinken"} | {
            ("Peskov and Blinken", 0, "dmitry-peskov")
        }
        assert [r.content for r in s.said(about="UKR")] == []
        none = a1()
        none.quotes = []
        s.add([none], replace=True)
        assert ("Russia sanctions US", 0, "USA") not in rows(s.con)
        # a failing batch writes no quote_actors rows either
        broken = a2()
        broken.article = Article(text=broken.article.text + " More.", title="broken")
        broken.actors[0].type = None  # type: ignore[assignment]  # violates NOT NULL
        before = rows(s.con)
        with pytest.raises(duckdb.Error):
            s.add([a3(), broken])
        assert rows(s.con) == before
