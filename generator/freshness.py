"""Up-to-date checks: whether a run can be answered from the records of the last one, because nothing it reads or
made moved since (names, sizes and times only). Imports nothing heavy: a `digest build` with nothing to do loads
neither the extractors nor MkDocs."""

from __future__ import annotations

import datetime as dt
import importlib.util
from dataclasses import dataclass
from pathlib import Path

from generator.config import OWNED_DIRS, Settings, bundle_dir, render_mark_path
from generator.models import Report, Skipped, Warning_, WriteResult
from generator.reader import (read_input_snapshot, read_output_snapshot, read_run_record, read_site_snapshot,
                              read_stat_snapshot, read_subfolders)

RUN_RECORD = "last-run.json"
RENDER_RECORD = "last-render.json"
# a new MkDocs or Material rewrites these files: their times stand for the versions (asking importlib.metadata for
# the versions took a tenth of an unchanged build)
_RENDER_PACKAGES = ("mkdocs", "material")


def read_output_snapshots(project: Path, settings: Settings) -> list[str]:
    """The generated folders' snapshots: docs/ and the search bundles."""
    return [read_output_snapshot(project / settings.docs_dir), read_output_snapshot(bundle_dir(project, settings))]


@dataclass(frozen=True)
class LastRun:
    """The last complete run, as its record keeps it: its report and the generated folders' snapshots after it."""

    report: Report
    outputs: tuple[str, ...]


@dataclass(frozen=True)
class RunCheck:
    """What the up-to-date check of a run found: the last run's report when nothing moved since it (else None), the
    inputs' snapshot (which the run about to start records: of everything, and of all but the seed files) and, when
    they matched, the generated folders'. `last`: the last run, when only seed files moved since it (a seed touched,
    or copied again with its bytes): the run confirms by the seeds' cache keys (`Report.seed_keys`) that it is
    unchanged before it makes anything."""

    report: Report | None
    inputs: str
    outputs: tuple[str, ...] = ()
    others: str = ""
    last: LastRun | None = None


def check_run(project: Path, settings: Settings, today: dt.date) -> RunCheck:
    """Compare the inputs and generated folders with the last complete run's record (`RunCheck`)."""
    inputs, others = read_input_snapshot(project, project / settings.seeds_dir, f"{settings!r}\0{today.isoformat()}")
    record = read_run_record(project / settings.cache_dir / RUN_RECORD)
    try:
        last = LastRun(recorded_report(record), tuple(record["outputs"]))
    except (KeyError, TypeError, ValueError):
        return RunCheck(None, inputs, others=others)
    if record.get("inputs") != inputs:
        return RunCheck(None, inputs, others=others, last=last if record.get("others") == others and last.report.seed_keys else None)
    outputs = read_output_snapshots(project, settings)
    if list(last.outputs) != outputs:
        return RunCheck(None, inputs, others=others)
    return RunCheck(last.report, inputs, tuple(outputs), others)


def recorded_report(record: dict) -> Report:
    """The report a run record keeps (a KeyError, TypeError or ValueError when it is not one)."""
    return Report(
        seeds=record["seeds"], articles=record["articles"],
        skipped=tuple(Skipped(name, reason) for name, reason in record["skipped"]),
        warnings=tuple(Warning_(seed, message) for seed, message in record["warnings"]),
        write=WriteResult((), record["pages"], (), ()), seconds=0.0,
        cached=record["seeds"] - len(record["skipped"]),
        waiting=tuple(tuple(item) for item in record["waiting"]),
        seed_keys=str(record.get("seed_keys", "")),
    )


def run_record(check: RunCheck, report: Report, outputs: list[str]) -> dict:
    """What the record of a complete run keeps (see `check_run`)."""
    return {
        "inputs": check.inputs, "others": check.others, "outputs": outputs, "seeds": report.seeds, "articles": report.articles,
        "skipped": [[s.name, s.reason] for s in report.skipped], "warnings": [[w.seed, w.message] for w in report.warnings],
        "pages": len(report.write.written) + report.write.unchanged, "waiting": [list(item) for item in report.waiting],
        "seed_keys": report.seed_keys,
    }


@dataclass(frozen=True)
class RenderTarget:
    """What a render of the site reads besides docs/ and writes: the MkDocs configuration file, the theme folders,
    the site folder, and whether warnings fail it (`--strict`)."""

    config_file: Path
    theme_dirs: tuple[Path, ...]
    site_dir: Path
    strict: bool


def read_render_state(project: Path, settings: Settings, target: RenderTarget, outputs: tuple[str, ...] = ()) -> str:
    """A snapshot of what a render reads and writes: the configuration, theme and MkDocs' own files, docs/ (the
    generated folders by their times, an editor's pages file by file), the search bundles (`outputs`, when the
    caller just took their snapshots), the site folder and its render mark (which every MkDocs build of it
    rewrites, and removes while it runs)."""
    docs = project / settings.docs_dir
    packages = [Path(spec.origin) for spec in map(importlib.util.find_spec, _RENDER_PACKAGES) if spec and spec.origin]
    files = [target.config_file, render_mark_path(project / settings.cache_dir, target.site_dir), *packages]
    editors = [folder for folder in read_subfolders(docs) if folder.name not in OWNED_DIRS]
    return "\0".join([
        f"{settings!r}\0{target.strict}", read_stat_snapshot(files, [*target.theme_dirs, *editors]),
        *(outputs or read_output_snapshots(project, settings)), read_site_snapshot(target.site_dir),
    ])


def read_render_record(project: Path, settings: Settings) -> tuple[RenderTarget, str] | None:
    """The target and state the last complete `digest build` render left (None when there is none)."""
    record = read_run_record(project / settings.cache_dir / RENDER_RECORD)
    try:
        target = RenderTarget(Path(record["config_file"]), tuple(Path(d) for d in record["theme_dirs"]),
                              Path(record["site_dir"]), bool(record["strict"]))
        return target, str(record["state"])
    except (KeyError, TypeError):
        return None


def is_site_current(project: Path, settings: Settings, strict: bool, outputs: tuple[str, ...] = ()) -> bool:
    """Whether the site is as the last complete render left it and nothing that render read moved since (a strict
    render is current for a lenient one, not the other way round); `outputs` as for `read_render_state`."""
    last = read_render_record(project, settings)
    if last is None or (strict and not last[0].strict):
        return False
    target, state = last
    return read_render_state(project, settings, target, outputs) == state
