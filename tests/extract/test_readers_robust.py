"""Bad inputs (issue 7): each gets one clear Problem naming the file, and the good inputs still come through."""
from __future__ import annotations

import os
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import readers.articles as readers
from readers.articles import Problem, iter_articles
from records.article import Article

GOOD = "دخلت فصائل المعارضة إلى بلدة كفرنبودة بعد انسحاب القوات منها."


def read(*paths, **kw) -> list[Article | Problem]:
    return list(iter_articles([str(p) for p in paths], **kw))


def split(items) -> tuple[list[Article], list[Problem]]:
    return [a for a in items if isinstance(a, Article)], [p for p in items if isinstance(p, Problem)]


def _png(path: Path) -> None:
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))


def _zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("inner.txt", GOOD)


@pytest.mark.parametrize("name,make,why", [
    ("empty.txt", lambda p: p.write_bytes(b""), "empty file"),
    ("blank.txt", lambda p: p.write_text(" \n\t\r\n  \u00a0"), "only whitespace"),
    ("photo.txt", _png, "PNG image"),
    ("photo.png", _png, "PNG image"),
    ("archive.txt", _zip, "zip archive"),
    ("nul.txt", lambda p: p.write_bytes(b"abc\x00\x01\x02\x03" * 50), "NUL bytes"),
    ("noise.txt", lambda p: p.write_bytes(bytes(range(128, 256)) * 4 + b"\x01\x02\x03\x04" * 20), "decode"),
    ("broken.jsonl", _png, "PNG image"),
    ("page.html", _zip, "zip archive"),
])
def test_each_bad_file_is_one_problem_and_the_run_goes_on(tmp_path: Path, name: str, make, why: str) -> None:
    bad = tmp_path / name
    make(bad)
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    arts, probs = split(read(bad, good))
    assert [a.id for a in arts] == ["good"]
    assert len(probs) == 1
    assert probs[0].origin == str(bad) and why in probs[0].reason
    assert str(bad) in str(probs[0])


def test_nonexistent_path_and_broken_link(tmp_path: Path) -> None:
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    _, probs = split(read(tmp_path / "missing.txt", tmp_path / "dangling.txt"))
    assert [p.reason for p in probs] == ["no such file or folder; check the path", "broken symbolic link"]


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text(GOOD)
    locked.chmod(0)
    if os.access(locked, os.R_OK):  # root reads anything: simulate the refusal the OS would give a user
        real_open = open

        def refusing_open(path, *args, **kwargs):
            if str(path) == str(locked):
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, *args, **kwargs)
        monkeypatch.setattr(readers, "open", refusing_open, raising=False)
    try:
        _, probs = split(read(locked))
    finally:
        locked.chmod(0o644)
    assert len(probs) == 1 and probs[0].origin == str(locked) and "permission denied" in probs[0].reason


def test_a_pipe_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    _, probs = split(read(fifo))  # would block forever if opened
    assert "not a regular file" in probs[0].reason


def test_symlink_loops_are_reported_and_each_file_read_once(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "a.txt").write_text(GOOD)
    (root / "sub" / "back").symlink_to(root, target_is_directory=True)  # loop through an ancestor
    (root / "self").symlink_to(".", target_is_directory=True)            # loop onto itself
    (root / "again").symlink_to(root / "sub", target_is_directory=True)  # a second way in, not a loop
    arts, probs = split(read(root))
    assert [a.id for a in arts] == ["a"]
    assert len(probs) == 2 and all("loop" in p.reason for p in probs)
    assert {Path(p.origin).name for p in probs} == {"back", "self"}


def test_a_jsonl_line_that_is_not_utf8_is_one_problem_and_the_rest_is_read(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes('{"id": "ok1", "text": "نص أول"}\n'.encode() + b'{"id": "bad", "text": "\xff\xfe"}\n'
                     + '{"id": "ok2", "text": "نص ثان"}\n'.encode())
    arts, probs = split(read(path))
    assert [(a.id, a.text) for a in arts] == [("ok1", "نص أول"), ("ok2", "نص ثان")]
    assert [(p.line, "UTF-8" in p.reason) for p in probs] == [(2, True)]


# ---------------------------------------------------------------------------------------------- huge files

def _big_text(paragraphs: int) -> str:
    return "\n\n".join(f"الفقرة {i}: {GOOD}\r\nسطر إضافي {i}" for i in range(paragraphs)) + "\n"


def test_large_file_streams_as_bounded_parts_that_rebuild_the_text(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "PART_CHARS", 5_000)
    monkeypatch.setattr(readers, "CHUNK_BYTES", 3_001)  # odd size: chunks split \r\n pairs and UTF-8 sequences
    monkeypatch.setattr(readers, "SNIFF_BYTES", 1_024)
    text = _big_text(400)
    path = tmp_path / "dump.txt"
    path.write_bytes(text.encode("utf-8"))
    arts, probs = split(read(path))
    assert not probs
    assert len(arts) >= 6
    assert [a.id for a in arts] == [f"dump#p{i}" for i in range(1, len(arts) + 1)]
    expected = text.replace("\r\n", "\n")
    assert "".join(a.text for a in arts) == expected
    for article in arts:
        assert len(article.text) <= 5_000
        assert expected[article.base_offset:article.base_offset + len(article.text)] == article.text
        assert article.text.endswith("\n\n") or article is arts[-1]  # cut at paragraph breaks
    assert len({a.content_hash for a in arts}) == len(arts)


def test_large_file_parts_share_the_metadata_of_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "PART_CHARS", 2_000)
    path = tmp_path / "dump.txt"
    path.write_text(_big_text(50), encoding="utf-8")
    meta = tmp_path / "meta.jsonl"
    meta.write_text('{"id": "dump", "published": "2018-02-03", "outlet": "أرشيف"}\n', encoding="utf-8")
    arts, _ = split(read(path, meta_path=meta))
    assert len(arts) > 2
    assert all(a.published.isoformat() == "2018-02-03" and a.outlet == "أرشيف" for a in arts)


def test_peak_memory_does_not_grow_with_file_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "PART_CHARS", 100_000)
    monkeypatch.setattr(readers, "CHUNK_BYTES", 64 << 10)
    path = tmp_path / "big.txt"
    block = _big_text(200).encode("utf-8")
    with open(path, "wb") as fh:
        while fh.tell() < 12 << 20:
            fh.write(block)
    tracemalloc.start()
    try:
        parts = total = 0
        for item in iter_articles([str(path)]):
            assert isinstance(item, Article)
            parts += 1
            total += len(item.text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert parts > 50 and total > 5_000_000
    assert peak < 3 << 20, f"peak {peak / 2**20:.1f} MiB for a 12 MiB file"  # a naive read() holds ~36 MiB


def test_encoding_error_late_in_a_large_file_is_reported_after_the_good_parts(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "PART_CHARS", 2_000)
    monkeypatch.setattr(readers, "SNIFF_BYTES", 1_024)
    monkeypatch.setattr(readers, "CHUNK_BYTES", 1_024)
    path = tmp_path / "late.txt"
    good = _big_text(200)
    path.write_bytes(good.encode("utf-8") + b"\xff\xfe\xfd tail")
    arts, probs = split(read(path))
    assert len(probs) == 1
    assert probs[0].origin == str(path) and "near byte" in probs[0].reason
    rebuilt = "".join(a.text for a in arts)
    assert rebuilt and good.replace("\r\n", "\n").startswith(rebuilt)
    assert len(rebuilt) > len(good) - 3 * 2_000  # every complete part before the bad bytes was kept


# ---------------------------------------------------------------------------------------------- fuzzing

_PIECES = st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\x00", b"\r", b"\n", b"\r\n", b'"', b",", b"{", b"}",
                           b'"text"', b":", "نص عربي".encode(), "نص".encode("cp1256"), b"\x89PNG", b"PK\x03\x04",
                           b"<p>", b"</p>", b"<!--", b"<script>", b"\xd9", b"text,id\n"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=600), st.lists(_PIECES, max_size=40).map(b"".join)),
       ext=st.sampled_from([".txt", ".jsonl", ".csv", ".html", ".dat"]))
def test_any_bytes_give_articles_or_problems_never_an_exception(tmp_path: Path, data: bytes, ext: str) -> None:
    path = tmp_path / f"fuzz{ext}"
    path.write_bytes(data)
    for item in read(path):
        assert isinstance(item, (Article, Problem))
        if isinstance(item, Article):
            assert item.text.strip() and "\r" not in item.text and item.id
        else:
            assert item.origin == str(path) and item.reason


# ---------------------------------------------------------------------------------------------- through the CLI

def test_cli_reports_each_bad_input_on_one_line_and_strict_stops(tmp_path: Path) -> None:
    from tests.conftest import run_cli

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_good.txt").write_text(GOOD, encoding="utf-8")
    _png(folder / "b_image.txt")
    (folder / "c_empty.txt").write_bytes(b"")
    (folder / "d_batch.jsonl").write_text('{"id": "j1", "text": "%s"}\n{broken\n' % GOOD, encoding="utf-8")
    (folder / "e_old.txt").write_bytes(GOOD.encode("cp1256"))
    out = tmp_path / "events.geojson"
    result = run_cli("extract", str(folder), "-o", str(out))
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stderr.splitlines() if str(folder) in line]
    assert len(lines) == 3
    assert any("b_image.txt" in line and "PNG" in line for line in lines)
    assert any("c_empty.txt" in line and "empty" in line for line in lines)
    assert any("d_batch.jsonl:2" in line and "malformed JSON" in line for line in lines)
    assert "3 articles" in result.stderr and out.exists()  # a_good, j1 and e_old (cp1256): nothing good lost

    strict = run_cli("extract", str(folder), "-o", str(tmp_path / "strict.geojson"), "--strict")
    assert strict.returncode != 0 and "b_image.txt" in strict.stderr
    assert not (tmp_path / "strict.geojson").exists()
