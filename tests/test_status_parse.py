"""`Status.parse`: the status a front-matter value names, asked tens of thousands of times a build (`Form.status`
on every listing and rule), so answered from a table of the values, never by calling the enum."""

from __future__ import annotations

import pytest

from qmsdoc.core.status import Status


def _called(value: object) -> Status | None:
    """What calling the enum answers (the old lookup): the member, or None for a value naming none."""
    try:
        return Status(value)
    except ValueError:
        return None


@pytest.mark.parametrize("value", [*(s.value for s in Status), *Status, None, "", "Draft", " draft", "drafted", 1,
                                   True, 0.5, b"draft", ["draft"], {"status": "draft"}, ("draft",)])
def test_parse_answers_what_calling_the_enum_answers(value: object) -> None:
    assert Status.parse(value) is _called(value)


class _Refused(dict[object, Status]):
    """The enum's own table of values, refusing to be read: calling `Status(value)` reads it."""

    def __getitem__(self, key: object) -> Status:
        raise AssertionError("Status.parse called the enum: about 1.5 µs a value, 70,000 values a 2,000-document build")


def test_parse_does_not_call_the_enum(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = [Status.parse(value) for value in ("draft", "effective", Status.OBSOLETE)]
    monkeypatch.setattr(Status, "_value2member_map_", _Refused(Status._value2member_map_))
    assert [Status.parse(value) for value in ("draft", "effective", Status.OBSOLETE)] == parsed
    assert Status.parse("nonsense") is None and Status.parse(["draft"]) is None
