"""Write the large, binary, re-encoded and linked hostile seeds (too big or too odd for git) into a folder.

    python tests/data/hostile/make_hostile.py SEEDS_DIR
"""

from __future__ import annotations

import os
import sys
import zlib
from pathlib import Path

RUSSIAN = (
    " date 2023-05-21 Президент России провёл переговоры в Бишкеке\n\n"
    "Президент России Владимир Путин провёл переговоры с президентом Киргизии Садыром Жапаровым в Бишкеке.\n\n"
    "Стороны обсудили военное сотрудничество, торговлю и энергетику, сообщает пресс-служба Кремля.\n"
)
SENTENCE = "The delegations met again and discussed trade, energy and security in the region for many hours. "


def png_bytes() -> bytes:
    """A real 1x1 PNG image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")
    header = (1).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b"")


def write_hostile(folder: Path) -> list[str]:
    """Create the generated hostile seeds in `folder`; return their names."""
    files = {
        "binary.png": png_bytes(),
        "nul-bytes.txt": b"Some text\x00\x00\x00 with NUL bytes \x00 in the middle of it.\n",
        "huge-10mb.txt": (" date 2023-05-22 Ten megabytes\n\n" + SENTENCE * (10_000_000 // len(SENTENCE) + 1)).encode(),
        "one-line-1mb.txt": (" date 2023-05-23 One line of a megabyte\n" + SENTENCE * (1_000_000 // len(SENTENCE) + 1)).encode(),
        "utf16-bom.txt": RUSSIAN.encode("utf-16"),
        "utf16-nobom.txt": RUSSIAN.encode("utf-16-le"),
        "cp1251.txt": RUSSIAN.replace("05-21", "05-24").encode("cp1251"),
        "koi8r.txt": RUSSIAN.replace("05-21", "05-25").encode("koi8-r"),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    outside = folder.parent / "outside-secret.txt"
    outside.write_text(" date 2023-05-26 Secret\n\nThis file lives outside the seeds folder and must never be read.\n")
    os.symlink(outside.resolve(), folder / "symlink-out.txt")
    return sorted([*files, "symlink-out.txt"])


if __name__ == "__main__":
    print("\n".join(write_hostile(Path(sys.argv[1]))))
