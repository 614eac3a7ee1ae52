"""MkDocs hook (see `hooks:` in mkdocs.yml): no logic here, only the generator's adapters."""

from generator.mkdocs_adapter import on_build_error, on_config, on_env, on_files, on_nav, on_page_markdown, on_post_build, on_pre_build, on_serve, on_shutdown, on_startup

__all__ = ["on_build_error", "on_config", "on_env", "on_files", "on_nav", "on_page_markdown", "on_post_build", "on_pre_build", "on_serve", "on_shutdown", "on_startup"]
