"""Offline machine translation through CTranslate2 + SentencePiece, from model folders laid out like an Argos
Translate package (`model/`, `sentencepiece.model`, `metadata.json`) or an OPUS-MT CTranslate2 conversion
(`model.bin`, `source.spm`, `target.spm`). Installing a model is the only thing here that may use the network,
and only when the user passes a URL to `digest models add`."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from generator.errors import DigestError

BATCH = 16


class ModelError(DigestError):
    """A model package or folder is missing a part or cannot be loaded."""


@dataclass(frozen=True)
class ModelInfo:
    """An installed model: its name, languages and the files CTranslate2 and SentencePiece need."""

    name: str
    source: str
    target: str
    model_dir: Path
    source_spm: Path
    target_spm: Path


def describe_model(folder: Path) -> ModelInfo:
    """Read an installed model folder (Argos or OPUS-MT layout); raise `ModelError` naming what is missing."""
    metadata_file = folder / "metadata.json"
    metadata = {}
    if metadata_file.is_file():
        try:
            metadata = json.loads(metadata_file.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise ModelError(f"{metadata_file}: not valid JSON: {exc}") from None
    if (folder / "model" / "model.bin").is_file() and (folder / "sentencepiece.model").is_file():
        model_dir, source_spm, target_spm = folder / "model", folder / "sentencepiece.model", folder / "sentencepiece.model"
    elif (folder / "model.bin").is_file() and (folder / "source.spm").is_file() and (folder / "target.spm").is_file():
        model_dir, source_spm, target_spm = folder, folder / "source.spm", folder / "target.spm"
    else:
        raise ModelError(f"{folder}: neither an Argos package (model/model.bin + sentencepiece.model) "
                         "nor an OPUS-MT conversion (model.bin + source.spm + target.spm)")
    source, target = metadata.get("from_code"), metadata.get("to_code")
    if not (source and target):
        # the last pair of two-letter codes: `opus-mt-en-ru` is en -> ru, not `mt` -> en
        pairs = re.findall(r"(?=(?:^|[-_])([a-z]{2})[-_]([a-z]{2})(?:$|[-_]))", folder.name)
        if not pairs:
            raise ModelError(f"{folder}: no metadata.json with from_code/to_code, and the folder name names no languages")
        source, target = pairs[-1]
    name = str(metadata.get("name") or folder.name)
    return ModelInfo(name, source, target, model_dir, source_spm, target_spm)


def list_models(models_dir: Path) -> list[ModelInfo]:
    """Every usable model installed in the models folder, by name."""
    if not models_dir.is_dir():
        return []
    found = []
    for folder in sorted(p for p in models_dir.iterdir() if p.is_dir()):
        try:
            found.append(describe_model(folder))
        except ModelError:
            continue
    return found


def find_model(models_dir: Path, source: str, target: str) -> ModelInfo | None:
    """The first installed model translating `source` into `target`."""
    return next((m for m in list_models(models_dir) if (m.source, m.target) == (source, target)), None)


def install_model(package: str, models_dir: Path) -> ModelInfo:
    """Install a model package from a folder, a zip/.argosmodel file, or (online only) a URL."""
    models_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(package)
        if re.match(r"https?://", package):
            source = Path(tmp) / "download.zip"
            try:
                import urllib.request  # only `digest models add URL` downloads: not loaded on every run

                with urllib.request.urlopen(package, timeout=60) as response, open(source, "wb") as out:
                    shutil.copyfileobj(response, out)
            except OSError as exc:
                raise ModelError(f"{package}: cannot download: {exc}") from None
        if source.is_file():
            if not zipfile.is_zipfile(source):
                raise ModelError(f"{package}: not a zip or .argosmodel package")
            with zipfile.ZipFile(source) as archive:
                for member in archive.namelist():
                    if member.startswith("/") or ".." in Path(member).parts:
                        raise ModelError(f"{package}: unsafe path in package: {member}")
                archive.extractall(Path(tmp) / "unpacked")
            roots = [p for p in (Path(tmp) / "unpacked").iterdir() if p.is_dir()]
            source = roots[0] if len(roots) == 1 else Path(tmp) / "unpacked"
        if not source.is_dir():
            raise ModelError(f"{package}: no such file or folder")
        info = describe_model(source)
        target = models_dir / f"{info.source}-{info.target}-{re.sub(r'[^A-Za-z0-9_.-]+', '_', info.name)}"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(source, target)
        if not (target / "metadata.json").is_file():  # an OPUS-MT folder: keep the name and languages its name gave
            metadata = {"name": info.name, "from_code": info.source, "to_code": info.target}
            (target / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
        return describe_model(target)


class Translator:
    """A loaded model: SentencePiece in, CTranslate2 in batches, SentencePiece out."""

    def __init__(self, info: ModelInfo) -> None:
        import ctranslate2
        import sentencepiece

        self.info = info
        try:
            self.engine = ctranslate2.Translator(str(info.model_dir), device="cpu", inter_threads=1)
            self.source = sentencepiece.SentencePieceProcessor(model_file=str(info.source_spm))
            self.target = sentencepiece.SentencePieceProcessor(model_file=str(info.target_spm))
        except (RuntimeError, OSError) as exc:
            raise ModelError(f"{info.model_dir}: cannot load the model: {exc}") from None

    def translate(self, sentences: list[str]) -> tuple[list[str], str]:
        """Translations of the sentences, in order, and the model's name."""
        out: list[str] = []
        for start in range(0, len(sentences), BATCH):
            batch = [self.source.encode(s, out_type=str) for s in sentences[start : start + BATCH]]
            results = self.engine.translate_batch(batch, beam_size=2, max_decoding_length=256)
            out += [self.target.decode(r.hypotheses[0]) for r in results]
        return out, self.info.name
