"""Reading text back out of built HTML pages, as a reader sees it."""

from __future__ import annotations

from html.parser import HTMLParser

BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "blockquote", "figcaption"}


class _ContentParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # > 0 while inside the page's <article> (Material's content area)
        self.blocks: list[str] = []
        self.current: list[str] | None = None
        self.open_blocks = 0

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        if self.depth and tag in BLOCKS:
            self.open_blocks += 1
            if self.current is None:
                self.current = []

    def handle_endtag(self, tag):
        if self.depth and tag in BLOCKS and self.open_blocks:
            self.open_blocks -= 1
            if not self.open_blocks and self.current is not None:
                self.blocks.append(" ".join("".join(self.current).split()))
                self.current = None
        if tag == "article":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and self.current is not None:
            self.current.append(data)


def content_blocks(html: str) -> list[str]:
    """Text of each paragraph, list item and heading inside the page's main content."""
    parser = _ContentParser()
    parser.feed(html)
    return [b for b in parser.blocks if b]
