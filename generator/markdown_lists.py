"""A Markdown extension (named in mkdocs.yml) that builds plain link lists without Python-Markdown's inline pass.

The index, date and year pages are long tight lists whose every line is plain text with one link, such as
`- 3 May 2025 · [Title](../articles/slug.md) — TASS · en`. Python-Markdown scans each line for every inline pattern,
character by character for the brackets of a link: 0.13 s for one 140 KB year listing, most of the render when a
new article lands in a long year. A block whose every line has that shape is built here straight into the same
elements (`<ul><li>text<a href="...">title</a>tail</li>…`), its text marked as needing no inline pass; anything
else in the block (emphasis, code, a second link, raw HTML, an item another block processor would take) leaves
the whole block to Python-Markdown. Backslash escapes become Python-Markdown's own placeholders and entities are
left as they are, so the HTML is byte for byte what Python-Markdown makes (`tests/test_markdown_lists.py`), and
MkDocs still resolves and checks every link.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import util
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension


def _line_pattern(escaped: str) -> re.Pattern[str]:
    """One list line: `- ` text, `[text](address)`, text; text being characters no inline pattern acts on (no
    emphasis, code, brackets, braces, raw HTML, image mark) or a backslash escape of one of `escaped`."""
    escapes = re.escape("".join(sorted(escaped)))
    plain = rf"(?:[^\\`*_{{}}\[\]<!\n]|\\[{escapes}]|!(?!\[))*"
    # the first character must not start another block inside the item: a heading, quote, list, rule or code
    return re.compile(rf"-[ ]+(?![ #>+=-]|\d+\.[ ])({plain})\[({plain})\]\(([A-Za-z0-9._~/%#-]+)\)({plain})(?<!\s)")


class PlainListProcessor(BlockProcessor):
    """A tight list of plain linked lines, built without the inline pass (see the module's docstring)."""

    def __init__(self, parser) -> None:
        super().__init__(parser)
        self.line = _line_pattern(parser.md.ESCAPED_CHARS)
        self.escape = re.compile(r"\\(.)")
        self.follow = re.compile(r"[ \t]|[ ]{0,3}(?:\d+\.|[*+-])[ ]")

    def test(self, parent: etree.Element, block: str) -> bool:
        if not block.startswith("-") or parent.tag in ("ul", "ol"):
            return False
        sibling = self.lastChild(parent)
        if sibling is not None and sibling.tag in ("ul", "ol"):  # Python-Markdown would continue that list, loose
            return False
        return all(self.line.fullmatch(line) for line in block.split("\n"))

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        if len(blocks) > 1 and self.follow.match(blocks[1]):  # a list item or indented block after a blank line makes
            self.parser.blockprocessors["ulist"].run(parent, blocks)  # the list loose: Python-Markdown's own work
            return
        listing = etree.SubElement(parent, "ul")
        for line in blocks.pop(0).split("\n"):
            before, title, address, after = self.line.fullmatch(line).groups()
            item = etree.SubElement(listing, "li")
            item.text = self._text(before)
            link = etree.SubElement(item, "a", {"href": address})
            link.text = self._text(title)
            link.tail = self._text(after)

    def _text(self, text: str) -> util.AtomicString:
        # the placeholder Python-Markdown's escape pattern leaves, restored by its `unescape` tree processor
        return util.AtomicString(self.escape.sub(lambda m: f"{util.STX}{ord(m.group(1))}{util.ETX}", text))


class PlainListExtension(Extension):
    """Registers `PlainListProcessor` just before Python-Markdown's list processors."""

    def extendMarkdown(self, md) -> None:  # noqa: N802 - Python-Markdown's name
        md.parser.blockprocessors.register(PlainListProcessor(md.parser), "digest_plain_list", 45)


def makeExtension(**kwargs) -> PlainListExtension:  # noqa: N802 - the name Python-Markdown looks for
    """The extension, for `markdown_extensions: [generator.markdown_lists]`."""
    return PlainListExtension(**kwargs)
