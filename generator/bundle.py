"""Make a Pagefind bundle byte-for-byte reproducible. Pure: file contents in, file contents out.

Pagefind 1.5 writes its filter chunks (and the metadata naming them) in hash-map order, which changes
from run to run (Pagefind issue #638: fragments and the word index are stable, filters are not). This
module decodes those small CBOR files, sorts them, and renames them by a hash of their new content.
If the format is not the one it knows (a round trip does not give the same bytes), it changes nothing.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import struct

SIGNATURE = b"pagefind_dcd"
_META = re.compile(r"^pagefind\.(?P<hash>[^/]+)\.pf_meta$")


class FormatError(ValueError):
    """The bytes are not in the subset of CBOR Pagefind writes."""


def decode_cbor(data: bytes) -> object:
    """The value of a CBOR document made of integers, strings, byte strings, arrays, maps and simple values."""
    value, end = _decode(data, 0)
    if end != len(data):
        raise FormatError("trailing bytes")
    return value


def _decode(data: bytes, at: int) -> tuple[object, int]:
    if at >= len(data):
        raise FormatError("truncated")
    major, info = data[at] >> 5, data[at] & 0x1F
    at += 1
    if major == 7:
        simple = {20: False, 21: True, 22: None}
        if info in simple:
            return simple[info], at
        if info == 26:
            return struct.unpack(">f", data[at:at + 4])[0], at + 4
        if info == 27:
            return struct.unpack(">d", data[at:at + 8])[0], at + 8
        raise FormatError(f"simple value {info}")
    if info < 24:
        argument = info
    elif info <= 27:
        size = 1 << (info - 24)
        argument = int.from_bytes(data[at:at + size], "big")
        at += size
    else:
        raise FormatError("indefinite length")
    if major == 0:
        return argument, at
    if major == 1:
        return -1 - argument, at
    if major in (2, 3):
        chunk = data[at:at + argument]
        if len(chunk) != argument:
            raise FormatError("truncated string")
        return (chunk if major == 2 else chunk.decode("utf-8")), at + argument
    if major == 4:
        items = []
        for _ in range(argument):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        pairs = []
        for _ in range(argument):
            key, at = _decode(data, at)
            value, at = _decode(data, at)
            pairs.append((key, value))
        return CborMap(pairs), at
    raise FormatError(f"major type {major}")


class CborMap(list):
    """A CBOR map kept as its (key, value) pairs in the order read, so it encodes back the same."""


def encode_cbor(value: object) -> bytes:
    """The shortest CBOR encoding of a value `decode_cbor` can return."""
    if value is False or value is True or value is None:
        return bytes([0xE0 | {False: 20, True: 21, None: 22}[value]])
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, float):
        return b"\xfb" + struct.pack(">d", value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, CborMap):
        return _head(5, len(value)) + b"".join(encode_cbor(k) + encode_cbor(v) for k, v in value)
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(encode_cbor(item) for item in value)
    raise FormatError(f"cannot encode {type(value).__name__}")


def _head(major: int, argument: int) -> bytes:
    if argument < 24:
        return bytes([major << 5 | argument])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if argument < 1 << (8 * size):
            return bytes([major << 5 | info]) + argument.to_bytes(size, "big")
    raise FormatError("integer too large")


def read_chunk(data: bytes) -> object:
    """A Pagefind file's value: gzip, then the signature, then CBOR."""
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise FormatError("no Pagefind signature")
    value = decode_cbor(raw[len(SIGNATURE):])
    if encode_cbor(value) != raw[len(SIGNATURE):]:
        raise FormatError("does not round-trip")
    return value


def write_chunk(value: object) -> bytes:
    """The inverse of `read_chunk`, with a gzip header that carries no time stamp."""
    return gzip.compress(SIGNATURE + encode_cbor(value), compresslevel=9, mtime=0)


def _sort_key(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def canonicalize_bundle(files: dict[str, bytes]) -> dict[str, bytes]:
    """The same bundle with filter chunks and metadata sorted and renamed by content; unchanged if unknown."""
    try:
        return _canonicalize(files)
    except (FormatError, OSError, EOFError, KeyError, ValueError, TypeError, IndexError):
        return files


def _canonicalize(files: dict[str, bytes]) -> dict[str, bytes]:
    entry = json.loads(files["pagefind-entry.json"])
    result = dict(files)
    for language, info in entry["languages"].items():
        meta_name = f"pagefind.{info['hash']}.pf_meta"
        meta = read_chunk(files[meta_name])
        # [version, pages, word-index chunks, filter chunks, sorts, meta fields]; filter chunks are [name, hash] pairs
        filters = meta[3]
        if not all(isinstance(pair, list) and len(pair) == 2 and isinstance(pair[1], str) for pair in filters):
            raise FormatError("unexpected metadata layout")
        renamed = []
        for name, chunk_hash in filters:
            old = f"filter/{chunk_hash}.pf_filter"
            chunk = read_chunk(files[old])
            chunk[1] = sorted(chunk[1], key=lambda pair: _sort_key(pair[0]))
            data = write_chunk(chunk)
            new_hash = f"{language}_{hashlib.sha256(data).hexdigest()[:7]}"
            del result[old]
            result[f"filter/{new_hash}.pf_filter"] = data
            renamed.append([name, new_hash])
        meta[3] = sorted(renamed, key=lambda pair: pair[0])
        data = write_chunk(meta)
        new_meta = f"{language}_{hashlib.sha256(data).hexdigest()[:10]}"
        del result[meta_name]
        result[f"pagefind.{new_meta}.pf_meta"] = data
        info["hash"] = new_meta
    result["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return result
