"""QD023: a character no font of the PDF copies draws is named by the check, at its line — before a release puts
it in force and the build stops on it — asked of Typst with the copies' own fonts, the "drawable" answers kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from qmsdoc.core import check, load_config
from qmsdoc.core.parsecache import build_dir_cache
from qmsdoc.pdf.coverage import TypstGlyphs, install

from conftest import Project, commit, run_cli

DOC = "manuals/qp-hr/QP-02-03.md"
DRAFT = "revisions/manuals/qp-hr/QP-02-03.md"
FORM = "controlled_forms/QP-02-01-F001.yaml"
SCOPE = "适用于管家服务中心经理以下所有员工的离职工作。"
HIEROGLYPH = "\U00013000"  # Egyptian hieroglyph A001: in no font qmsdoc uses or Typst embeds
DRAWN = "→ ① ℃ ☐ α Ж"  # outside the never-asked ranges, drawn by the CJK or the embedded fonts


def qd023(project: Project) -> list[tuple[str, int, str]]:
    install()
    return [(f.path, f.line, f.message) for f in check(load_config(project.root)).findings if f.code == "QD023"]


def test_a_character_no_font_draws_is_named_at_its_line_and_drawn_ones_are_not(project: Project) -> None:
    project.revise(DOC, SCOPE, f"{SCOPE}{DRAWN}，见 {HIEROGLYPH} 号。")
    found = qd023(project)
    assert found == [(DOC, project.line_of(DOC, HIEROGLYPH), found[0][2])]
    assert "U+13000" in found[0][2] and "→" not in found[0][2]

    project.revise(DOC, f"见 {HIEROGLYPH} 号", "见 1 号")
    assert qd023(project) == []


def test_the_command_line_checks_it_and_a_form_label_is_a_copy_s_text_too(project: Project) -> None:
    project.revise(FORM, "fields:", f"# 草稿注释 {HIEROGLYPH}：YAML 注释不出现在任何副本中\nfields:")
    assert run_cli("check", cwd=project.root).returncode == 0  # a comment is shown nowhere
    text = project.read(FORM)
    label = text.split("label: ", 1)[1].split("}", 1)[0]
    project.revise(FORM, f"label: {label}", f"label: {label}{HIEROGLYPH}")
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 1
    assert f"{FORM}:{project.line_of(FORM, 'label: ' + label + HIEROGLYPH)}: error QD023" in result.stdout


def test_nothing_is_asked_without_pdf_copies(project: Project) -> None:
    project.revise(DOC, SCOPE, f"{SCOPE}{HIEROGLYPH}")
    project.replace("qmsdoc.yml", "pdf_copies: true", "pdf_copies: false")
    assert qd023(project) == []


def test_drawable_answers_are_remembered_and_undrawable_ones_asked_again(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[list[str]] = []
    real = TypstGlyphs.undrawable

    def counting(self: TypstGlyphs, config: object, chars: list[str]) -> frozenset[str]:
        asked.append(list(chars))
        return real(self, config, chars)  # type: ignore[arg-type]

    monkeypatch.setattr(TypstGlyphs, "undrawable", counting)
    project.revise(DOC, SCOPE, f"{SCOPE}{DRAWN}")
    install()

    def checked() -> list[str]:
        config = load_config(project.root)
        Path(config.build_path).mkdir(exist_ok=True)
        cache = build_dir_cache(config)
        codes = [f.code for f in check(config, cache).findings]
        cache.save()
        return codes

    assert "QD023" not in checked() and "→" in asked[0] and "①" in asked[0]
    assert "QD023" not in checked() and len(asked) == 1  # every answer was "drawable": nothing asked again
    project.revise(DOC, f"{SCOPE}{DRAWN}", f"{SCOPE}{DRAWN}{HIEROGLYPH}")
    assert "QD023" in checked() and asked[1] == [HIEROGLYPH]
    assert "QD023" in checked() and asked[2] == [HIEROGLYPH]  # a font installed since would count at once


def test_a_revision_holding_one_is_told_and_not_released(repo: Project) -> None:
    assert run_cli("revise", "QP-02-03", "--by", "质量专员", cwd=repo.root).returncode == 0
    repo.replace(DRAFT, SCOPE, f"{SCOPE}{HIEROGLYPH}")
    commit(repo.root, "起草")
    before = repo.read(DOC)
    result = run_cli("release", "QP-02-03", "--by", "总经理", "--reviewed-by", "经理", "--change", "改",
                     cwd=repo.root)
    assert result.returncode == 1 and f"{DRAFT}:{repo.line_of(DRAFT, HIEROGLYPH)}" in result.stdout + result.stderr
    assert "QD023" in result.stdout + result.stderr
    assert repo.read(DOC) == before and repo.path(DRAFT).exists()


# A keycap (`1️⃣`: a digit, an emoji selector and U+20E3) passed the check — its mark was asked alone, which a font
# draws — and stopped the build, which named the digit "1" as the missing character: a cluster is drawn by one font
# as a whole, so it is asked and named as written.
KEYCAP = "1\ufe0f\u20e3"


def test_a_cluster_no_font_draws_whole_is_named_as_written(project: Project) -> None:
    project.revise(DOC, SCOPE, f"{SCOPE}按 {KEYCAP} 键。")
    found = qd023(project)
    assert [(path, line) for path, line, _ in found] == [(DOC, project.line_of(DOC, KEYCAP))], found
    assert f"“{KEYCAP}”" in found[0][2] and "U+0031 U+FE0F U+20E3" in found[0][2], found


def test_marks_and_selectors_a_font_draws_with_their_base_are_quiet(project: Project) -> None:
    """An accent on its letter, a circle round a letter, an emoji selector on a drawn character."""
    project.revise(DOC, SCOPE, f"{SCOPE}café（cafe\u0301），e\u20dd 号，©\ufe0f 版权，{DRAWN}。")
    assert qd023(project) == []
