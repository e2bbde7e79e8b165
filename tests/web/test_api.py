"""The HTTP API through FastAPI's in-process TestClient, over a real DuckDB file built
with the real pipeline and the store's own API."""

from __future__ import annotations

import ipaddress
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import detente
from detente.web.app import MAX_BODY, create_app
from detente.web.fetch import FetchRefused, check_url, why_not_public
from tests.web.helpers import TEXTS, XSS, build_store


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("web") / "news.duckdb", seed=False)


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as c:
        yield c


def _ids(client: TestClient) -> dict[str, str]:
    return {a["title"]: a["id"] for a in client.get("/articles", params={"limit": 100}).json()["items"]}


# --- reading ---------------------------------------------------------------------------------


def test_openapi_lists_every_endpoint(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/analyze", "/articles", "/articles/{article_id}", "/dyads/{a}/{b}", "/statements", "/events",
              "/actors", "/actors/{actor_id}", "/ingest"):  # fmt: skip
        assert p in paths, p
    assert "multipart/form-data" in paths["/analyze"]["post"]["requestBody"]["content"]
    assert "limit" in {p["name"] for p in paths["/events"]["get"]["parameters"]}


def test_articles_paginate_and_filter(client: TestClient) -> None:
    page = client.get("/articles").json()
    assert page["count"] == len(TEXTS) and page["offset"] == 0
    newest = page["items"][0]
    assert newest["published"] == "2024-12-10"  # newest first
    one = client.get("/articles", params={"limit": 1, "offset": 1}).json()
    assert one["count"] == 1 and one["items"][0]["id"] == page["items"][1]["id"]
    assert client.get("/articles", params={"offset": 10}).json()["items"] == []
    sanc = client.get("/articles", params={"q": "sanctions"}).json()["items"]
    assert [a["title"] for a in sanc] == ["US imposes new sanctions on Russia"]
    oct_ = client.get("/articles", params={"since": "2024-10", "until": "2024-10"}).json()["items"]
    assert [a["published"] for a in oct_] == ["2024-10-05"]


@pytest.mark.parametrize(
    ("params", "status", "needle"),
    [
        ({"limit": -1}, 422, "limit"),
        ({"limit": 0}, 422, "limit"),
        ({"limit": 100000}, 422, "limit"),
        ({"offset": -5}, 422, "offset"),
        ({"limit": "ten"}, 422, "limit"),
        ({"since": "yesterday"}, 400, "not a date"),
        ({"until": "2024-02-30"}, 400, "not a date"),
        ({"since": "2025", "until": "2024"}, 400, "after"),
    ],
)
def test_articles_bad_parameters(client: TestClient, params: dict[str, object], status: int, needle: str) -> None:
    r = client.get("/articles", params=params)  # type: ignore[arg-type]
    assert r.status_code == status
    assert needle in r.json()["detail"]


def test_article_by_id_is_the_contract(client: TestClient, db: Path) -> None:
    ids = _ids(client)
    aid = ids["US imposes new sanctions on Russia"]
    body = client.get(f"/articles/{aid}").json()
    assert body["schema"] == "detente.analysis/1"
    assert body["article"]["id"] == aid
    assert any(e["type"] == "SANCTION" for e in body["events"])
    ev = next(e for e in body["events"] if e["type"] == "SANCTION")
    assert body["article"]["text"][ev["trigger"]["start"] : ev["trigger"]["end"]] == ev["trigger"]["text"]
    r = client.get("/articles/0000000000000000")
    assert r.status_code == 404 and "no article" in r.json()["detail"]


def test_dyad_periods(client: TestClient) -> None:
    body = client.get("/dyads/RUS/USA").json()
    assert body["by"] == "month"
    both = {p["period"]: p for p in body["periods"] if p["direction"] == "both"}
    assert "2024-11" in both and "2024-12" in both
    assert both["2024-11"]["by_quad"].get("verbal_conflict", 0) >= 1  # ACCUSE
    assert both["2024-12"]["by_type"].get("SANCTION", 0) >= 1
    weeks = client.get("/dyads/RUS/USA", params={"by": "week"}).json()["periods"]
    assert all("-W" in p["period"] for p in weeks) and weeks
    years = client.get("/dyads/usa/rus", params={"by": "year"}).json()["periods"]
    assert {p["period"] for p in years} == {"2024"}
    assert client.get("/dyads/RUS/USA", params={"since": "2024-12"}).json()["periods"][0]["period"] == "2024-12"
    r = client.get("/dyads/RUS/USA", params={"by": "day"})
    assert r.status_code == 400 and "by must be one of" in r.json()["detail"]
    assert client.get("/dyads/RUS/USA", params={"until": "2024-13-01"}).status_code == 400
    assert client.get("/dyads/XXX/YYY").json()["periods"] == []


def test_statements_filters(client: TestClient) -> None:
    items = client.get("/statements", params={"speaker": "peskov"}).json()["items"]
    assert items and all(s["speaker"] == "dmitry-peskov" for s in items)
    assert "pouring oil" in items[0]["content"]
    about = client.get("/statements", params={"about": "USA"}).json()["items"]
    assert any("Washington" in s["content"] for s in about)
    words = client.get("/statements", params={"q": "solid as a rock"}).json()["items"]
    assert len(words) == 1 and words[0]["speaker"] == "xi-jinping"
    assert client.get("/statements", params={"q": "solid as a rock", "until": "2024-09"}).json()["items"] == []
    page2 = client.get("/statements", params={"limit": 1, "offset": 1}).json()
    assert page2["limit"] == 1 and page2["offset"] == 1 and page2["count"] <= 1
    assert client.get("/statements", params={"since": "2024-1-99"}).status_code == 400
    assert client.get("/statements", params={"limit": -3}).status_code == 422


def test_events_filters(client: TestClient) -> None:
    sanc = client.get("/events", params={"type": "sanction"}).json()["items"]
    assert sanc and all(e["type"] == "SANCTION" for e in sanc)
    us = client.get("/events", params={"source": "USA", "target": "RUS"}).json()["items"]
    assert us and all(e["source_country"] == "USA" and e["target_country"] == "RUS" for e in us)
    both = client.get("/events", params={"type": "SANCTION,ACCUSE"}).json()["items"]
    assert {e["type"] for e in both} >= {"SANCTION", "ACCUSE"}
    assert client.get("/events", params={"since": "2025"}).json()["items"] == []
    r = client.get("/events", params={"type": "SANCTION,BOMBARD"})
    assert r.status_code == 400 and "unknown PLOVER type BOMBARD" in r.json()["detail"]
    assert client.get("/events", params={"until": "soon"}).status_code == 400
    assert client.get("/events", params={"offset": -1}).status_code == 422


def test_actors_list_and_detail(client: TestClient) -> None:
    page = client.get("/actors", params={"limit": 100}).json()
    ids = {a["id"] for a in page["items"]}
    assert {"RUS", "USA", "dmitry-peskov"} <= ids
    found = client.get("/actors", params={"q": "pesk"}).json()["items"]
    assert [a["id"] for a in found] == ["dmitry-peskov"]
    rus = client.get("/actors/RUS").json()
    assert rus["country"] == "RUS" and rus["type"] == "country"
    assert {"Russia"} <= {a["text"] for a in rus["aliases"]}
    assert rus["events_as_source"] and rus["events_as_target"]
    peskov = client.get("/actors/dmitry-peskov").json()
    assert peskov["statements"] and peskov["statements"][0]["content"].startswith("Washington")
    assert "Kremlin spokesman" in " ".join(peskov["roles"])
    r = client.get("/actors/no-such-actor")
    assert r.status_code == 404 and "no actor" in r.json()["detail"]


# --- analyze ---------------------------------------------------------------------------------


def test_analyze_json_matches_the_library(client: TestClient) -> None:
    title, pub, text = TEXTS[1]
    r = client.post("/analyze", json={"text": text, "published": pub, "title": title})
    assert r.status_code == 200
    body = r.json()
    lib = detente.analyze(text, published=pub, title=title).to_dict()
    assert body["schema"] == lib["schema"] and body["article"]["id"] == lib["article"]["id"]
    for key in ("actors", "quotes", "events", "times"):
        assert body[key] == lib[key], key
    assert body["article"]["language"] == "en"


def test_analyze_upload_and_plain_text(client: TestClient) -> None:
    title, pub, text = TEXTS[0]
    up = client.post("/analyze", files={"file": ("a.txt", text.encode(), "text/plain")}, data={"published": pub})
    assert up.status_code == 200, up.text
    assert up.json()["article"]["published"] == pub
    assert any(e["type"] == "ACCUSE" for e in up.json()["events"])
    plain = client.post("/analyze", content=text.encode(), headers={"content-type": "text/plain"},
                        params={"published": pub})  # fmt: skip
    assert plain.status_code == 200 and plain.json()["events"] == up.json()["events"]


def test_analyze_limits_and_errors(client: TestClient) -> None:
    big = "Russia said no. " * (MAX_BODY // 16 + 10)
    r = client.post("/analyze", json={"text": big})
    assert r.status_code == 413 and "too large" in r.json()["detail"]
    r = client.post("/analyze", files={"file": ("big.txt", big.encode(), "text/plain")})
    assert r.status_code == 413
    r = client.post("/analyze", json={"published": "2024-01-01"})
    assert r.status_code == 422 and "text" in r.json()["detail"]
    r = client.post("/analyze", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422
    r = client.post("/analyze", json={"text": "Russia said no.", "published": "20/11/2024"})
    assert r.status_code == 400 and "YYYY-MM-DD" in r.json()["detail"]
    r = client.post("/analyze", json={"text": "   "})
    assert r.status_code == 400 and "empty" in r.json()["detail"]
    r = client.post("/analyze", content=b"x", headers={"content-type": "image/png"})
    assert r.status_code == 415
    r = client.post("/analyze", files={"other": ("a.txt", b"Russia said no.", "text/plain")})
    assert r.status_code == 422 and "'file'" in r.json()["detail"]


# --- ingest and SSRF -------------------------------------------------------------------------


def test_ingest_is_off_by_default(client: TestClient) -> None:
    r = client.post("/ingest", json={"urls": ["https://example.com/feed.xml"]})
    assert r.status_code == 403 and "--allow-ingest" in r.json()["detail"]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/feed", "http://localhost:8000/", "http://10.1.2.3/", "http://192.168.0.1/",
        "http://172.16.5.4/", "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://0.0.0.0/",
        "http://100.64.0.1/", "http://[fe80::1]/", "http://[::ffff:127.0.0.1]/", "http://240.0.0.1/",
        "http://2130706433/",
    ],
)  # fmt: skip
def test_ingest_refuses_local_addresses(db: Path, url: str) -> None:
    with TestClient(create_app(db, allow_ingest=True)) as c:
        r = c.post("/ingest", json={"urls": [url]})
    assert r.status_code == 400, r.text
    assert "refused" in r.json()["detail"] or "cannot resolve" in r.json()["detail"]


def test_ingest_refuses_names_resolving_to_private(db: Path) -> None:
    def resolver(host: str, port: int) -> list[str]:
        return {"news.example": ["93.184.216.34", "10.0.0.7"], "ok.example": ["93.184.216.34"]}[host]

    with pytest.raises(FetchRefused, match="10.0.0.7, a private address"):
        check_url("https://news.example/rss", resolve=resolver)
    assert check_url("https://ok.example/rss", resolve=resolver).addresses == ("93.184.216.34",)
    for bad in ("file:///etc/passwd", "ftp://ok.example/x", "gopher://x", "http://user:pw@ok.example/", "http:///x"):
        with pytest.raises(FetchRefused):
            check_url(bad, resolve=resolver)
    with TestClient(create_app(db, allow_ingest=True, resolver=resolver)) as c:
        r = c.post("/ingest", json={"urls": ["https://news.example/rss"]})
    assert r.status_code == 400 and "private" in r.json()["detail"]


def test_why_not_public() -> None:
    assert why_not_public(ipaddress.ip_address("8.8.8.8")) is None
    assert why_not_public(ipaddress.ip_address("2001:4860:4860::8888")) is None
    assert why_not_public(ipaddress.ip_address("127.0.0.1")) == "loopback"
    assert why_not_public(ipaddress.ip_address("::ffff:10.0.0.1")) == "private"
    assert why_not_public(ipaddress.ip_address("169.254.1.1")) == "private"  # link-local is also private
    assert why_not_public(ipaddress.ip_address("224.0.0.1")) == "multicast"


class _Feed(BaseHTTPRequestHandler):
    body = b""

    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/story.txt")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


def test_ingest_with_allow_private_fetches_and_stores(tmp_path: Path) -> None:
    db = build_store(tmp_path / "ing.duckdb", seed=False)
    text = "Japan and South Korea agreed on Friday to resume regular security talks, officials said."
    _Feed.body = text.encode()
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Feed)
    th = threading.Thread(target=srv.serve_forever, daemon=True)
    th.start()
    try:
        url = f"http://127.0.0.1:{srv.server_address[1]}/moved"
        with TestClient(create_app(db, allow_ingest=True)) as c:
            assert c.post("/ingest", json={"urls": [url]}).status_code == 400  # still refused without allow_private
        with TestClient(create_app(db, allow_ingest=True, allow_private=True)) as c:
            r = c.post("/ingest", json={"urls": [url], "published": "2024-12-20"})
            assert r.status_code == 200, r.text
            out = r.json()
            assert out["stored"] == 1 and out["fetched"][0].endswith("/story.txt")
            aid = out["article_ids"][0]
            stored = c.get(f"/articles/{aid}").json()
            assert stored["article"]["published"] == "2024-12-20"
            assert any(e["type"] == "AGREE" for e in stored["events"])
            again = c.post("/ingest", json={"urls": [url]}).json()
            assert again["stored"] == 0 and again["already_stored"] == 1
    finally:
        srv.shutdown()


# --- database busy -----------------------------------------------------------------------------


def test_locked_database_is_a_503(tmp_path: Path) -> None:
    db = build_store(tmp_path / "locked.duckdb", seed=False)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True); "
         "time.sleep(60)", str(db)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with TestClient(create_app(db)) as c:
            r = c.get("/articles")
            assert r.status_code == 503 and "busy" in r.json()["detail"]
            page = c.get("/", headers={"accept": "text/html"})
            assert page.status_code == 503 and "being written" in page.text
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.2)
    with TestClient(create_app(db)) as c:
        assert c.get("/articles").status_code == 200


def test_missing_database_is_a_503(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "nope.duckdb")) as c:
        r = c.get("/events")
    assert r.status_code == 503 and "no database" in r.json()["detail"]


# --- pages -------------------------------------------------------------------------------------


def test_pages_render_and_escape(client: TestClient) -> None:
    html = {"accept": "text/html"}
    home = client.get("/")
    assert home.status_code == 200 and 'href="/dyad/RUS/USA"' in home.text
    assert "Content-Security-Policy" in home.headers and "script-src 'self'" in home.headers["Content-Security-Policy"]
    ids = _ids(client)
    xss = client.get(f"/article/{ids['Berlin criticises Paris <b>over budget</b>']}")
    assert xss.status_code == 200
    assert XSS not in xss.text and "&lt;script&gt;window.__xss=1&lt;/script&gt;" in xss.text
    assert "<b>over budget</b>" not in xss.text and "&lt;b&gt;over budget&lt;/b&gt;" in xss.text
    assert XSS not in client.get("/").text and XSS not in client.get("/statements", headers=html).text
    dyad = client.get("/dyad/RUS/USA")
    assert dyad.status_code == 200 and 'id="dyad-chart"' in dyad.text and "/static/plotly.min.js" in dyad.text
    assert "pouring oil" in dyad.text  # the statement behind the period is listed
    assert client.get("/dyad/RUS/USA", params={"by": "week"}).status_code == 200
    assert client.get("/dyad/RUS/USA", params={"by": "fortnight"}, headers=html).status_code == 400
    search = client.get("/statements", params={"speaker": "peskov"}, headers=html)
    assert search.status_code == 200 and "pouring oil" in search.text and "<form" in search.text
    bad = client.get("/statements", params={"since": "soon"}, headers=html)
    assert bad.status_code == 200 and "not a date" in bad.text
    actor = client.get("/actor/dmitry-peskov")
    assert actor.status_code == 200 and "Kremlin spokesman" in actor.text
    missing = client.get("/actor/nobody", headers=html)
    assert missing.status_code == 404 and "<html" in missing.text and "no actor" in missing.text
    js = client.get("/static/plotly.min.js")
    assert js.status_code == 200 and len(js.content) > 1_000_000 and js.headers["content-type"].startswith("text/javascript")
