"""A tiny translation model built in the test itself: a SentencePiece model trained on a few lines and a
random-weight CTranslate2 Transformer, packaged like an Argos Translate package. Its output is noise; it exists to
run the real load -> tokenize -> translate -> detokenize path offline."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import numpy as np
import sentencepiece
from ctranslate2 import converters, specs

LINES = [
    "Russia will continue to deliver modern weapons to its military base.",
    "The presidents discussed security and trade in Central Asia.",
    "Президенты обсудили вопросы безопасности и торговли.",
    "Путин и Жапаров подписали совместное заявление.",
    "The leaders agreed to deepen military cooperation.",
    "Стороны договорились углублять военное сотрудничество.",
] * 20
D_MODEL, FFN, HEADS = 16, 32, 2


def train_sentencepiece(target: Path) -> sentencepiece.SentencePieceProcessor:
    model = io.BytesIO()
    sentencepiece.SentencePieceTrainer.train(sentence_iterator=iter(LINES), model_writer=model, vocab_size=80,
                                             character_coverage=1.0, model_type="unigram", minloglevel=2)
    target.write_bytes(model.getvalue())
    return sentencepiece.SentencePieceProcessor(model_file=str(target))


def _shape(name: str, vocab: int) -> tuple[int, ...]:
    if name.endswith(("gamma", "beta")):
        return (D_MODEL,)
    if "embeddings" in name or name.endswith("projection/weight"):
        return (vocab, D_MODEL)
    if "self_attention/linear_0" in name:
        return (3 * D_MODEL, D_MODEL)
    if "/attention/linear_1" in name:
        return (2 * D_MODEL, D_MODEL)
    if "ffn/linear_0" in name:
        return (FFN, D_MODEL)
    if "ffn/linear_1" in name:
        return (D_MODEL, FFN)
    return (D_MODEL, D_MODEL)


def _set(spec, name: str, value) -> None:
    node = spec
    *path, last = name.split("/")
    for part in path:
        head, _, index = part.rpartition("_")
        node = getattr(node, head)[int(index)] if index.isdigit() and hasattr(node, head) else getattr(node, part)
    setattr(node, last, value)


class RandomTransformer(converters.Converter):
    """A Converter whose `_load` makes a small Transformer spec with random weights."""

    def __init__(self, vocabulary: list[str]) -> None:
        self.vocabulary = vocabulary

    def _load(self):
        spec = specs.TransformerSpec.from_config((1, 1), HEADS)
        rng = np.random.default_rng(7)
        for name, value in spec.variables().items():
            if value is None:
                _set(spec, name, rng.normal(0, 0.1, _shape(name, len(self.vocabulary))).astype(np.float32))
        spec.register_source_vocabulary(self.vocabulary)
        spec.register_target_vocabulary(self.vocabulary)
        return spec


def build_package(folder: Path, name: str = "tiny-en-ru", source: str = "en", target: str = "ru") -> Path:
    """An `.argosmodel` zip: <name>/model/, <name>/sentencepiece.model, <name>/metadata.json."""
    root = folder / name
    root.mkdir(parents=True)
    processor = train_sentencepiece(root / "sentencepiece.model")
    vocabulary = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    RandomTransformer(vocabulary).convert(str(root / "model"), force=True)
    (root / "metadata.json").write_text(json.dumps({"name": name, "from_code": source, "to_code": target}), encoding="utf-8")
    package = folder / f"{name}.argosmodel"
    with zipfile.ZipFile(package, "w") as archive:
        for path in sorted(root.rglob("*")):
            archive.write(path, path.relative_to(folder).as_posix())
    shutil.rmtree(root)
    return package
