from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from detente.ingest import Skipped, iter_articles
from detente.ingest.base import IngestError
from detente.ingest.text import body_end, decode_bytes, is_furniture, read_jsonl, read_text
from detente.models import Article, article_id_for

from .helpers import FIXTURES


def test_txt_text_is_whole_file_and_body_end_excludes_furniture() -> None:
    raw = (FIXTURES / "furniture.txt").read_bytes()
    [art] = list(iter_articles([FIXTURES / "furniture.txt"]))
    assert isinstance(art, Article)
    assert art.text == raw.decode("utf-8")
    assert art.id == article_id_for(art.text)
    assert art.title is None
    assert art.body_end is not None
    assert art.text[: art.body_end].endswith("The next round is planned for December.")
    assert "Share this article" not in art.text[: art.body_end]


def test_title_first_line() -> None:
    [art] = list(iter_articles([FIXTURES / "furniture.txt"], title_first_line=True))
    assert isinstance(art, Article)
    assert art.title == "Talks in Geneva"
    assert art.text.startswith("Talks in Geneva\n")


def test_body_end_none_without_furniture_and_ignores_midtext_markers() -> None:
    assert body_end("Russia said it would respond.\nThe talks continue.") is None
    text = "First paragraph of the story.\nAdvertisement\nThe minister said the talks would go on until Friday, officials confirmed.\n"
    assert body_end(text) is None  # furniture in the middle, body follows
    assert is_furniture("Comments (12)") and is_furniture("  Share this article ")
    assert not is_furniture("The minister shared his comments with reporters.")


def test_utf16_with_bom_decodes() -> None:
    [art] = list(iter_articles([FIXTURES / "utf16.txt"]))
    assert isinstance(art, Article)
    assert art.text.startswith("Les ministres se sont réunis à Genève")
    assert art.language == "fr"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (codecs.BOM_UTF8 + "café".encode(), "café"),
        ('<meta charset="windows-1252"><p>caf\xe9</p>'.encode("cp1252"), '<meta charset="windows-1252"><p>café</p>'),
        ("naïve résumé".encode(), "naïve résumé"),
        ("Привет, мир! Это проверка кодировки текста.".encode("cp1251"), "Привет, мир! Это проверка кодировки текста."),
    ],
)
def test_decode_bytes(data: bytes, expected: str) -> None:
    assert decode_bytes(data)[0] == expected


def test_binary_is_refused() -> None:
    with pytest.raises(IngestError, match="binary"):
        decode_bytes((FIXTURES / "binary.bin").read_bytes())
    [s] = list(iter_articles([FIXTURES / "binary.bin"]))
    assert isinstance(s, Skipped) and "binary" in s.reason


def test_jsonl_bad_lines_are_skipped_with_line_numbers() -> None:
    items = list(iter_articles([FIXTURES / "bad.jsonl"]))
    arts = [i for i in items if isinstance(i, Article)]
    skips = {s.source.rsplit(":", 1)[1]: s.reason for s in items if isinstance(s, Skipped)}
    assert [a.id for a in arts[:1]] == ["a1"]
    assert arts[0].published == "2024-11-18" and arts[0].title == "Russia responds"
    assert arts[0].url == "https://example.org/a1" and arts[0].source == "Wire"
    assert len(arts) == 2 and arts[1].text.startswith("Kenya") and arts[1].id == article_id_for(arts[1].text)
    assert set(skips) == {"2", "4", "5", "6"}  # line 3 is blank: not a record
    assert "invalid JSON" in skips["2"] and "not an object" in skips["4"]
    assert "text" in skips["5"] and "ISO date" in skips["6"]


def test_size_limit_is_a_clear_skip(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    p.write_text("word " * 1000)
    [s] = list(iter_articles([p], max_bytes=100))
    assert isinstance(s, Skipped) and "too large" in s.reason and "5,000 bytes" in s.reason
    [a] = list(iter_articles([p]))
    assert isinstance(a, Article)


def test_empty_and_missing() -> None:
    assert isinstance(next(read_text(b"   \n", source="x")), Skipped)
    [s] = list(iter_articles(["/nonexistent/nowhere.txt"]))
    assert isinstance(s, Skipped) and "no such file" in s.reason
    assert list(read_jsonl(b"", source="x")) == []


def test_published_given_by_the_user_is_not_inferred() -> None:
    [art] = list(iter_articles([FIXTURES / "utf16.txt"], published="2024-11-20"))
    assert isinstance(art, Article) and art.published == "2024-11-20" and not art.published_inferred
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        list(iter_articles([FIXTURES / "utf16.txt"], published="20 Nov"))
