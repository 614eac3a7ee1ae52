"""Evaluation: ROUGE-1/2/L of the summarizer, lead-2, lead-3 and sumy's LexRank against reference summaries.

    python bench/eval_summaries.py FOLDER

FOLDER holds pairs `NAME.txt` (the article, paragraphs separated by blank lines) and `NAME.ref.txt` (its
reference summary, e.g. the standfirst its editors wrote). Or pass `--standfirst`: then each `NAME.txt` is a whole
scraped article; it is cleaned by the generator, its first paragraph becomes the reference and the rest the
article. Scores are F1, averaged per language, on Snowball stems (rouge-score's own tokenizer drops Cyrillic).
Runs offline: LexRank is fed sentences and words by the generator's own splitters (sumy's default tokenizer
needs NLTK data from the network).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rouge_score import rouge_scorer  # noqa: E402

from generator.entities import stem_words  # noqa: E402
from generator.extractor import extract_article, extract_language  # noqa: E402
from generator.reader import read_knowledge, read_seed  # noqa: E402
from generator.sentences import split_sentences  # noqa: E402
from generator.summarizer import _STOP as STOPWORDS  # noqa: E402
from generator.summarizer import extract_summary, lead_summary  # noqa: E402


class StemTokenizer:
    """rouge-score tokenizer that keeps Cyrillic: Snowball stems of the words."""

    def __init__(self, language: str) -> None:
        self.language = language

    def tokenize(self, text: str) -> list[str]:
        return stem_words(text, self.language)


class SplitterTokenizer:
    """The two calls sumy makes of a tokenizer, answered by the generator's splitters."""

    def __init__(self, language: str) -> None:
        self.language = language

    def to_sentences(self, paragraph: str) -> list[str]:
        return split_sentences(paragraph, self.language)

    def to_words(self, sentence: str) -> list[str]:
        return [w for w in sentence.replace("«", " ").replace("»", " ").split() if any(c.isalnum() for c in w)]


def lexrank(paragraphs: tuple[str, ...], language: str, count: int = 3) -> tuple[str, ...]:
    """sumy's LexRank summary of `count` sentences."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    name = "russian" if language == "ru" else "english"
    tokenizer = SplitterTokenizer(language)
    document = ObjectDocumentModel(
        [Paragraph([Sentence(s, tokenizer) for s in tokenizer.to_sentences(p)]) for p in paragraphs]
    )
    summarizer = LexRankSummarizer(Stemmer(name))
    # sumy ships no Russian stop words: the summarizer's own list stands in
    summarizer.stop_words = get_stop_words(name) if language == "en" else frozenset(STOPWORDS)
    return tuple(str(s) for s in summarizer(document, count))


def load_pairs(folder: Path, standfirst: bool) -> list[tuple[str, tuple[str, ...], str]]:
    """(language, article paragraphs, reference) for every article of the folder."""
    pairs = []
    knowledge = read_knowledge()
    for path in sorted(folder.glob("*.txt")):
        if path.name.endswith(".ref.txt"):
            continue
        if standfirst:
            article = extract_article(read_seed(path, folder, 10**7), knowledge, frozenset(), dt.date(1990, 1, 1), dt.date.today(), 16)
            if len(article.paragraphs) < 3:
                continue
            pairs.append((article.language, article.paragraphs[1:], article.paragraphs[0]))
        else:
            text = path.read_text(encoding="utf-8")
            paragraphs = tuple(p.strip() for p in text.split("\n\n") if p.strip())
            reference = path.with_name(path.stem + ".ref.txt").read_text(encoding="utf-8")
            pairs.append((str(extract_language(text).value), paragraphs, reference))
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", type=Path, nargs="+")
    parser.add_argument("--standfirst", action="store_true", help="reference = the first paragraph of each article")
    args = parser.parse_args()
    pairs = [p for folder in args.folders for p in load_pairs(folder, args.standfirst)]
    systems = {
        "digest": lambda p, lang: extract_summary(p, lang),
        "lead-2": lambda p, lang: lead_summary(p, lang, 2),
        "lead-3": lambda p, lang: lead_summary(p, lang, 3),
        "LexRank (sumy)": lambda p, lang: lexrank(p, lang, 3),
    }
    print("| language | articles | system | ROUGE-1 | ROUGE-2 | ROUGE-L |")
    print("|---|---:|---|---:|---:|---:|")
    for language in ("en", "ru"):
        chosen = [(p, ref) for lang, p, ref in pairs if lang == language]
        if not chosen:
            continue
        scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], tokenizer=StemTokenizer(language))
        for name, system in systems.items():
            scores = [scorer.score(ref, " ".join(system(p, language))) for p, ref in chosen]
            means = [statistics.mean(s[key].fmeasure for s in scores) for key in ("rouge1", "rouge2", "rougeL")]
            print(f"| {language} | {len(chosen)} | {name} | " + " | ".join(f"{m:.3f}" for m in means) + " |")


if __name__ == "__main__":
    main()
