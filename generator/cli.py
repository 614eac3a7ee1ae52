"""`digest` command line: generate pages into docs/, or generate and build the site with MkDocs."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gc
import logging
import os
import shlex
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

from generator.config import Settings, check_project, load_settings
from generator.errors import DigestError
from generator.models import Report, WriteResult
from generator.freshness import RENDER_RECORD, RunCheck, RenderTarget, check_run, is_site_current, read_render_state
from generator.render_split import JOBS_ENV
from generator.reporting import format_report

SKIP_ENV = "DIGEST_SKIP_GENERATE"  # set by `digest build` so the MkDocs hook does not generate a second time


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `digest`."""
    parser = argparse.ArgumentParser(prog="digest", description="Bilingual news digest: seeds/ -> docs/ -> site/.")
    parser.add_argument("-C", "--project", type=Path, default=Path("."), help="project folder (default: current)")
    commands = parser.add_subparsers(dest="command", required=True)
    models = commands.add_parser("models", help="install or list offline translation models",
                                 description="Offline translation models (CTranslate2 + SentencePiece).")
    model_commands = models.add_subparsers(dest="models_command", required=True)
    add = model_commands.add_parser("add", help="install a model package: a folder, a .zip/.argosmodel file, or a URL")
    add.add_argument("package")
    model_commands.add_parser("list", help="list installed models")
    for name, text in (("generate", "write generated Markdown pages into docs/"), ("build", "generate, then `mkdocs build` into site/")):
        command = commands.add_parser(name, help=text, description=text)
        command.add_argument("--strict", action="store_true", help="exit non-zero on any warning (skipped seed, unsure date, ...)")
        command.add_argument("-j", "--jobs", type=positive_int, default=None, help="worker processes (default: one per core)")
        command.add_argument("--no-cache", action="store_true", help="ignore and do not update the cache in .cache/digest")
    return parser


def positive_int(text: str) -> int:
    """argparse type: a whole number of at least 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def make_progress() -> tuple[Callable[[int, int], None], Callable[[], None]]:
    """A progress bar on a terminal; on a pipe or in CI, a plain line every tenth of the way."""
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar: list[tqdm] = []

        def update(done: int, total: int) -> None:
            if not bar:
                bar.append(tqdm(total=total, desc="digest: extracting", unit="seed", file=sys.stderr, leave=False))
            bar[0].update(done - bar[0].n)

        return update, lambda: bar and bar[0].close()

    def log(done: int, total: int) -> None:
        if total >= 100 and (done == total or done % max(1, total // 10) == 0):
            print(f"digest: extracted {done}/{total} seeds", file=sys.stderr, flush=True)

    return log, lambda: None


def run_models(args: argparse.Namespace, project: Path) -> int:
    """`digest models add PACKAGE` / `digest models list`."""
    from generator.mt import install_model, list_models

    try:
        models_dir = project / load_settings(project).models_dir
        if args.models_command == "add":
            info = install_model(args.package, models_dir)
            print(f"digest: installed {info.name} ({info.source} -> {info.target}) into {models_dir}")
        else:
            installed = list_models(models_dir)
            for info in installed:
                print(f"{info.name}\t{info.source} -> {info.target}\t{info.model_dir}")
            if not installed:
                print(f"digest: no models in {models_dir}; install one with `digest models add PATH_OR_URL`")
    except DigestError as exc:
        print(f"digest: error: {exc}", file=sys.stderr)
        return 2
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    project = args.project.resolve()
    if args.command == "models":
        return run_models(args, project)
    started = time.perf_counter()
    with ExitStack() as renders:
        return build_project(args, project, started, renders)


def build_project(args: argparse.Namespace, project: Path, started: float, renders: ExitStack) -> int:
    """`main` for `generate` and `build`, once the command line is read; an early render's lock is held on
    `renders`."""
    early = None
    try:
        settings = load_settings(project)
        check_project(project, settings)
        if args.command == "build" and not args.strict:
            early = EarlyRender(project, settings, args.jobs, renders)
        # nothing moved since the last run: answered from its record, without loading the extractors (or MkDocs)
        check = check_run(project, settings, dt.date.today()) if not args.no_cache else None
        if check and check.report:
            report = dataclasses.replace(check.report, seconds=time.perf_counter() - started, outputs=check.outputs)
        else:
            report = generate_pages(args, project, settings, check, early)
    except DigestError as exc:
        print(f"digest: error: {exc}", file=sys.stderr)
        return 2
    # the advice lines name commands to copy: with `-C` when digest was run on a project elsewhere
    invocation = "digest" if project == Path.cwd().resolve() else f"digest -C {shlex.quote(str(project))}"
    for line in format_report(report, invocation):
        print(f"digest: {line}", file=sys.stderr if line.startswith("warning") else sys.stdout)
    if args.strict and report.warnings:
        print(f"digest: --strict: {len(report.warnings)} warnings, failing", file=sys.stderr)
        return 1
    if args.command != "build":
        return 0
    if early and early.rendered:  # rendered while Pagefind was indexing: recorded now that the run is complete
        return record_render(project, settings, early.rendered, report.outputs)
    # nothing moved, or the run wrote nothing (seeds touched, not changed): the site may be as its last render left it
    untouched = not (report.write.written or report.write.removed)
    if untouched and is_site_current(project, settings, args.strict, report.outputs):
        print(f"digest: site is up to date: nothing it is made from moved since its last render ({time.perf_counter() - started:.2f} s)")
        return 0
    return render_site(project, args.strict, args.jobs, settings, report.outputs)


def generate_pages(args: argparse.Namespace, project: Path, settings: Settings, check: RunCheck | None,
                   early: EarlyRender | None = None) -> Report:
    """The generator's run (`pipeline.generate`), with a progress bar on a terminal; `check` is the up-to-date
    check this command made before it; `early` renders the pages while Pagefind indexes them."""
    from generator.pipeline import generate

    progress, close = make_progress()
    try:
        return generate(project, settings, jobs=args.jobs, use_cache=not args.no_cache, progress=progress,
                        notify=say_waiting, check=check, on_pages=early)
    finally:
        close()


class EarlyRender:
    """`digest build`'s render made as soon as docs/ is complete, while Pagefind is still indexing in its own
    processes (at 10,000 articles a back-dated seed's year bundle takes 1.5-2 s): called by the generator
    (`generate`'s `on_pages`) when pages were written or removed. Holds the render lock on `stack` until the run is
    recorded. Not under `--strict`, which must see the run's warnings before anything is rendered."""

    def __init__(self, project: Path, settings: Settings, jobs: int | None, stack: ExitStack) -> None:
        self.project, self.settings, self.jobs, self.stack = project, settings, jobs, stack
        self.rendered: tuple[int, RenderTarget | None, float] | None = None

    def __call__(self, result: WriteResult, search_pending: Callable[[], object]) -> None:
        from generator.writer import hold_render_lock

        if not (result.written or result.removed):
            return  # nothing to render unless the site is not current: `main` tells once the run is recorded
        self.stack.enter_context(hold_render_lock(self.project / self.settings.cache_dir, say_waiting))
        self.rendered = render_pages(self.project, False, self.jobs, self.settings, search_pending)


def run() -> None:
    """The `digest` command: `main` with the cycle collector paused (a run makes few cycles, and a big render turns
    it back on: see `mkdocs_adapter.on_nav`), then exit at once, output flushed: tearing the interpreter down freed
    every object a build keeps, one by one (a quarter of a second after a build of 10,000 articles), only to hand
    the memory back to the system, which the exit does anyway. Nothing is left to run at exit by then: the worker
    pools and the indexer are waited for inside the run, and every file is written and closed."""
    gc.disable()  # its passes over the objects a run keeps freed nothing, and cost a twentieth of a small rebuild
    status = main()
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:  # a closed pipe (`digest build | head`): what is left of the output has nowhere to go
            pass
    os._exit(status)


def render_site(project: Path, strict: bool, jobs: int | None = None, settings: Settings | None = None,
                outputs: tuple[str, ...] = ()) -> int:
    """`mkdocs build` in this process, partial: only pages whose Markdown changed are rendered again, unless the
    hook finds that mkdocs.yml, the theme or the knowledge files changed (then everything is); a big render is
    split across `jobs` processes (default: one per core). `outputs`: the generated folders' snapshots the run
    just took, if it did (a render writes neither). Returns the status."""
    from generator.writer import hold_render_lock

    settings = settings or load_settings(project)
    with hold_render_lock(project / settings.cache_dir, say_waiting):
        rendered = render_pages(project, strict, jobs, settings)
        return record_render(project, settings, rendered, outputs)


def say_waiting(message: str) -> None:
    """Tell the editor what this command waits for."""
    print(f"digest: {message}", file=sys.stderr, flush=True)


def render_pages(project: Path, strict: bool, jobs: int | None, settings: Settings,
                 search_pending: Callable[[], object] | None = None) -> tuple[int, RenderTarget | None, float]:
    """MkDocs' build of `render_site` (the caller holds the render lock): the status, what was rendered (None when
    it failed) and the seconds. `search_pending`: waits for the search bundles the generator is still building
    (the hook copies them into the site after it)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    from generator.mkdocs_adapter import copy_search_after
    from generator.pipeline import collector_paused
    from generator.writer import write_render_record

    write_render_record(project / settings.cache_dir / RENDER_RECORD, None)  # until recorded, the next build must render
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("mkdocs: %(levelname)s %(message)s"))
    handler.setLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    saved = {name: os.environ.get(name) for name in (SKIP_ENV, JOBS_ENV)}
    os.environ[SKIP_ENV] = "1"  # the pages were just generated: the hook must not generate a second time
    if jobs:
        os.environ[JOBS_ENV] = str(jobs)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    started = time.perf_counter()
    # the collector paused until the render is recorded (the hook turns it back on for a big render): after a small
    # one, its first passes walked the whole site's objects, to free nothing the end of the command would not
    with collector_paused():
        try:
            config = load_config(config_file=str(project / "mkdocs.yml"), strict=strict)
            config.plugins.on_startup(command="build", dirty=True)
            try:
                with copy_search_after(search_pending):
                    build(config, dirty=True)
            finally:
                config.plugins.on_shutdown()
            theme_dirs = (Path(config.theme.custom_dir),) if config.theme.custom_dir else ()
            target = RenderTarget(Path(config.config_file_path), theme_dirs, Path(config.site_dir), strict)
        except (Abort, ConfigurationError) as exc:
            print(f"mkdocs: error: {exc}", file=sys.stderr)
            return 1, None, time.perf_counter() - started
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
            logger.removeHandler(handler)
    return 0, target, time.perf_counter() - started


def record_render(project: Path, settings: Settings, rendered: tuple[int, RenderTarget | None, float],
                  outputs: tuple[str, ...]) -> int:
    """Record a render that succeeded (`render_pages`) with the generated folders' state it was made from, say so,
    and return its status."""
    from generator.writer import write_render_record

    status, target, seconds = rendered
    if target is None:
        return status
    write_render_record(project / settings.cache_dir / RENDER_RECORD, target, read_render_state(project, settings, target, outputs))
    print(f"digest: site rendered in {seconds:.2f} s into {target.site_dir}")
    return status
