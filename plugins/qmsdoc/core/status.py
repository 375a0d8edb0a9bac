"""Document status and the groupings every output and rule relies on — decided here and nowhere else."""

from __future__ import annotations

from enum import Enum

from .i18n import t


class Status(str, Enum):
    """A controlled document's status (front matter `status:`). A `str` so YAML, JSON and HTML see the value."""

    DRAFT = "draft"
    REVIEW = "review"
    APPROVED = "approved"
    EFFECTIVE = "effective"
    OBSOLETE = "obsolete"

    def __str__(self) -> str:
        return self.value

    @classmethod
    def parse(cls, value: object) -> Status | None:
        """The status a front-matter value names, or None (the schema reports it). Looked up by value, not by
        calling the class: a 2,000-document rebuild asks some 70,000 times (`Form.status`), and the enum's call
        was a tenth of a second of it."""
        try:
            return _BY_VALUE.get(value)
        except TypeError:  # a list or mapping names no status
            return None

    @property
    def label(self) -> str:
        """The status as readers see it (草稿, Draft …), in the project's language."""
        return t(f"status.{self.value}")

    @property
    def is_unapproved(self) -> bool:
        """草稿 / 审核中: not yet approved; published only as a preview, never as a controlled copy."""
        return self in (Status.DRAFT, Status.REVIEW)

    @property
    def is_controlled(self) -> bool:
        """已批准 / 现行有效: carries a valid approval, so its copies are controlled copies."""
        return self in (Status.APPROVED, Status.EFFECTIVE)

    @property
    def is_published(self) -> bool:
        """Has been approved at some point: on the site, in the register, with an approval record."""
        return self is not Status.DRAFT and self is not Status.REVIEW

    @property
    def is_current(self) -> bool:
        """现行有效: the status `qmsdoc release` writes. Periodic review covers every status `is_controlled`
        names (Document.next_review, review_overdue), 已批准 written by hand too."""
        return self is Status.EFFECTIVE

    @property
    def is_obsolete(self) -> bool:
        return self is Status.OBSOLETE


_BY_VALUE: dict[object, Status] = {status.value: status for status in Status}  # a member hashes as its value
