"""The Chinese 版本/修订状态 scheme: edition letter A–Z, revision 0–9 (A/0, A/1 … A/9, B/0)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import total_ordering

from .errors import EditError, UsageError
from .i18n import t

REVISION_PATTERN = re.compile(r"^([A-Z])/(\d{1,2})$")
MAX_REVISION = 9


@total_ordering
@dataclass(frozen=True)
class Revision:
    edition: str
    revision: int

    @classmethod
    def parse(cls, text: object) -> Revision | None:
        match = REVISION_PATTERN.match(str(text).strip().upper().replace("／", "/"))
        if not match:
            return None
        return cls(match.group(1), int(match.group(2)))

    def __str__(self) -> str:
        return f"{self.edition}/{self.revision}"

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Revision):
            return NotImplemented
        return (self.edition, self.revision) < (other.edition, other.revision)

    @property
    def over_limit(self) -> bool:
        return self.revision > MAX_REVISION

    def next_revision(self) -> Revision:
        """A/0 → A/1; after A/9 the next change opens a new edition B/0."""
        if self.revision >= MAX_REVISION:
            return self.next_edition()
        return Revision(self.edition, self.revision + 1)

    def next_edition(self) -> Revision:
        if self.edition == "Z":
            raise EditError(t("revision.no_letter", version=self))
        return Revision(chr(ord(self.edition) + 1), 0)


def earlier(version: object, than: object) -> bool:
    """Whether version label `version` comes before `than` (both read as `Revision`; False if either is none)."""
    old, new = Revision.parse(version), Revision.parse(than)
    return bool(old and new and old < new)


def spelled(text: str) -> str:
    """A version typed on the command line (`a/1`, `Ａ／１`, ` A/1 `) as the sources, git history and registers
    write it (`A/1`); text that is no version comes back as typed, for the caller to refuse by name."""
    parsed = Revision.parse(unicodedata.normalize("NFKC", text))
    return str(parsed) if parsed is not None else text


def asked(text: str, option: str = "--version") -> str:
    """A version named on the command line (`--version`, `--from`, `--to`), spelled as the sources write it.
    Text that is no version at all is a usage error (exit 2), whatever the project holds; a well-formed version
    the item never had is the caller's refusal (exit 1), naming the versions there are."""
    parsed = Revision.parse(unicodedata.normalize("NFKC", text))
    if parsed is None:
        raise UsageError(t("cli.version_invalid", option=option, value=repr(text)))
    return str(parsed)
