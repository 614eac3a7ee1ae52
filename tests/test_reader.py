"""Read stage: encodings, newline/Unicode normalization, header parsing, unreadable files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.errors import SeedError
from generator.models import Header
from generator.reader import decode_bytes, parse_header, read_seed, read_seeds

RUSSIAN = ("Президент России Владимир Путин провёл переговоры с коллегой из Киргизии в Москве. "
           "Стороны обсудили военное сотрудничество.")
ENGLISH = "Russian President Vladimir Putin held talks with his Kyrgyz counterpart in Moscow on Monday."


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (ENGLISH, "utf-8"),
        (RUSSIAN, "utf-8"),
        (RUSSIAN, "utf-8-sig"),
        (RUSSIAN, "cp1251"),
        (RUSSIAN, "koi8-r"),
        (RUSSIAN, "utf-16"),  # with BOM
        (RUSSIAN, "utf-16-le"),  # without BOM
        (RUSSIAN, "utf-16-be"),  # without BOM
        (ENGLISH, "utf-16-le"),
        ("Путин и Жапаров подписали заявление.", "cp1251"),  # short texts fool plain detectors
        ("Путин и Жапаров подписали заявление.", "koi8-r"),
        ("Ёжик в тумане", "koi8-r"),
        ("Café déjà vu: naïve résumé in Paris.", "cp1252"),
    ],
)
def test_decode_gives_the_right_text(text: str, encoding: str) -> None:
    decoded, _ = decode_bytes("x.txt", text.encode(encoding))
    assert decoded == text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4, "binary"),
        (bytes(range(1, 32)) * 50, "binary"),
    ],
)
def test_non_text_is_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(SeedError, match=reason) as caught:
        decode_bytes("bad.txt", data)
    assert caught.value.seed == "bad.txt"


@pytest.mark.parametrize(
    ("first_line", "expected"),
    [
        (" date 2023-05-09 ", Header("2023-05-09", None, None)),
        (" date 2023-10-12 https://example.com/a/b.html", Header("2023-10-12", "https://example.com/a/b.html", None)),
        (" date 2023-10-19 In rare visit abroad, Putin holds talks", Header("2023-10-19", None, "In rare visit abroad, Putin holds talks")),
        (" date 2023-05-08 MOSCOW, May 8. /TASS/. Text", Header("2023-05-08", None, "MOSCOW, May 8. /TASS/. Text")),
        ("date 2023-02-30 javascript:alert(1) Title", Header("2023-02-30", "javascript:alert(1)", "Title")),
        (" date 2023-01-01 https://x.org/  Title  with   spaces", Header("2023-01-01", "https://x.org/", "Title with spaces")),
        ("21 мая 2024", None),
        ("Dated 2023-05-09", None),
    ],
)
def test_parse_header(first_line: str, expected: Header | None) -> None:
    header, rest = parse_header(first_line + "\nbody")
    assert header == expected
    assert rest == ("body" if expected else first_line + "\nbody")


def test_newlines_and_unicode_are_normalized(tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_bytes("Line one\r\nCafe\u0301\u00a0bar\rthird\u200b line".encode("utf-8"))
    seed = read_seed(path, tmp_path, 10_000)
    assert seed.text == "Line one\nCafé bar\nthird line"


def test_read_seeds_reports_each_bad_file_by_name(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Some article text that is long enough to be an article.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "big.txt").write_text("x" * 200, encoding="utf-8")
    (tmp_path / "folder").mkdir()
    (tmp_path / ".hidden").write_text("editor's swap file", encoding="utf-8")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("secret", encoding="utf-8")
    os.symlink(outside, tmp_path / "link.txt")
    seeds, skipped = read_seeds(tmp_path, max_bytes=100)
    assert [s.name for s in seeds] == ["good.txt"]
    reasons = {s.name: s.reason for s in skipped}
    assert set(reasons) == {"empty.txt", "big.txt", "folder", "link.txt", ".hidden"}
    assert "limit" in reasons["big.txt"] and "outside" in reasons["link.txt"] and "empty" in reasons["empty.txt"]
