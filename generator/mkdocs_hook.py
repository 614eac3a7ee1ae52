"""MkDocs hook (see `hooks:` in mkdocs.yml): no logic here, only the generator's adapters."""

from generator.mkdocs_adapter import on_config, on_page_markdown, on_pre_build, on_serve

__all__ = ["on_config", "on_page_markdown", "on_pre_build", "on_serve"]
