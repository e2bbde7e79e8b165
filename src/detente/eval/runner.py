"""The registry of evaluation sets, running them, the figures table, and floors.

A set is a module ``detente.eval.<name>`` with ``run(shared, *, limit=None) -> EvalResult``;
modules are imported only when their set runs, and a missing module or missing gold data
makes the set *skipped* (a note, no figures) rather than an error.

Floors (``floors.json``, ``{set: {figure: floor}}``) are the regression guard:
:func:`check_floors` lists every figure below its floor (or missing from a set that ran),
:func:`update_floors` raises floors to the current figures minus a margin, never lowering one.
Precision and recall are reported but not floored: they trade against each other, and the
F1 that combines them is floored (a change that buys precision with recall and raises F1
is not a regression).
"""

from __future__ import annotations

import importlib
import json
import math
import traceback
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.table import Table

from detente.eval.base import EvalResult, shared_dir

SETS: dict[str, str] = {
    "polnear": "detente.eval.polnear",
    "polnear_accurate": "detente.eval.polnear_accurate",
    "polnear_agreement": "detente.eval.polnear_agreement",
    "polnear_rules": "detente.eval.polnear_rules",
    "plover": "detente.eval.plover",
    "timebank": "detente.eval.timebank",
    "html": "detente.eval.html",
    "seed": "detente.eval.seed",
    "actors": "detente.eval.actors",
    "actors_dev": "detente.eval.actors_dev",
    "speakers": "detente.eval.speakers",
    "speakers_dev": "detente.eval.speakers_dev",
}
FLOORS_PATH = Path(__file__).with_name("floors.json")
MARGIN = 0.01
SKIPPED = "skipped: "
ERROR = "error: "

Floors = dict[str, dict[str, float]]


def is_skipped(result: EvalResult) -> bool:
    return any(n.startswith(SKIPPED) for n in result.notes)


def is_error(result: EvalResult) -> bool:
    return any(n.startswith(ERROR) for n in result.notes)


def resolve_names(names: Iterable[str]) -> list[str]:
    """``all`` expands to every set; unknown names raise ``KeyError``."""
    out: list[str] = []
    for name in names:
        if name == "all":
            out.extend(n for n in SETS if n not in out)
        elif name in SETS:
            if name not in out:
                out.append(name)
        else:
            raise KeyError(name)
    return out


def run_set(name: str, *, shared: Path | None = None, limit: int | None = None) -> EvalResult:
    module_name = SETS[name]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            return EvalResult(name, {}, notes=[f"{SKIPPED}module {module_name} missing"])
        return EvalResult(name, {}, notes=[f"{ERROR}importing {module_name}: {exc}"])
    except Exception as exc:
        return EvalResult(name, {}, notes=[f"{ERROR}importing {module_name}: {type(exc).__name__}: {exc}"])
    run = getattr(module, "run", None)
    if run is None:
        return EvalResult(name, {}, notes=[f"{SKIPPED}{module_name} has no run()"])
    shared = shared if shared is not None else shared_dir()
    if not shared.is_dir():
        return EvalResult(name, {}, notes=[f"{SKIPPED}no shared data at {shared}"])
    try:
        result = run(shared, limit=limit)
    except FileNotFoundError as exc:
        return EvalResult(name, {}, notes=[f"{SKIPPED}gold data missing ({exc})"])
    except Exception as exc:  # one broken set must not hide the others' figures
        tb = traceback.format_exc(limit=3).strip().splitlines()[-1]
        return EvalResult(name, {}, notes=[f"{ERROR}{type(exc).__name__}: {exc}", tb])
    if not isinstance(result, EvalResult):
        return EvalResult(name, {}, notes=[f"{ERROR}{module_name}.run returned {type(result).__name__}"])
    return result


def run_sets(
    names: Sequence[str], *, shared: Path | None = None, limit: int | None = None
) -> list[EvalResult]:
    return [run_set(n, shared=shared, limit=limit) for n in resolve_names(names)]


# --- floors ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BelowFloor:
    set: str
    figure: str
    value: float | None  # None: the figure is missing
    floor: float

    def __str__(self) -> str:
        got = "missing" if self.value is None else f"{self.value:.4f}"
        return f"{self.set}.{self.figure}: {got} < floor {self.floor:.4f}"

    def to_dict(self) -> dict[str, object]:
        return {"set": self.set, "figure": self.figure, "value": self.value, "floor": self.floor}


def load_floors(path: Path = FLOORS_PATH) -> Floors:
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8") or "{}")
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected {{set: {{figure: floor}}}}")
    return {str(s): {str(f): float(v) for f, v in figs.items()} for s, figs in data.items()}


def check_floors(results: Iterable[EvalResult], floors: Floors) -> list[BelowFloor]:
    """Every figure below its floor. A set that ran (even if it errored) but lacks a
    floored figure fails too; a skipped set is not checked."""
    failures: list[BelowFloor] = []
    for result in results:
        if is_skipped(result):
            continue
        for figure, floor in sorted(floors.get(result.name, {}).items()):
            value = result.figures.get(figure)
            if value is None or math.isnan(value) or value < floor:
                failures.append(BelowFloor(result.name, figure, value, floor))
    return failures


def is_floored(figure: str) -> bool:
    """Whether a figure gets a floor: not a precision or a recall (its F1 has one)."""
    return not figure.endswith(("_precision", "_recall"))


def raised_floors(results: Iterable[EvalResult], floors: Floors, margin: float = MARGIN) -> Floors:
    """``floors`` with each floored figure (:func:`is_floored`) of each set that ran raised to
    ``figure - margin`` (rounded down to 4 places, not below 0) where that is higher; never
    lowered."""
    out: Floors = {s: dict(f) for s, f in floors.items()}
    for result in results:
        if is_skipped(result) or is_error(result):
            continue
        set_floors = out.setdefault(result.name, {})
        for figure, value in result.figures.items():
            if value is None or math.isnan(value) or not is_floored(figure):
                continue
            candidate = max(0.0, math.floor((value - margin) * 10_000 + 1e-9) / 10_000)
            old = set_floors.get(figure)
            if old is None or candidate > old:
                set_floors[figure] = candidate
        if not set_floors:
            del out[result.name]
    return out


def update_floors(results: Iterable[EvalResult], path: Path = FLOORS_PATH, margin: float = MARGIN) -> Floors:
    """Raise the floors in ``path`` from ``results`` (see :func:`raised_floors`) and write it."""
    new = raised_floors(results, load_floors(path), margin)
    ordered = {s: dict(sorted(new[s].items())) for s in sorted(new)}
    path.write_text(json.dumps(ordered, indent=2) + "\n", encoding="utf-8")
    return new


# --- rendering -------------------------------------------------------------------------------


def render_table(results: Sequence[EvalResult], floors: Floors | None = None) -> Table:
    floors = floors or {}
    table = Table(title="detente eval")
    table.add_column("set")
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_column("floor", justify="right")
    table.add_column("", justify="left")
    for result in results:
        set_floors = floors.get(result.name, {})
        if not result.figures:
            table.add_row(result.name, "—", "", "", "; ".join(result.notes))
        for figure, value in result.figures.items():
            floor = set_floors.get(figure)
            status = ""
            if floor is not None:
                status = "[green]ok[/green]" if value >= floor else "[red]BELOW[/red]"
            table.add_row(
                result.name,
                figure,
                f"{value:.4f}",
                "" if floor is None else f"{floor:.4f}",
                status,
            )
        if result.figures and result.counts:
            counts = ", ".join(f"{k}={v}" for k, v in result.counts.items())
            table.add_row(result.name, "[dim]counts[/dim]", "", "", f"[dim]{counts}[/dim]")
        if result.figures and result.notes:
            table.add_row(
                result.name, "[dim]notes[/dim]", "", "", "[dim]" + "; ".join(result.notes) + "[/dim]"
            )
        table.add_section()
    return table


# --- the `detente eval` command ----------------------------------------------------------------


def eval_command(
    names: Sequence[str],
    *,
    as_json: bool = False,
    limit: int | None = None,
    check: bool = False,
    update: bool = False,
    floors_path: Path | None = None,
    shared: Path | None = None,
) -> int:
    """Run ``names``, print the table (or JSON), check and/or raise floors. Returns the exit
    code: 1 when ``check`` finds a figure below its floor, else 0."""
    from rich.console import Console

    floors_path = floors_path if floors_path is not None else FLOORS_PATH
    results = run_sets(names, shared=shared, limit=limit)
    floors = load_floors(floors_path)
    failures = check_floors(results, floors) if check else []
    if update:
        if limit is not None:
            notes = "floors not updated: figures from --limit runs are not representative"
            for r in results:
                r.notes.append(notes)
        else:
            floors = update_floors(results, floors_path)
    if as_json:
        payload = {
            "results": [r.to_dict() for r in results],
            "below_floor": [f.to_dict() for f in failures],
        }
        print(json.dumps(payload, indent=2))
    else:
        console = Console()
        console.print(render_table(results, floors))
        for f in failures:
            console.print(f"[red]below floor[/red] {f}")
    return 1 if failures else 0
