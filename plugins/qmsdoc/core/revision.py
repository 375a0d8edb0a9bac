"""Version schemes: how a project numbers the versions of its documents, forms and manuals (`version_scheme` in
qmsdoc.yml), decided once when the configuration is loaded (`set_scheme`, as the language is) and used by every
version read, compared, written or advanced.

- `A/0` (default): the Chinese 版本/修订状态, edition letter A–Z and revision 0–9 (A/0, A/1 … A/9, B/0);
- `1.0`: major.minor (1.0, 1.1 … 1.10; a new edition 2.0);
- `A`: letters (A, B … Z), each release the next letter;
- `1`: whole numbers (1, 2, 3 …), each release the next; `Rev 2` typed on the command line or found by the importer
  is read as 2, the sources write the number alone.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import total_ordering

from .errors import EditError, UsageError, echoed
from .i18n import t

MAX_REVISION = 9
"""The A/0 scheme's last revision of an edition (A/9): the next change opens the next edition."""
_LETTERS = 26
_MAX_NUMBER = 999


@dataclass(frozen=True)
class Scheme:
    """One way of numbering versions. A version is held as two numbers (`edition`, `revision`) that order it;
    the scheme spells them (`A/1`, `1.1`, `B`, `2`) and says what comes next."""

    name: str
    pattern: str  # the JSON-schema pattern of a version written in a source (the schemas' `^[A-Z]/\\d{1,2}$`)
    reader: re.Pattern[str]  # a version as typed (case, full-width and a `Rev` prefix forgiven)
    first: tuple[int, int]
    shape_key: str  # the catalogue's words for how a version is written, with examples (QD004, usage errors)

    def parse(self, text: object) -> Revision | None:
        typed = str(text).strip().replace("／", "/")
        match = self.reader.match(typed.upper() if self.name in ("A/0", "A") else typed)
        if not match:
            return None
        if self.name == "A/0":
            return Revision(ord(match.group(1)) - ord("A"), int(match.group(2)))
        if self.name == "A":
            return Revision(ord(match.group(1)) - ord("A"), 0)
        if self.name == "1.0":
            return Revision(int(match.group(1)), int(match.group(2)))
        return Revision(int(match.group(1)), 0)

    def spell(self, version: Revision) -> str:
        if self.name == "A/0":
            return f"{chr(ord('A') + version.edition)}/{version.revision}"
        if self.name == "A":
            return chr(ord("A") + version.edition)
        if self.name == "1.0":
            return f"{version.edition}.{version.revision}"
        return str(version.edition)

    def next_revision(self, version: Revision) -> Revision:
        if self.name == "A/0" and version.revision < MAX_REVISION:
            return Revision(version.edition, version.revision + 1)
        if self.name == "1.0":
            if version.revision >= _MAX_NUMBER:
                raise EditError(t("revision.no_number", version=version))
            return Revision(version.edition, version.revision + 1)
        return self.next_edition(version)

    def next_edition(self, version: Revision) -> Revision:
        if self.name in ("A/0", "A"):
            if version.edition >= _LETTERS - 1:
                raise EditError(t("revision.no_letter", version=version))
        elif version.edition >= _MAX_NUMBER:
            raise EditError(t("revision.no_number", version=version))
        return Revision(version.edition + 1, 0)

    def shape(self) -> str:
        """How a version is written, with examples, in the project's language (for QD004 and usage errors)."""
        return t(self.shape_key)


SCHEMES: dict[str, Scheme] = {scheme.name: scheme for scheme in (
    Scheme("A/0", "^[A-Z]/\\d{1,2}$", re.compile(r"^([A-Z])/(\d{1,2})$"), (0, 0), "revision.shape.letter_number"),
    Scheme("1.0", "^\\d{1,3}\\.\\d{1,3}$", re.compile(r"^(\d{1,3})\.(\d{1,3})$"), (1, 0), "revision.shape.major_minor"),
    Scheme("A", "^[A-Z]$", re.compile(r"^([A-Z])$"), (0, 0), "revision.shape.letter"),
    Scheme("1", "^\\d{1,3}$", re.compile(r"^(?:REV\.?\s*)?(\d{1,3})$", re.IGNORECASE), (1, 0), "revision.shape.number"),
)}
DEFAULT_SCHEME = "A/0"
_active: list[Scheme] = []


def scheme() -> Scheme:
    """The project's version scheme now (A/0 until a configuration says otherwise)."""
    return _active[-1] if _active else SCHEMES[DEFAULT_SCHEME]


def set_scheme(name: str) -> Scheme:
    """Number versions in this scheme from now on (KeyError for an unknown name: the configuration checks first)."""
    chosen = SCHEMES[name]
    _active[:] = [chosen]
    return chosen


def help_examples() -> dict[str, str]:
    """Versions as the project's scheme writes them, for the examples in help and messages: `first` (A/0, 1.0),
    `example` and `example_next` (A/1 and A/2; 1.1 and 1.2; B and C), and a new edition `before` → `after`
    (A/3 → B/0; 1.3 → 2.0; D → E)."""
    active = scheme()
    first = Revision(*active.first)
    example = active.next_revision(first)
    before = active.next_revision(active.next_revision(example))
    return {"first": active.spell(first), "example": active.spell(example),
            "example_next": active.spell(active.next_revision(example)), "before": active.spell(before),
            "after": active.spell(active.next_edition(before))}


def fingerprint() -> str:
    """Changes with the scheme: caches of what was parsed, checked or written with versions (findings, pages)."""
    return f"version_scheme={scheme().name}"


@total_ordering
@dataclass(frozen=True)
class Revision:
    """A version in the project's scheme, held as the two numbers that order it (A/1 is (0, 1), 1.10 is (1, 10),
    C is (2, 0), 7 is (7, 0)): 1.10 comes after 1.9, and only the scheme spells it."""

    edition: int
    revision: int

    @classmethod
    def parse(cls, text: object) -> Revision | None:
        return scheme().parse(text)

    @classmethod
    def first(cls) -> Revision:
        """The version a new document, form or manual starts at (A/0, 1.0, A, 1)."""
        return cls(*scheme().first)

    def __str__(self) -> str:
        return scheme().spell(self)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Revision):
            return NotImplemented
        return (self.edition, self.revision) < (other.edition, other.revision)

    @property
    def over_limit(self) -> bool:
        """A/10 and beyond: a revision the A/0 scheme never reaches (QD112); other schemes have no such limit."""
        return scheme().name == "A/0" and self.revision > MAX_REVISION

    def next_revision(self) -> Revision:
        """A/0 → A/1 (after A/9 the next change opens a new edition B/0); 1.0 → 1.1; A → B; 1 → 2."""
        return scheme().next_revision(self)

    def next_edition(self) -> Revision:
        """A/3 → B/0; 1.3 → 2.0; A → B; 1 → 2 (after Z, or 999, there is none)."""
        return scheme().next_edition(self)


def first_version() -> str:
    """The first version as the sources write it."""
    return str(Revision.first())


def earlier(version: object, than: object) -> bool:
    """Whether version label `version` comes before `than` (both read as `Revision`; False if either is none)."""
    old, new = Revision.parse(version), Revision.parse(than)
    return bool(old and new and old < new)


def spelled(text: str) -> str:
    """A version typed on the command line (`a/1`, `Ａ／１`, ` A/1 `, `Rev 2`) as the sources, git history and
    registers write it (`A/1`, `2`); text that is no version comes back as typed, for the caller to refuse by name."""
    parsed = Revision.parse(unicodedata.normalize("NFKC", text))
    return str(parsed) if parsed is not None else text


def asked(text: str, option: str = "--version") -> str:
    """A version named on the command line (`--version`, `--from`, `--to`), spelled as the sources write it.
    Text that is no version at all is a usage error (exit 2), whatever the project holds; a well-formed version
    the item never had is the caller's refusal (exit 1), naming the versions there are."""
    parsed = Revision.parse(unicodedata.normalize("NFKC", text))
    if parsed is None:
        raise UsageError(t("cli.version_invalid", option=option, value=echoed(text), shape=scheme().shape()))
    return str(parsed)
