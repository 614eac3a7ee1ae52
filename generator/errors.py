"""One family of exceptions, each naming the file (and field) it is about."""

from __future__ import annotations


class DigestError(Exception):
    """Base of every error the generator raises on purpose."""


class ConfigError(DigestError):
    """A setting in the configuration file is missing, of the wrong type or out of range."""

    def __init__(self, path: str, field: str, problem: str) -> None:
        super().__init__(f"{path}: setting '{field}': {problem}")
        self.path, self.field, self.problem = path, field, problem


class ProjectError(DigestError):
    """The folder is not a digest project, or a folder the settings name is missing: nothing is written."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path, self.problem = path, problem


class SeedError(DigestError):
    """A seed cannot become an article page; the build goes on and the seed is reported as skipped."""

    def __init__(self, seed: str, reason: str) -> None:
        super().__init__(f"{seed}: {reason}")
        self.seed, self.reason = seed, reason


class DataError(DigestError):
    """A knowledge file shipped with the generator or written by an editor is malformed."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path, self.problem = path, problem


class SearchIndexError(DigestError):
    """The search indexer could not run or failed; the site builds without a fresh search index."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: search index not built: {problem}")
        self.path, self.problem = path, problem


class StrictError(DigestError):
    """`--strict` was given and the run produced warnings."""
