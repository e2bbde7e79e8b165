"""The eval registry, floors and the ``detente eval`` command."""

from __future__ import annotations

import io
import json
import sys
import types
from pathlib import Path

import pytest
from rich.console import Console

from detente.eval import runner as R
from detente.eval.base import EvalResult


def res(name: str, **figures: float) -> EvalResult:
    return EvalResult(name, dict(figures))


# --- floors ----------------------------------------------------------------------------------


def test_check_floors_lists_every_figure_below() -> None:
    floors = {"a": {"f1": 0.8, "acc": 0.9, "gone": 0.1}, "b": {"x": 0.5}}
    results = [res("a", f1=0.79, acc=0.9), res("b", x=0.2), res("c", y=0.0)]
    failures = R.check_floors(results, floors)
    assert [(f.set, f.figure, f.value) for f in failures] == [
        ("a", "f1", 0.79),
        ("a", "gone", None),  # floored figure missing from a set that ran
        ("b", "x", 0.2),
    ]
    assert str(failures[0]) == "a.f1: 0.7900 < floor 0.8000"
    assert R.check_floors([res("a", f1=0.8, acc=0.95, gone=0.1)], floors) == []


def test_check_floors_ignores_skipped_but_not_errors() -> None:
    floors = {"a": {"f1": 0.8}}
    skipped = EvalResult("a", {}, notes=[R.SKIPPED + "no data"])
    errored = EvalResult("a", {}, notes=[R.ERROR + "boom"])
    assert R.check_floors([skipped], floors) == []
    assert [f.figure for f in R.check_floors([errored], floors)] == ["f1"]


def test_raised_floors_never_lowers() -> None:
    floors = {"a": {"f1": 0.9, "acc": 0.5}}
    new = R.raised_floors([res("a", f1=0.5, acc=0.8, p=0.005), res("b", x=0.7)], floors)
    assert new["a"]["f1"] == 0.9  # not lowered
    assert new["a"]["acc"] == pytest.approx(0.79)  # raised to figure - margin
    assert new["a"]["p"] == 0.0  # never below zero
    assert new["b"] == {"x": pytest.approx(0.69)}
    assert floors == {"a": {"f1": 0.9, "acc": 0.5}}  # input untouched
    skipped = EvalResult("c", {"z": 1.0}, notes=[R.SKIPPED + "x"])
    assert "c" not in R.raised_floors([skipped], {})


def test_precision_and_recall_get_no_floor_their_f1_does() -> None:
    new = R.raised_floors([res("a", content_f1=0.7, content_precision=0.8, content_recall=0.6, speaker_accuracy=0.9)], {})
    assert set(new["a"]) == {"content_f1", "speaker_accuracy"}
    assert not any(not R.is_floored(f) for figs in R.load_floors().values() for f in figs)  # nor in the file


def test_update_floors_writes_and_only_moves_up(tmp_path: Path) -> None:
    path = tmp_path / "floors.json"
    path.write_text("{}\n", encoding="utf-8")
    R.update_floors([res("a", f1=0.8512)], path)
    assert json.loads(path.read_text(encoding="utf-8")) == {"a": {"f1": 0.8412}}
    R.update_floors([res("a", f1=0.6)], path)
    assert R.load_floors(path) == {"a": {"f1": 0.8412}}
    R.update_floors([res("a", f1=0.95)], path)
    assert R.load_floors(path)["a"]["f1"] == pytest.approx(0.94)


def test_shipped_floors_file_is_valid() -> None:
    floors = R.load_floors()
    assert isinstance(floors, dict)
    assert all(isinstance(v, float) for figs in floors.values() for v in figs.values())


# --- registry --------------------------------------------------------------------------------


@pytest.fixture
def fake_sets(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    def ok_run(shared: Path, *, limit: int | None = None) -> EvalResult:
        return EvalResult("good", {"f1": 0.5}, counts={"limit": limit or 0})

    def bad_run(shared: Path, *, limit: int | None = None) -> EvalResult:
        raise RuntimeError("boom")

    def nodata_run(shared: Path, *, limit: int | None = None) -> EvalResult:
        raise FileNotFoundError(shared / "gold")

    for name, fn in [("good", ok_run), ("bad", bad_run), ("nodata", nodata_run)]:
        mod = types.ModuleType(f"detente_test_fake_{name}")
        mod.run = fn  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, mod.__name__, mod)
    monkeypatch.setattr(
        R,
        "SETS",
        {
            "good": "detente_test_fake_good",
            "bad": "detente_test_fake_bad",
            "nodata": "detente_test_fake_nodata",
            "absent": "detente.eval.no_such_module_xyz",
        },
    )
    shared = tmp_path / "shared"
    shared.mkdir()
    return shared


def test_run_sets_skips_and_reports_errors(fake_sets: Path) -> None:
    results = {r.name: r for r in R.run_sets(["all"], shared=fake_sets, limit=3)}
    assert list(results) == ["good", "bad", "nodata", "absent"]
    assert results["good"].figures == {"f1": 0.5} and results["good"].counts == {"limit": 3}
    assert R.is_error(results["bad"]) and "boom" in results["bad"].notes[0]
    assert R.is_skipped(results["nodata"])
    assert R.is_skipped(results["absent"]) and "missing" in results["absent"].notes[0]
    missing_shared = R.run_set("good", shared=fake_sets / "nope")
    assert R.is_skipped(missing_shared)
    with pytest.raises(KeyError):
        R.resolve_names(["nonsense"])
    assert R.resolve_names(["good", "all", "good"]) == ["good", "bad", "nodata", "absent"]


def test_default_registry_names() -> None:
    assert set(R.SETS) == {"polnear", "polnear_accurate", "polnear_agreement", "polnear_rules", "plover", "timebank", "html", "seed", "actors", "actors_dev", "speakers", "speakers_dev"}


def test_render_table_marks_below_floor() -> None:
    buf = io.StringIO()
    table = R.render_table(
        [res("a", f1=0.7, acc=0.95), EvalResult("s", {}, notes=[R.SKIPPED + "no data"])],
        {"a": {"f1": 0.8, "acc": 0.9}},
    )
    Console(file=buf, width=200).print(table)
    out = buf.getvalue()
    assert "BELOW" in out and "ok" in out and "skipped: no data" in out


def test_eval_command_check_and_update(
    fake_sets: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"good": {"f1": 0.6}}), encoding="utf-8")
    assert R.eval_command(["good"], check=True, floors_path=floors, shared=fake_sets, as_json=True) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["below_floor"] == [{"set": "good", "figure": "f1", "value": 0.5, "floor": 0.6}]
    assert R.eval_command(["good"], check=False, floors_path=floors, shared=fake_sets) == 0
    # update never lowers the 0.6 floor; with a lower floor it is raised
    R.eval_command(["good"], update=True, floors_path=floors, shared=fake_sets)
    assert R.load_floors(floors) == {"good": {"f1": 0.6}}
    floors.write_text("{}", encoding="utf-8")
    R.eval_command(["good", "nodata"], update=True, floors_path=floors, shared=fake_sets)
    assert R.load_floors(floors) == {"good": {"f1": pytest.approx(0.49)}}
    assert R.eval_command(["good"], check=True, floors_path=floors, shared=fake_sets) == 0
    # --limit runs never write floors
    floors.write_text("{}", encoding="utf-8")
    R.eval_command(["good"], update=True, limit=1, floors_path=floors, shared=fake_sets)
    assert R.load_floors(floors) == {}


def test_cli_eval_exit_code(
    fake_sets: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from detente import cli

    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"good": {"f1": 0.9}}), encoding="utf-8")
    monkeypatch.setattr(R, "FLOORS_PATH", floors)
    monkeypatch.setenv("DETENTE_SHARED", str(fake_sets))
    assert cli.main(["eval", "good", "--json", "--check-floors"]) == 1
    assert json.loads(capsys.readouterr().out)["below_floor"][0]["figure"] == "f1"
    assert cli.main(["eval", "good", "--json"]) == 0
    capsys.readouterr()
    with pytest.raises(SystemExit):
        cli.main(["eval", "nonsense"])
    assert cli.main(["eval", "good", "--limit", "0"]) == 2
