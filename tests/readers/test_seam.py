"""The readers' public two-stage seam: ``plan_inputs`` then ``read_unit`` per unit, with a ``MetaSidecar``.

One process, the process pool and Dask workers all read through it, so they must give exactly what
``iter_articles`` gives, in the same order.
"""
from __future__ import annotations

import json
from datetime import date

from readers.articles import InputUnit, MetaSidecar, Problem, iter_articles, plan_inputs, read_unit


def _corpus(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "b.txt").write_text("سيطرت القوات على البلدة.", encoding="utf-8")
    (folder / "a.txt").write_text("نص أول.", encoding="utf-8")
    (folder / ".hidden.txt").write_text("مخفي", encoding="utf-8")
    (folder / "sub" / "c.jsonl").write_text(json.dumps({"id": "c1", "text": "نص ثالث"}, ensure_ascii=False) + "\n"
                                           + "{broken\n", encoding="utf-8")
    meta = folder / "meta.jsonl"
    meta.write_text(json.dumps({"id": "a", "published": "2016-03-27", "url": "https://example.org/a"}) + "\n"
                    + json.dumps({"id": "x", "published": "not a date"}) + "\n", encoding="utf-8")
    return folder, meta


def test_plan_lists_files_in_reading_order_without_hidden_files_or_the_sidecar(tmp_path):
    folder, meta = _corpus(tmp_path)
    units = plan_inputs([folder, tmp_path / "missing.txt"], meta_path=meta)
    assert [u.path for u in units] == [str(folder / "a.txt"), str(folder / "b.txt"), str(folder / "sub" / "c.jsonl"),
                                       str(tmp_path / "missing.txt")]
    assert all(u.problem is None for u in units)


def test_reading_the_plan_unit_by_unit_is_iter_articles(tmp_path):
    folder, meta = _corpus(tmp_path)
    sidecar = MetaSidecar.load(meta)
    by_units = [item for unit in plan_inputs([folder, tmp_path / "missing.txt"], meta_path=meta)
                for item in read_unit(unit, sidecar, published=date(2017, 1, 1))]
    whole = list(iter_articles([folder, tmp_path / "missing.txt"], meta_path=meta, published="2017-01-01"))
    assert whole == sidecar.problems + by_units
    articles = {a.id: a for a in by_units if not isinstance(a, Problem)}
    assert articles["a"].published == date(2016, 3, 27) and articles["a"].url == "https://example.org/a"
    assert articles["b"].published == date(2017, 1, 1)  # the --published default
    assert [p.line for p in by_units if isinstance(p, Problem)] == [2, None]  # the broken line, the missing file


def test_the_sidecar_reports_its_own_problems_once(tmp_path):
    _, meta = _corpus(tmp_path)
    sidecar = MetaSidecar.load(meta)
    assert [(p.origin, p.line) for p in sidecar.problems] == [(str(meta), 2)]
    missing = MetaSidecar.load(tmp_path / "gone.jsonl")
    assert len(missing.problems) == 1 and "not found" in missing.problems[0].reason and not missing.records


def test_a_unit_planned_with_a_problem_reads_as_that_problem(tmp_path):
    problem = Problem(str(tmp_path / "loop"), None, "symbolic link loop")
    assert list(read_unit(InputUnit(problem.origin, problem))) == [problem]


def test_a_symlink_loop_is_planned_as_a_problem_in_its_place(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("نص", encoding="utf-8")
    (folder / "loop").symlink_to(folder)
    units = plan_inputs([folder])
    assert [u.path for u in units] == [str(folder / "a.txt"), str(folder / "loop")]
    assert units[0].problem is None and "loop" in units[1].problem.reason
