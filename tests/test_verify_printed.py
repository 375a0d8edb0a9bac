"""What `verify` reads of a copy's printed text: the 分发号, the past day a whole-manual copy shows and an
uncontrolled footer, in every language and however `pdftotext` wraps or spaces the line; and each copy read once
(a PDF's text and metadata are a `pdftotext` and a `pdfinfo` run each)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from qmsdoc.core import check, load_config
from qmsdoc.core.i18n import languages
from qmsdoc.verify import copies
from qmsdoc.verify.verdict import verify

from conftest import Project, run_cli

DAY = "2026-03-14"


def _wrapped(text: str) -> str:
    """`text` as a PDF's text may come out: a line break near the middle (a line never breaks inside a number),
    spaces doubled, one space dropped."""
    middle = next(i for i in range(len(text) // 2, len(text)) if not (text[i - 1] + text[i]).isdigit())
    return (text[:middle] + "\n" + text[middle:]).replace(" ", "  ", 1).replace(" ", "", 1)


@pytest.mark.parametrize("language", sorted(languages()))
@pytest.mark.parametrize("wrap", [False, True], ids=["one line", "wrapped"])
def test_the_past_day_a_whole_manual_copy_shows_is_read_in_every_language(language: str, wrap: bool) -> None:
    messages = languages()[language].messages
    state = messages["copy.as_of_state"].format(day=DAY)
    footer = messages["copy.footer"].format(state=state, number_label=messages["label.copy_number"], number="")
    assert copies.as_of_in(_wrapped(footer) if wrap else footer) == DAY


@pytest.mark.parametrize("language", sorted(languages()))
def test_a_controlled_footer_shows_no_past_day_and_is_not_uncontrolled(language: str) -> None:
    messages = languages()[language].messages
    footer = messages["copy.footer"].format(state=messages["copy.controlled"],
                                            number_label=messages["label.copy_number"], number="QP-02-03-A/1-001")
    assert copies.AS_OF.search(footer) is None
    assert copies.UNCONTROLLED.search(footer) is None
    assert copies.COPY_NUMBER.search(footer) is not None  # the line is read, only nothing else is on it


@pytest.mark.parametrize("language", sorted(languages()))
@pytest.mark.parametrize("wrap", [False, True], ids=["one line", "wrapped"])
def test_an_uncontrolled_footer_is_read_in_every_language(language: str, wrap: bool) -> None:
    messages = languages()[language].messages
    footer = messages["copy.footer"].format(state=messages["copy.uncontrolled"],
                                            number_label=messages["label.copy_number"], number="")
    assert copies.UNCONTROLLED.search(_wrapped(footer) if wrap else footer) is not None


def _pdf_runs(pdf: Path, project: Project, monkeypatch: pytest.MonkeyPatch) -> tuple[bool, list[str]]:
    """Whether `verify` judges `pdf` current, and the poppler tools it ran to read it."""
    config = load_config(project.root)
    result = check(config)
    runs: list[str] = []
    real = subprocess.run

    def counted(command: list[str], *args: Any, **kwargs: Any) -> Any:
        if Path(command[0]).name.startswith("pdf"):
            runs.append(Path(command[0]).name)
        return real(command, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(copies.subprocess, "run", counted)
        verdict = verify(pdf, result.corpus, config.build_path, result.context.distribution, config.today,
                         result.context.history)
    return verdict.current, sorted(runs)


def test_verify_reads_a_numbered_pdf_copy_once(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    done = run_cli("issue", "QP-03-02", "--to", "客服部", "--format", "pdf", "--date", "2026-06-02", cwd=project.root)
    assert done.returncode == 0, done.stdout + done.stderr
    current, runs = _pdf_runs(next(project.path("issued").glob("*.pdf")), project, monkeypatch)
    assert current and runs == ["pdfinfo", "pdftotext"]


def test_verify_reads_an_unnumbered_pdf_copy_once(project: Project, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "pdf-out"
    assert run_cli("build", cwd=project.root).returncode == 0  # the manifest verify reads
    assert run_cli("pdf", "QP-03-02", "QP-03", "--out", str(out), cwd=project.root).returncode == 0
    for pdf in (out / "documents/QP-03-02.pdf", out / "manuals/QP-03.pdf"):  # no 分发号: judged by date and text
        _, runs = _pdf_runs(pdf, project, monkeypatch)
        assert runs.count("pdfinfo") == 1 and runs.count("pdftotext") <= 1, (pdf.name, runs)
