"""Problems found in a content pack, each with the file and line it comes from."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Issue:
    """One problem in a pack: `file` is relative to the pack folder, `line` is 1-based."""

    file: str
    line: int | None
    code: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: [{self.code}] {self.message}"


class PackLoadError(Exception):
    """A pack could not be loaded; `issues` lists every problem found, with file and line."""

    def __init__(self, pack: str, issues: Iterable[Issue]) -> None:
        self.pack = pack
        self.issues = tuple(issues)
        lines = "\n".join(str(issue) for issue in self.issues)
        super().__init__(f"content pack {pack!r} cannot be loaded:\n{lines}")


class UnknownPackError(LookupError):
    """No shipped pack has this id and no folder has this path."""
