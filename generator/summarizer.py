"""Extractive summary in the article's own language: whole sentences, chosen by position and centrality, shown
in text order. Pure functions."""

from __future__ import annotations

import math
import re
from collections import Counter

from generator.entities import stem_words
from generator.sentences import split_sentences

MAX_SENTENCES = 4
MIN_SENTENCES = 2
BUDGET_WORDS = 40  # measured: shorter summaries beat lead-3 on ROUGE-L (bench/eval_summaries.py)
POSITION_WEIGHT = 0.7  # news puts the facts first: position dominates, centrality breaks ties among early sentences
_STOP = frozenset(
    "the a an of to in on at for with and or but by from as that this is are was were be been it its he she they "
    "his her their said says will would has have had not also who which и в во на с со к по о от для из за а но что "
    "как не это он она они его ее их был была были будет также который которая которые".split()
)
_ENDS = re.compile(r"[.!?…][\"”»)]?$")


def summary_candidates(paragraphs: tuple[str, ...], language: str) -> list[str]:
    """Sentences fit to stand in a summary: whole (they end like sentences) and not too short."""
    sentences = [s for p in paragraphs for s in split_sentences(p, language)]
    return [s for s in sentences if len(s.split()) >= 6 and _ENDS.search(s)]


def _vector(sentence: str, language: str) -> Counter[str]:
    return Counter(w for w in stem_words(sentence, language) if w not in _STOP and len(w) > 2)


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    shared = sum(a[w] * b[w] for w in a.keys() & b.keys())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return shared / norm if norm else 0.0


def rank_sentences(sentences: list[str], language: str) -> list[tuple[float, int]]:
    """(score, position) for each sentence, best first: position in the article and similarity to the whole."""
    vectors = [_vector(s, language) for s in sentences]
    whole: Counter[str] = sum(vectors, Counter())
    scores = []
    for index, vector in enumerate(vectors):
        position = 1.0 / (1.0 + 0.6 * index)
        centrality = _cosine(vector, whole)
        scores.append((POSITION_WEIGHT * position + (1 - POSITION_WEIGHT) * centrality, index))
    return sorted(scores, key=lambda item: (-item[0], item[1]))


def extract_summary(paragraphs: tuple[str, ...], language: str, budget_words: int = BUDGET_WORDS) -> tuple[str, ...]:
    """Two to four whole sentences, at most `budget_words` words (the first pick is always taken), in text order."""
    sentences = summary_candidates(paragraphs, language)
    if not sentences:
        return ()
    chosen: list[int] = []
    words = 0
    vectors = {i: _vector(s, language) for i, s in enumerate(sentences)}
    for _, index in rank_sentences(sentences, language):
        size = len(sentences[index].split())
        if chosen and words + size > budget_words and len(chosen) >= MIN_SENTENCES:
            continue
        if any(_cosine(vectors[index], vectors[other]) > 0.7 for other in chosen):  # says the same thing again
            continue
        if chosen and words + size > budget_words * 1.6:
            continue
        chosen.append(index)
        words += size
        if len(chosen) == MAX_SENTENCES:
            break
    return tuple(sentences[i] for i in sorted(chosen))


def lead_summary(paragraphs: tuple[str, ...], language: str, count: int) -> tuple[str, ...]:
    """The first `count` sentences: the baseline every summarizer must beat."""
    return tuple([s for p in paragraphs for s in split_sentences(p, language)][:count])
