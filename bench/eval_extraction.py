"""Evaluation of extraction: per field and per language, how many articles come out right, and the misses.

    python bench/eval_extraction.py                       # the development corpus in tests/data/extraction/
    python bench/eval_extraction.py --texts DIR --gold G  # any folder of scraped texts and a gold file of that form
    python bench/eval_extraction.py --misses              # also list every miss (file, expected, got)
    python bench/eval_extraction.py --markdown            # the table as Markdown (for the README)

The texts are read, cleaned and extracted exactly as `digest generate` does (the outlet's boilerplate is learned
from the folder, syndicated copies and stories are found across it), but nothing is written. The gold file is a
YAML list, one entry per file, with the fields described in `tests/data/extraction/README.md`.

Fields scored (a share of articles, 1.00 is best, except where said):

- language: the ISO code; text: the article's first and last words are on the page (whatever the wrapping);
- date (a gold `null` is right only when no date is given); headline (or an accepted variant);
- source: one of the accepted names; dateline: the place (English or Russian name, via the knowledge files);
- boilerplate left: the share of listed chrome lines still on the page (title, text or summary; lower is better);
- people recall / precision, places recall (over mentions, any script: names compared by transliterated surname);
- stories: pairwise F1 of the story clusters against the gold story keys.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from generator.config import Settings  # noqa: E402
from generator.cleaner import normalize_line  # noqa: E402
from generator.extractor import extract_article  # noqa: E402
from generator.errors import SeedError  # noqa: E402
from generator.models import Article, Knowledge  # noqa: E402
from generator.pipeline import learn_outlet_boilerplate  # noqa: E402
from generator.reader import read_knowledge, read_seeds  # noqa: E402
from generator.stories import cluster_stories, find_duplicates  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "extraction"
FIELDS = ("language", "text", "date", "headline", "source", "dateline", "boilerplate_left", "people_recall",
          "people_precision", "places_recall", "stories_f1")
LOWER_IS_BETTER = frozenset({"boilerplate_left"})


@dataclass(frozen=True)
class Gold:
    """What a careful reader says of one file."""

    file: str
    language: str
    title: tuple[str, ...]
    date: dt.date | None
    sources: tuple[str, ...]
    dateline: str | None
    people: tuple[tuple[str, ...], ...]
    places: tuple[str, ...]
    story: str
    first: str
    last: str
    boilerplate: tuple[str, ...]
    outlet: str = ""


@dataclass
class Tally:
    """Right/total counts per field, and the misses."""

    right: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    total: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    misses: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, name: str, right: float, total: float = 1.0, miss: str | None = None) -> None:
        self.right[name] += right
        self.total[name] += total
        if miss is not None:
            self.misses[name].append(miss)

    def score(self, name: str) -> float | None:
        return self.right[name] / self.total[name] if self.total.get(name) else None


def read_gold(path: Path) -> list[Gold]:
    """The gold file as `Gold` entries (raises ValueError naming the entry on a malformed one)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    gold = []
    for number, entry in enumerate(raw, 1):
        try:
            day = entry.get("date")
            gold.append(Gold(
                file=entry["file"],
                language=entry["language"],
                title=tuple([entry["title"], *(entry.get("title_variants") or [])]),
                date=dt.date.fromisoformat(str(day)) if day else None,
                sources=tuple(str(s) for s in entry.get("source") or ()),
                dateline=entry.get("dateline") or None,
                people=tuple(tuple(n.strip() for n in str(p).split("|") if n.strip()) for p in entry.get("people") or ()),
                places=tuple(str(p) for p in entry.get("places") or ()),
                story=str(entry["story"]),
                first=str(entry["first"]),
                last=str(entry["last"]),
                boilerplate=tuple(str(b) for b in entry.get("boilerplate") or ()),
                outlet=str(entry.get("outlet") or ""),
            ))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{path}: entry {number} ({entry.get('file', '?') if isinstance(entry, dict) else '?'}): {exc!r}") from None
    return gold


@dataclass(frozen=True)
class Run:
    """What the generator made of a folder: articles by file, skipped files with reasons, story of each file."""

    articles: dict[str, Article]
    skipped: dict[str, str]
    story_of: dict[str, str]


def run_generator(texts: Path, today: dt.date, knowledge: Knowledge) -> Run:
    """Read, clean and extract every file as `digest generate` does, and cluster the stories; writes nothing."""
    settings = Settings()
    seeds, unreadable = read_seeds(texts, settings.max_seed_bytes)
    learned = learn_outlet_boilerplate(seeds)
    articles: dict[str, Article] = {}
    skipped = {s.name: s.reason for s in unreadable}
    for seed in seeds:
        try:
            articles[seed.name] = extract_article(seed, knowledge, learned[seed.name], settings.min_date, today,
                                                  settings.headline_words)
        except SeedError as exc:
            skipped[seed.name] = exc.reason
    listed = [articles[name] for name in sorted(articles)]
    duplicates = find_duplicates(listed)
    stories = cluster_stories(listed, duplicates, knowledge, settings.story_window_days)
    story_of = {seed: story.id for story in stories for seed in story.seeds}
    return Run(articles, skipped, story_of)


_LATIN = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґўқғүұһөәң",
                  "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya i i e g u k g u u h o a n".split()))


def phonetic(name: str) -> str:
    """A name in a spelling-blind Latin key (Zhaparov, Japarov, Жапаров and Джапаров meet)."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(_LATIN.get(ch, ch) for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^a-z]", "", text.replace("_", ""))
    for old, new in (("dzh", "j"), ("zh", "j"), ("dj", "j"), ("kh", "h"), ("ts", "c"), ("tz", "c"), ("yu", "u"),
                     ("ya", "a"), ("yo", "o"), ("ye", "e"), ("iy", "i"), ("yy", "i"), ("y", "i"), ("w", "v"),
                     ("ck", "k"), ("q", "k"), ("x", "ks")):
        text = text.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", text)


def surname_keys(name: str) -> set[str]:
    """Keys of a name's last word (and of the whole name), for matching people across scripts."""
    words = [w for w in re.split(r"[\s\-]+", name) if w.strip(".")]
    keys = {phonetic(name)}
    if words:
        keys.add(phonetic(words[-1]))
    return {k for k in keys if len(k) >= 3}


def same_person(found: str, forms: tuple[str, ...]) -> bool:
    """A name the generator found is one of the gold person's forms (by surname, any script)."""
    mine = surname_keys(found)
    return any(mine & surname_keys(form) for form in forms)


def _norm_title(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.casefold().replace("ё", "е")).strip()


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold().replace("ё", "е"))


def _place_key(name: str, knowledge: Knowledge) -> str:
    """A place's canonical English name when the knowledge files know it by that name, else its phonetic key."""
    folded = name.casefold()
    for entity in knowledge.entities:
        if entity.kind == "place" and any(folded == n.casefold() for n in (entity.en, entity.ru, *entity.names)):
            return entity.en.casefold()
    return phonetic(name)


def evaluate(gold: list[Gold], run: Run, knowledge: Knowledge) -> dict[str, Tally]:
    """Scores per language ('all' too): one `Tally` each."""
    tallies: dict[str, Tally] = defaultdict(Tally)
    for entry in gold:
        for tally in (tallies["all"], tallies[entry.language if entry.language in ("en", "ru") else "other"]):
            score_article(entry, run, knowledge, tally)
    for language, tally in list(tallies.items()):
        members = [g for g in gold if language == "all" or g.language == language
                   or (language == "other" and g.language not in ("en", "ru"))]
        score_stories(members, run, tally)
    return dict(tallies)


def score_article(gold: Gold, run: Run, knowledge: Knowledge, tally: Tally) -> None:
    """Add one article's fields to a tally."""
    name = gold.file
    article = run.articles.get(name)
    if article is None:
        reason = run.skipped.get(name, "not in the folder")
        for metric in ("language", "text", "date", "headline", "source", "dateline"):
            tally.add(metric, 0, miss=f"{name}: skipped ({reason})")
        tally.add("boilerplate_left", 0, len(gold.boilerplate))
        tally.add("people_recall", 0, len(gold.people), miss=f"{name}: skipped")
        tally.add("places_recall", 0, len(gold.places))
        return
    body = "\n".join(article.paragraphs)
    page = "\n".join((article.title, body, *article.summary))

    def check(metric: str, ok: bool, expected: object, got: object) -> None:
        tally.add(metric, 1 if ok else 0, miss=None if ok else f"{name}: expected {expected!r}, got {got!r}")

    check("language", article.language == gold.language, gold.language, article.language)
    squashed = _squash(body)
    first_ok, last_ok = _squash(gold.first) in squashed, _squash(gold.last) in squashed
    check("text", first_ok and last_ok, f"first {gold.first!r} / last {gold.last!r}",
          ("first" if not first_ok else "") + (" last" if not last_ok else "") + " missing; opens " + repr(body[:80]))
    check("date", article.date == gold.date, gold.date and gold.date.isoformat(),
          f"{article.date and article.date.isoformat()} ({article.date_source})")
    check("headline", _norm_title(article.title) in {_norm_title(t) for t in gold.title}, gold.title[0], article.title)
    accepted = {_norm_title(s) for s in gold.sources}
    check("source", bool(article.source) and _norm_title(article.source) in accepted, list(gold.sources), article.source)
    if gold.dateline or article.dateline:
        ok = bool(gold.dateline and article.dateline) and _place_key(gold.dateline, knowledge) == _place_key(article.dateline, knowledge)
        check("dateline", ok, gold.dateline, article.dateline)
    paragraphs = {normalize_line(p) for p in (article.title, *article.paragraphs, *article.summary)}
    page_norm = " ".join(page.split()).casefold()
    for line in gold.boilerplate:
        key = normalize_line(line)
        left = key in paragraphs or (len(key.split()) >= 3 and " ".join(line.split()).casefold() in page_norm)
        tally.add("boilerplate_left", 1 if left else 0, miss=f"{name}: kept {line!r}" if left else None)
    found_people = list(article.people)
    for forms in gold.people:
        ok = any(same_person(p, forms) for p in found_people)
        tally.add("people_recall", 1 if ok else 0, miss=None if ok else f"{name}: missed {forms[0]!r}")
    for person in found_people:
        ok = any(same_person(person, forms) for forms in gold.people)
        tally.add("people_precision", 1 if ok else 0, miss=None if ok else f"{name}: not a person in gold: {person!r}")
    found_places = {_place_key(p, knowledge) for p in article.places}
    for place in gold.places:
        ok = _place_key(place, knowledge) in found_places
        tally.add("places_recall", 1 if ok else 0, miss=None if ok else f"{name}: missed place {place!r}")


def score_stories(gold: list[Gold], run: Run, tally: Tally) -> None:
    """Pairwise precision/recall of 'same story' over the gold files, as one F1 added to the tally."""
    names = sorted(g.file for g in gold)
    key = {g.file: g.story for g in gold}
    true_pos = pred = actual = 0
    missed, wrong = [], []
    for a, b in combinations(names, 2):
        same_gold = key[a] == key[b]
        same_run = a in run.story_of and run.story_of.get(a) == run.story_of.get(b)
        actual += same_gold
        pred += same_run
        true_pos += same_gold and same_run
        if same_gold and not same_run:
            missed.append(f"{a} + {b}: one story ({key[a]}), generator split them")
        elif same_run and not same_gold:
            wrong.append(f"{a} + {b}: joined as {run.story_of[a]}, gold says {key[a]} / {key[b]}")
    precision = true_pos / pred if pred else 1.0
    recall = true_pos / actual if actual else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    tally.right["stories_f1"], tally.total["stories_f1"] = f1, 1.0
    tally.misses["stories_f1"] = missed + wrong


def format_table(tallies: dict[str, Tally], markdown: bool = False) -> list[str]:
    """The scores as a table: a row per field, a column per language."""
    columns = [c for c in ("all", "en", "ru", "other") if c in tallies]
    counts = {c: int(tallies[c].total.get("language", 0)) for c in columns}
    head = ["field", *(f"{c} ({counts[c]})" for c in columns)]
    rows = []
    for metric in FIELDS:
        cells = []
        for column in columns:
            value = tallies[column].score(metric)
            cells.append("—" if value is None else f"{value:.2f}")
        rows.append([metric + (" (lower is better)" if metric in LOWER_IS_BETTER else ""), *cells])
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|---" + "|---:" * len(columns) + "|"]
        return lines + ["| " + " | ".join(r) + " |" for r in rows]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    return ["  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(r)) for r in [head, *rows]]


def raise_floors(path: Path, tallies: dict[str, Tally]) -> int:
    """Write today's scores (rounded against us) into a floors file where they beat the floor; returns how many."""
    floors = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
    floors = floors or {}
    raised = 0
    for language in ("all", "en", "ru"):
        section = floors.setdefault(language, {})
        for metric in FIELDS:
            value = tallies[language].score(metric) if language in tallies else None
            if value is None:
                continue
            lower = metric in LOWER_IS_BETTER
            value = math.ceil(value * 100) / 100 if lower else math.floor(value * 100) / 100
            old = section.get(metric)
            if old is None or (value < old if lower else value > old):
                section[metric] = value
                raised += 1
    folder = path.resolve().parent
    corpus = folder.relative_to(ROOT).as_posix() if folder.is_relative_to(ROOT) else folder.as_posix()
    header = f"# Committed floors of bench/eval_extraction.py on {corpus} (boilerplate_left: a ceiling).\n" \
             f"# Raised by `python bench/eval_extraction.py --texts {corpus}/texts --gold {corpus}/gold.yml " \
             f"--raise-floors {corpus}/floors.yml`; never lowered.\n"
    path.write_text(header + yaml.safe_dump(floors, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return raised


def main(argv: list[str] | None = None) -> int:
    """Evaluate a folder of texts against a gold file and print the table (and the misses)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=Path, default=CORPUS / "texts", help="folder of scraped texts")
    parser.add_argument("--gold", type=Path, default=CORPUS / "gold.yml", help="gold YAML file for that folder")
    parser.add_argument("--misses", action="store_true", help="list every miss")
    parser.add_argument("--field", action="append", help="with --misses: only these fields")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today(), help="latest acceptable date")
    parser.add_argument("--raise-floors", type=Path, metavar="FLOORS",
                        help="raise the floors in this YAML file to today's scores (never lowers one)")
    args = parser.parse_args(argv)
    knowledge = read_knowledge()
    gold = read_gold(args.gold)
    run = run_generator(args.texts, args.today, knowledge)
    tallies = evaluate(gold, run, knowledge)
    print(f"{len(gold)} gold articles, {len({g.outlet for g in gold if g.outlet})} outlets, folder {args.texts}")
    print("\n".join(format_table(tallies, args.markdown)))
    if args.raise_floors:
        print(f"floors: {raise_floors(args.raise_floors, tallies)} raised in {args.raise_floors}")
    if args.misses:
        for metric in FIELDS:
            if args.field and metric not in args.field:
                continue
            misses = tallies["all"].misses.get(metric) or []
            if misses:
                print(f"\n## {metric}: {len(misses)} misses")
                print("\n".join(f"  {m}" for m in misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
