"""Report stage: a run's `Report` as lines for a terminal or a log (no disk, nothing heavy to import)."""

from __future__ import annotations

from generator.models import Report


def format_report(report: Report, command: str = "digest") -> list[str]:
    """The report as lines for a terminal or a log; `command` is how the user runs digest (for the advice lines)."""
    lines = [
        f"{report.seeds} seed files -> {report.articles} article pages, {len(report.skipped)} skipped, "
        f"{len(report.warnings)} warnings in {report.seconds:.2f} s ({report.cached} from cache; "
        f"search index {report.index_seconds:.2f} s)",
        f"docs/ and search bundles: {len(report.write.written)} written, {report.write.unchanged} unchanged, {len(report.write.removed)} removed",
    ]
    lines += [f"warning: {w.seed}: {w.message}" for w in report.warnings]
    return lines + format_waiting(report.waiting, command)


# What `digest models add` takes (generator/mt.py), named as the user finds it: Argos Translate's package file and
# an OPUS-MT model converted with CTranslate2's `ct2-transformers-converter --copy_files source.spm target.spm`.
_MODEL_EXAMPLES = ("translate-{source}_{target}-1_9.argosmodel", "opus-mt-{source}-{target}/")


def format_waiting(waiting: tuple[tuple[str, str, int, int], ...], command: str = "digest") -> list[str]:
    """Lines that say how many summaries wait for a translation and the command that installs a model for them."""
    if not waiting:
        return []
    total = sum(count for _, _, count, _ in waiting)
    same = sum(shown for _, _, _, shown in waiting)
    directions = ", ".join(f"{source} -> {target}: {count}" for source, target, count, _ in waiting)
    lines = [f"{total} {'summary waits' if total == 1 else 'summaries wait'} for a translation ({directions}); "
             f"{same} show an article of the same story, {total - same} a fact sentence",
             "to translate them offline, install a model for each direction and run digest again:"]
    for source, target, _, _ in waiting:
        argos, opus = (example.format(source=source, target=target) for example in _MODEL_EXAMPLES)
        lines.append(f"  {command} models add {argos}   ({source} -> {target}: an Argos Translate package file, or its URL)")
        lines.append(f"  {command} models add {opus}   (or an OPUS-MT model converted to CTranslate2: "
                     "a folder with model.bin, source.spm, target.spm)")
    return lines
