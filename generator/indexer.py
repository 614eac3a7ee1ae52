"""Search indexing: search documents in, Pagefind bundle files out (as bytes; the writer puts them on disk).

Talks to the Pagefind binary's service mode (`pagefind --service`): messages are base64-encoded JSON, each
followed by a comma, on stdin and stdout. The documents are streamed in from a thread while the answers are
read, so no HTML goes through the disk and no per-message round trip is waited for. (Pagefind's own Python
client waits 0.1 s per answer: 2,000 documents took minutes.)
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from generator.search import SearchDocument


class IndexerError(RuntimeError):
    """The Pagefind binary is missing, failed, or answered something unexpected."""


def find_pagefind() -> Path:
    """The Pagefind binary of the `pagefind-bin` wheel, else one on PATH."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        get_executable = None
    found = get_executable() if get_executable else None
    if found is None and shutil.which("pagefind"):
        found = shutil.which("pagefind")
    if found is None:
        raise IndexerError("the Pagefind binary is missing: pip install 'pagefind[bin]'")
    return Path(found)


def _encode(message_id: int, payload: dict) -> bytes:
    return base64.b64encode(json.dumps({"message_id": message_id, "payload": payload}).encode("utf-8")) + b","


def _answers(stream) -> Iterator[dict]:
    pending = b""
    while True:
        chunk = stream.read1(1 << 16)
        if not chunk:
            if pending.strip():
                raise IndexerError("Pagefind stopped in the middle of an answer")
            return
        pending += chunk
        *complete, pending = pending.split(b",")
        for message in complete:
            if message.strip():
                yield json.loads(base64.b64decode(message))


def build_bundles(documents: dict[str, list[SearchDocument]], binary: Path) -> Iterator[tuple[str, dict[str, bytes]]]:
    """One Pagefind bundle per key (a language's period), each in its own Pagefind process, as many side by side as
    there are cores; yields (key, {path in the bundle: bytes}) as each is done, so only a few are held at once.
    Biggest first, so the last to finish is a small one. Takes the documents out of `documents`: each bundle's are
    let go of once it is built (at 10,000 articles they are 100 MB of markup)."""
    order = sorted(documents, key=lambda key: (-len(documents[key]), key))
    with ThreadPoolExecutor(max_workers=max(1, min(len(documents), os.cpu_count() or 1))) as pool:
        futures = {pool.submit(build_bundle, documents.pop(key), binary): key for key in order}
        for future in as_completed(futures):
            yield futures[future], future.result()


def build_bundle(documents: list[SearchDocument], binary: Path) -> dict[str, bytes]:
    """The Pagefind bundle of one language's documents: {path in the bundle: bytes}."""
    process = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL)
    try:
        return _build(process, documents)
    finally:
        process.stdin.close()
        process.kill()
        process.wait()


def _build(process: subprocess.Popen, documents: list[SearchDocument]) -> dict[str, bytes]:
    answers = _answers(process.stdout)
    counter = iter(range(1, 1 << 62))

    def ask(payload: dict) -> dict:
        process.stdin.write(_encode(next(counter), payload))
        process.stdin.flush()
        answer = next(answers, None)
        if answer is None:
            raise IndexerError("Pagefind stopped without answering")
        return _payload(answer)

    index_id = ask({"type": "NewIndex", "config": {}})["index_id"]
    messages = [_encode(next(counter), {"type": "AddFile", "index_id": index_id, "url": d.url, "file_path": None,
                                        "file_contents": d.html}) for d in documents]
    failure: list[BaseException] = []

    def feed() -> None:
        try:
            for message in messages:
                process.stdin.write(message)
            process.stdin.flush()
        except OSError as error:  # the binary died; reading its answers reports it
            failure.append(error)

    thread = threading.Thread(target=feed, daemon=True)
    thread.start()
    for _ in documents:
        answer = next(answers, None)
        if answer is None:
            raise IndexerError("Pagefind stopped while indexing")
        _payload(answer)
    thread.join()
    if failure:
        raise IndexerError(f"Pagefind stopped reading: {failure[0]}")
    files = ask({"type": "GetFiles", "index_id": index_id})["files"]
    return {f["path"]: base64.b64decode(f["content"]) for f in files}


def _payload(answer: dict) -> dict:
    payload = answer.get("payload", {})
    if payload.get("type") == "Error":
        raise IndexerError(f"Pagefind: {payload.get('message', 'unknown error')}")
    return payload
