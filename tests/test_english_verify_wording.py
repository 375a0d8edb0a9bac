"""`qmsdoc verify` in English answered in one line that began in lower case ("current controlled copy: …", "unknown
file: …", "this copy does not match …") next to lines that began with a capital ("Refused to read it: …",
"Earlier version …"). Each answer is a line of its own: it begins with a capital, as the other English lines do, and
ends without a full stop, as the catalogue's lines do."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_english import _copy

from conftest import run_cli


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _copy(tmp_path_factory.mktemp("verify-wording"), committed=True)
    done = run_cli("build", "--pdf", cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    return root


def _answers(root: Path, tmp_path: Path) -> dict[str, str]:
    """The answer for each kind of file an auditor brings: genuine copies (Word, PDF), an altered one, a stranger's
    file, site pages (a document's and an earlier version's)."""
    build = root / "build"
    files = {f"genuine {p.suffix}": p for p in (next((build / "docx" / "documents").glob("*.docx")),
                                                 next((build / "pdf" / "documents").glob("*.pdf")))}
    altered = tmp_path / "altered.docx"
    altered.write_bytes(files["genuine .docx"].read_bytes() + b"x")
    unknown = tmp_path / "unknown.pdf"
    unknown.write_bytes(b"%PDF-1.4 not ours")
    files |= {"altered": altered, "unknown": unknown}
    files |= {f"page {p.parent.name}": p for p in sorted((build / "site").glob("*/*/index.html"))[:3]}
    files |= {f"history {p.parent.name}": p for p in sorted((build / "site" / "history").glob("*/*/index.html"))[:2]}
    out = {}
    for name, path in files.items():
        said = run_cli("verify", str(path), cwd=root)
        assert said.returncode in (0, 1), said.stdout + said.stderr
        out[name] = said.stdout.strip()
    return out


def test_every_english_verify_answer_reads_as_a_sentence(built: Path, tmp_path: Path) -> None:
    answers = _answers(built, tmp_path)
    assert len(answers) >= 5, answers
    for name, text in answers.items():
        first = text.splitlines()[0]
        assert not first[:1].islower(), (name, first)
        assert not first.endswith("."), (name, first)


def test_only_the_first_letter_is_a_capital(built: Path, tmp_path: Path) -> None:
    """The quiet side: the words after the first are as they were, and a line that began with a capital or a
    document number still does."""
    answers = _answers(built, tmp_path)
    assert "is not a controlled copy made by this system and must not be used as one" in answers["unknown"], answers
    assert all("  " not in text for text in answers.values()), answers


def test_verify_describes_an_earlier_copy_as_qmsdoc_copy_marked_it() -> None:
    """`qmsdoc copy` says the copy "is marked as an earlier version and uncontrolled"; verify said of that file
    "marked earlier version and uncontrolled". One marking, described in the same words by both."""
    from qmsdoc.core import i18n

    marking = "marked as an earlier version and uncontrolled"
    with i18n.using("en"):
        assert marking in i18n.t("hist.earlier_state", replaced="superseded by A/1")
        said = i18n.t("verify.earlier_copy", label="QM-02 Internal Audit", old="A/0", now="A/1",
                      source=i18n.t("verify.read.docx"))
    assert marking in said and said.startswith("Copy of an earlier version"), said
