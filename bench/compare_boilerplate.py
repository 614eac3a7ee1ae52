"""Boilerplate removal measured: the generator's rule table against jusText's paragraph classifier, and both combined.

    python bench/compare_boilerplate.py                      # the development corpus
    python bench/compare_boilerplate.py --texts DIR --gold G # any folder with a gold file of the same form

jusText (a maintained text-density classifier: link density, stop-word density and length per paragraph, then
context) sees each line of a scraped text as an HTML paragraph, with the stop-word list of the article's language.
For each method the table gives the share of the gold's chrome lines still in the text (lower is better) and the
share of articles whose first and last sentences survive (text kept; 1.00 is the requirement).

- rules: the generator's cleaner alone (what `digest` does);
- justext: jusText alone on the raw lines;
- rules+justext: the cleaner, then the paragraphs jusText calls boilerplate dropped too;
- justext-veto: the cleaner, then only the paragraphs jusText calls boilerplate with high confidence (`bad` before
  context) dropped, and never a paragraph of six words or more that ends like a sentence;
- justext-edges: the cleaner, then the paragraphs jusText calls boilerplate at the start and end of the text.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import justext  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
import eval_extraction as evaluation  # noqa: E402

from generator.cleaner import is_prose, normalize_line  # noqa: E402
from generator.reader import read_knowledge, read_seeds  # noqa: E402

STOPLISTS = {"en": "English", "ru": "Russian", "kk": "Kazakh", "uk": "Ukrainian", "uz": "Uzbek"}


def classify(lines: list[str], language: str) -> list[tuple[str, str, str]]:
    """(text, final class, class before context) of each non-empty line, by jusText."""
    document = "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in lines if line.strip()) + "</body></html>"
    stoplist = justext.get_stoplist(STOPLISTS.get(language, "English"))
    return [(p.text, p.class_type, p.cf_class) for p in justext.justext(document.encode("utf-8"), stoplist)]


def trim_edges(paragraphs: list[str], bad: set[str]) -> list[str]:
    """The paragraphs without those jusText calls boilerplate at the start and the end (never one inside)."""
    start, end = 0, len(paragraphs)
    while start < end and normalize_line(paragraphs[start]) in bad:
        start += 1
    while end > start and normalize_line(paragraphs[end - 1]) in bad:
        end -= 1
    return paragraphs[start:end]


def squash(text: str) -> str:
    """Letters and digits only, case-folded (first/last sentence comparison)."""
    return re.sub(r"[\W_]+", "", text.casefold().replace("ё", "е"))


def measure(texts: Path, gold_path: Path) -> dict[str, tuple[float, float]]:
    """Per method: (share of chrome lines left, share of articles with first and last sentence kept)."""
    knowledge = read_knowledge()
    gold = {g.file: g for g in evaluation.read_gold(gold_path)}
    run = evaluation.run_generator(texts, dt.date.today(), knowledge)
    seeds, _ = read_seeds(texts, 10_000_000)
    raw = {s.name: s.text for s in seeds}
    results: dict[str, list[tuple[int, int, bool]]] = {
        m: [] for m in ("rules", "justext", "rules+justext", "justext-veto", "justext-edges")
    }
    for name, entry in sorted(gold.items()):
        article = run.articles.get(name)
        rules = list(article.paragraphs) if article else []
        verdicts = classify(raw[name].split("\n"), entry.language)
        good = [text for text, kind, _ in verdicts if kind == "good"]
        bad_keys = {normalize_line(text) for text, kind, _ in verdicts if kind != "good"}
        sure_bad = {normalize_line(text) for text, kind, before in verdicts if kind == "bad" and before == "bad"}
        methods = {
            "rules": rules,
            "justext": good,
            "rules+justext": [p for p in rules if normalize_line(p) not in bad_keys],
            "justext-veto": [p for p in rules if normalize_line(p) not in sure_bad or is_prose(p)],
            "justext-edges": trim_edges(rules, bad_keys),
        }
        for method, paragraphs in methods.items():
            body = "\n".join(paragraphs)
            keys = {normalize_line(p) for p in paragraphs}
            folded = " ".join(body.split()).casefold()
            left = sum(1 for line in entry.boilerplate
                       if normalize_line(line) in keys or (len(line.split()) >= 3 and " ".join(line.split()).casefold() in folded))
            kept = squash(entry.first) in squash(body) and squash(entry.last) in squash(body)
            results[method].append((left, len(entry.boilerplate), kept))
    return {
        method: (sum(l for l, _, _ in rows) / max(1, sum(t for _, t, _ in rows)), sum(k for _, _, k in rows) / len(rows))
        for method, rows in results.items()
    }


def main(argv: list[str] | None = None) -> int:
    """Print the comparison table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=Path, default=evaluation.CORPUS / "texts")
    parser.add_argument("--gold", type=Path, default=evaluation.CORPUS / "gold.yml")
    args = parser.parse_args(argv)
    table = measure(args.texts, args.gold)
    print(f"{'method':<15} {'chrome left':>12} {'text kept':>10}")
    for method, (left, kept) in table.items():
        print(f"{method:<15} {left:>12.3f} {kept:>10.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
