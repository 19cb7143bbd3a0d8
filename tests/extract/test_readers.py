"""Readers: every input form, every encoding, ids, metadata precedence and strict mode.

All inputs are written here; the sentences are made up for the tests.
"""
from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from core.errors import InputError, UsageError
from core.paths import ROOT
from readers.articles import Problem, iter_articles, safe_id
from records.article import Article

AR = "سيطرت قوات النظام على قرية البويضة بعد معارك عنيفة."
AR2 = "انسحب مقاتلو التنظيم من بلدة الحمرا باتجاه الشرق."


def read(*paths, **kw) -> list[Article | Problem]:
    return list(iter_articles([str(p) for p in paths], **kw))


def articles(items) -> list[Article]:
    return [a for a in items if isinstance(a, Article)]


def problems(items) -> list[Problem]:
    return [p for p in items if isinstance(p, Problem)]


def one(items) -> Article:
    assert not problems(items), problems(items)
    (article,) = articles(items)
    return article


# ---------------------------------------------------------------------------------------------- encodings

@pytest.mark.parametrize("encoding,prefix", [
    ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
    ("cp1256", b""),
])
def test_text_file_in_each_encoding_reads_the_same_text(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(prefix + f"{AR}\n{AR2}".encode(encoding))
    article = one(read(path))
    assert article.text == f"{AR}\n{AR2}"
    assert article.id == "story"
    assert article.content_hash == hashlib.sha256(article.text.encode()).hexdigest()
    assert article.origin == str(path)


def test_utf16_without_bom_is_recognised_when_it_decodes_to_arabic(tmp_path: Path) -> None:
    path = tmp_path / "nobom.txt"
    path.write_bytes(AR.encode("utf-16-le"))
    assert one(read(path)).text == AR


def test_mixed_line_endings_become_newlines(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes("سطر أول\r\nسطر ثان\rسطر ثالث\nسطر رابع\r\n".encode())
    assert one(read(path)).text == "سطر أول\nسطر ثان\nسطر ثالث\nسطر رابع\n"


def test_latin1_bytes_that_are_not_arabic_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Déjà vu, à la française, très énervé".encode("latin-1"))
    (problem,) = problems(read(path))
    assert "decode" in problem.reason and problem.origin == str(path)


# ---------------------------------------------------------------------------------------------- HTML

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>قوات النظام تسيطر على البويضة</title>
<style>.x{color:red}</style><script>var tracking = "سكربت";</script>
<meta property="article:published_time" content="2016-03-04T09:00:00+02:00"></head>
<body><header><a href="/">الرئيسية</a></header><nav><ul><li>أخبار</li><li>رياضة</li></ul></nav>
<!-- تعليق مخفي -->
<article><h1>قوات النظام تسيطر على البويضة</h1>
<p>سيطرت <a href="/tag">قوات النظام</a> على قرية البويضة&nbsp;صباح اليوم.</p>
<p>وقال مصدر عسكري إن<br>المعارك مستمرة.</p>
<div class="share-buttons">شارك على فيسبوك</div>
<form><input value="بحث"></form></article>
<aside>الأكثر قراءة</aside><div id="comments">تعليق زائر</div><footer>جميع الحقوق محفوظة</footer>
<script>alert("x")</script></body></html>"""


def test_html_keeps_title_and_article_text_and_drops_boilerplate(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    article = one(read(path))
    lines = article.text.split("\n")
    assert lines[0] == "قوات النظام تسيطر على البويضة"
    assert "سيطرت قوات النظام على قرية البويضة صباح اليوم." in lines  # inline link kept in its sentence
    assert "وقال مصدر عسكري إن" in lines and "المعارك مستمرة." in lines
    for junk in ("سكربت", "color", "الرئيسية", "رياضة", "تعليق", "شارك", "بحث", "الأكثر قراءة", "الحقوق", "alert"):
        assert junk not in article.text
    assert article.published == date(2016, 3, 4)  # from the page's own meta
    assert article.id == "page"


def test_html_in_windows_1256_declared_by_meta_charset(tmp_path: Path) -> None:
    path = tmp_path / "old.htm"
    markup = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256"></head>' \
             f"<body><p>{AR}</p></body></html>"
    path.write_bytes(markup.encode("cp1256"))
    assert one(read(path)).text == AR


def test_html_without_text_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><script>x()</script></head><body><nav>menu</nav></body></html>")
    (problem,) = problems(read(path))
    assert "no article text" in problem.reason


# ---------------------------------------------------------------------------------------------- JSONL and CSV

def test_jsonl_records_and_bad_lines_each_reported_with_line_number(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": AR, "published": "2017-12-13", "url": "https://x.test/1", "outlet": "وكالة"}),
        "{not json",
        json.dumps({"id": "a3", "published": "2017-12-13"}),
        json.dumps({"id": "a4", "text": AR, "published": 20171213}),
        "",
        json.dumps({"id": "a6", "text": AR2, "published": "2017-02-30"}),
        json.dumps({"text": AR2}),
        json.dumps(["a list"]),
        json.dumps({"id": 7, "text": AR2, "published": None}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read(path)
    good = articles(items)
    assert [a.id for a in good] == ["a1", "batch-7", "7"]
    assert good[0].published == date(2017, 12, 13) and good[0].url == "https://x.test/1" and good[0].outlet == "وكالة"
    assert good[0].origin == f"{path}:1"
    bad = {p.line: p.reason for p in problems(items)}
    assert sorted(bad) == [2, 3, 4, 6, 8]
    assert "malformed JSON" in bad[2]
    assert "no 'text'" in bad[3]
    assert "published" in bad[4] and "int" in bad[4]
    assert "not a real date" in bad[6]
    assert all(p.origin == str(path) for p in problems(items))


def test_csv_with_quoted_newlines_and_record_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "batch.csv"
    path.write_text(
        'id,text,published,outlet\n'
        f'c1,"{AR}\nفقرة ثانية، فيها فاصلة",2016-05-01,جريدة\n'
        'c2,,2016-05-02,\n'
        f'c3,"{AR2}",May 2016,\n'
        f'c4,"{AR2}",,\n', encoding="utf-8")
    items = read(path)
    good = articles(items)
    assert [a.id for a in good] == ["c1", "c4"]
    assert good[0].text == f"{AR}\nفقرة ثانية، فيها فاصلة"
    assert good[0].published == date(2016, 5, 1) and good[0].outlet == "جريدة"
    assert good[1].origin == f"{path}:6"  # c1 spans lines 2-3
    assert {p.line: p.reason for p in problems(items)}.keys() == {4, 5}


def test_csv_without_text_column(tmp_path: Path) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("id,body\n1,نص\n", encoding="utf-8")
    (problem,) = problems(read(path))
    assert "'text' column" in problem.reason


# ---------------------------------------------------------------------------------------------- folders, ids

def test_folder_is_read_recursively_in_sorted_order_skipping_hidden_and_other_files(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text(AR)
    (tmp_path / "a.txt").write_text(AR2)
    (tmp_path / "c.htm").write_text(f"<p>{AR}</p>")
    (tmp_path / ".hidden.txt").write_text(AR)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(AR)
    (tmp_path / "notes.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert [a.id for a in articles(read(tmp_path))] == ["a", "z", "c"]  # a.txt, b/, c.htm: sorted by name


def test_ids_cannot_choose_where_output_goes(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    hostile = ["../../etc/x", "/abs/path", "..\\win\\y", "a\x00b", "..", "", "  ", "C:\\t", "a" * 500]
    path.write_text("\n".join(json.dumps({"id": i, "text": AR}) for i in hostile), encoding="utf-8")
    got = articles(read(path))
    assert len(got) == len(hostile)
    for article in got:
        assert "/" not in article.id and "\\" not in article.id and ".." not in article.id
        assert "\x00" not in article.id and not article.id.startswith(".") and article.id.strip()
        assert len(article.id) <= 120
        assert (tmp_path / article.id).resolve().parent == tmp_path.resolve()
    assert got[0].raw_id == "../../etc/x"  # kept for display


@pytest.mark.parametrize("ordinary", ["d001", "000_a227f8b982ec2629", "تقرير-حلب", "seed 3", "a.b"])
def test_safe_id_leaves_ordinary_ids_alone(ordinary: str) -> None:
    assert safe_id(ordinary) == ordinary


# ---------------------------------------------------------------------------------------------- metadata

def test_meta_sidecar_and_published_fill_only_what_is_missing(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "one.txt").write_text(AR)
    (folder / "two.txt").write_text(AR2)
    (folder / "three.txt").write_text(f"الأحد 13 كانون الأول 2015\n{AR}")
    (folder / "own.jsonl").write_text(json.dumps({"id": "own", "text": AR, "published": "2014-01-02"}))
    meta = folder / "meta.jsonl"  # inside the folder: must not be read as articles
    meta.write_text("\n".join([
        json.dumps({"id": "one", "published": "2017-12-12", "url": "https://x.test/one", "outlet": "سانا"}),
        json.dumps({"id": "own", "published": "2019-09-09", "outlet": "مرصد"}),
        "{broken",
    ]), encoding="utf-8")
    items = read(folder, meta_path=meta, published="2020-01-01")
    by_id = {a.id: a for a in articles(items)}
    assert set(by_id) == {"one", "two", "three", "own"}
    assert by_id["one"].published == date(2017, 12, 12) and by_id["one"].url == "https://x.test/one"
    assert by_id["one"].outlet == "سانا"
    assert by_id["own"].published == date(2014, 1, 2) and by_id["own"].outlet == "مرصد"  # own field wins
    assert by_id["two"].published == date(2020, 1, 1)  # --published fills the rest
    assert by_id["three"].published == date(2020, 1, 1)
    (problem,) = problems(items)
    assert problem.origin == str(meta) and problem.line == 3


def test_publication_date_taken_from_the_header_when_nothing_else_gives_one(tmp_path: Path) -> None:
    path = tmp_path / "dated.txt"
    path.write_text(f"عنوان الخبر\nالإثنين ٢١/ديسمبر/٢٠١٥ - 10:38 م\n{AR}", encoding="utf-8")
    assert one(read(path)).published == date(2015, 12, 21)


def test_bad_published_option_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="YYYY-MM-DD"):
        read(tmp_path, published="13/12/2017")


# ---------------------------------------------------------------------------------------------- stdin, strict

def _fake_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_text(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_stdin(monkeypatch, f"{AR}\r\n{AR2}".encode("utf-16"))
    article = one(list(iter_articles(["-"], published=date(2017, 1, 1))))
    assert article.id == "stdin" and article.text == f"{AR}\n{AR2}" and article.published == date(2017, 1, 1)


def test_stdin_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_stdin(monkeypatch, (json.dumps({"id": "s1", "text": AR}) + "\n{oops\n").encode())
    items = list(iter_articles(["-"]))
    assert [a.id for a in articles(items)] == ["s1"]
    assert [(p.origin, p.line) for p in problems(items)] == [("<stdin>", 2)]


def test_stdin_through_a_real_pipe() -> None:
    code = "from readers.articles import iter_articles\nfor a in iter_articles(['-']): print(a.id, len(a.text))"
    out = subprocess.run([sys.executable, "-c", code], input=AR.encode(), capture_output=True, cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.decode().split() == ["stdin", str(len(AR))]


def test_strict_mode_raises_input_error_at_the_first_problem(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(AR)
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "x", "text": AR}) + "\n{bad\n")
    (tmp_path / "c.txt").write_text(AR2)
    seen = []
    with pytest.raises(InputError) as info:
        for item in iter_articles([tmp_path], on_error="raise"):
            seen.append(item.id)
    assert seen == ["a", "x"]  # c.txt never reached
    assert info.value.path == str(tmp_path / "b.jsonl") and info.value.line == 2
    assert "malformed JSON" in str(info.value)


def test_unknown_on_error_value_is_refused() -> None:
    with pytest.raises(UsageError):
        list(iter_articles([], on_error="ignore"))
