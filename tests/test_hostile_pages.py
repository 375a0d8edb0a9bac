"""Front-matter text is data, never markup: whatever a user types into a title, a department, a signer's
name, a change note, a form label or a manual title, no tag or attribute reaches any built page.
Every page the site publishes goes through qmsdoc's policy (home page included)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qmsdoc.acts.baseline import baseline
from qmsdoc.acts.revise import revise
from qmsdoc.core import load_config
from qmsdoc.search import read_pages

from conftest import REPO, CliRun, run_cli

# An element the allow-list drops and one it keeps (a picture): either one live means text became markup.
CANARY = "\"'><qz onqz=1><img src=x>"
# Punctuation that matters to HTML and YAML, plus some text around it.
text = st.text(alphabet=list("<>\"'&\n:#-[]{}|*!ab 中文"), max_size=10).map(lambda t: f"文{t}{CANARY}{t}")
# People and departments are names (QD017 refuses markup and line breaks in them): quotes, ampersands and
# YAML punctuation still have to come out as text.
name = st.text(alphabet=list("\"'&:#-[]{}|*!ab 中文"), max_size=10).map(lambda t: f"文{t}名")
NAME_FIELDS = ("owner", "prepared", "reviewed", "approved", "department", "by")
# Titles (QD019), form texts and change notes (QD020) are one line of text: the same punctuation, without a line
# break or a space at the end.
line = st.text(alphabet=list("<>\"'&:#-[]{}|*!ab 中文"), max_size=10).map(lambda t: f"文{t}{CANARY}{t}题")
TITLE_FIELDS = ("manual", "title", "form", "change", "retention", "label", "column", "signature")


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        planted = tag == "img" and (dict(attrs).get("src") or "").rsplit("/", 1)[-1] == "x"
        if tag == "qz" or planted or any(name in ("onqz", "qz") for name, _ in attrs):
            self.found.append(f"<{tag} {attrs}>")


def _front(data: dict[str, object], body: str) -> str:
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + body


def write_project(root: Path, t: dict[str, str]) -> None:
    (root / "manuals/m1").mkdir(parents=True)
    (root / "controlled_forms").mkdir()
    (root / "qmsdoc.yml").write_text((REPO / "qmsdoc.yml").read_text("utf-8").replace("word_copies: true",
                                                                                      "word_copies: false"), "utf-8")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    home = _front({"title": t["home"]}, "# 首页\n\n见 [清单](register.md)。\n")
    (root / "manuals/index.md").write_text(home, "utf-8")
    signoff = {"prepared": {"by": t["prepared"], "date": "2026-02-10"},
               "reviewed": {"by": t["reviewed"], "date": "2026-02-20"},
               "approved": {"by": t["approved"], "date": "2026-02-25"}}
    (root / "manuals/m1/index.md").write_text(_front(
        {"id": "QP-01", "title": t["manual"], "owner": t["owner"], "version": "A/0", "effective_date": "2026-03-01",
         **signoff, "numbering": {"document": r"^QP-\d{2}-\d{2}$", "form": r"^QP-\d{2}-\d{2}-F\d{3}$"}},
        "# 手册\n\n本手册。\n"), "utf-8")
    (root / "manuals/m1/QP-01-01.md").write_text(_front(
        {"id": "QP-01-01", "title": t["title"], "type": "policy", "version": "A/0", "status": "effective",
         "department": t["department"], "effective_date": "2026-03-01", "review_months": 12, **signoff,
         "history": [{"version": "A/0", "date": "2026-02-25", "by": t["by"], "change": t["change"]}]},
        "## 1.0 目的\n\n规定。\n\n## 2.0 质量记录\n\n- [[QP-01-01-F001]]\n"), "utf-8")
    (root / "controlled_forms/QP-01-01-F001.yaml").write_text(yaml.safe_dump(
        {"code": "QP-01-01-F001", "title": t["form"], "version": "A/0", "owner": "QP-01-01",
         "retention": t["retention"],
         "fields": [{"label": t["label"]}], "table": {"columns": [t["column"]], "rows": 2},
         "signatures": [t["signature"]]}, allow_unicode=True), "utf-8")
    # Approved content carries approval records (#12): recorded by the real baseline command.
    baseline(load_config(root), [], approver=t["approved"], date=dt.date(2026, 3, 1))


def add_drafts(root: Path, t: dict[str, str]) -> None:
    """The draft surfaces of the project `write_project` wrote, published for preview: a draft form and a
    working revision of QP-01-01 (by `t["by"]`, for the reason `t["change"]`) that cites it in a list beside
    task boxes, so the revision page and the history page's redline show them."""
    (root / "controlled_forms/QP-01-01-F002.yaml").write_text(yaml.safe_dump(
        {"code": "QP-01-01-F002", "title": t["form"], "version": "A/0", "status": "draft", "owner": "QP-01-01",
         "retention": t["retention"], "fields": [{"label": t["label"]}], "table": {"columns": [t["column"]], "rows": 2},
         "signatures": [t["signature"]]}, allow_unicode=True), "utf-8")
    revise(load_config(root), "QP-01-01", by=t["by"], reason=t["change"], date=dt.date(2026, 4, 1))
    draft = root / "revisions/manuals/m1/QP-01-01.md"
    draft.write_text(draft.read_text("utf-8").replace(
        "- [[QP-01-01-F001]]\n", "- [[QP-01-01-F001]]\n- [[QP-01-01-F002]]\n- [ ] 核对\n- [x] 归档\n"), "utf-8")
    config = root / "qmsdoc.yml"
    config.write_text(config.read_text("utf-8").replace("publish_drafts: false", "publish_drafts: true"), "utf-8")


FIELDS = ("home", "manual", "owner", "prepared", "reviewed", "approved", "title", "department", "by", "change",
          "form", "retention", "label", "column", "signature")


@pytest.mark.slow  # a whole site build per example
@settings(max_examples=8, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.fixed_dictionaries({field: name if field in NAME_FIELDS else line if field in TITLE_FIELDS else text
                              for field in FIELDS}))
def test_front_matter_text_never_becomes_markup(values: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_project(root, values)
        add_drafts(root, values)
        result = subprocess.run([sys.executable, "-m", "qmsdoc.cli", "build"], cwd=root, capture_output=True,
                                text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        pages = list((root / "build/site").rglob("*.html"))
        assert len(pages) >= 8
        assert (root / "build/site/revisions/QP-01-01/index.html").exists()
        assert (root / "build/site/forms/QP-01-01-F002/index.html").exists()
        for page in pages:
            parser = _Tags()
            parser.feed(page.read_text("utf-8"))
            assert not parser.found, f"{page.relative_to(root)}: {parser.found}"


# -- every published file goes through the policy ------------------------------------------------------

def _check(root: Path) -> CliRun:
    return run_cli("check", cwd=root)


def test_stray_pages_scripts_and_subfolder_markdown_are_refused(project) -> None:  # type: ignore[no-untyped-def]
    project.write("manuals/qp-hr/说明.html", "<script>alert(1)</script>")
    project.write("manuals/qp-hr/附件/补充.md", "# 补充\n<script>alert(1)</script>\n")
    project.write("manuals/qp-hr/notes.txt", "x")
    project.write("manuals/qp-hr/assets/logo.svg", "<svg onload=alert(1)></svg>")
    project.write("manuals/qp-hr/assets/流程图.png", "png")  # images beside documents are fine
    project.write("manuals/qp-hr/签字.jpg", "jpg")
    result = _check(project.root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    for path in ("manuals/qp-hr/说明.html", "manuals/qp-hr/附件/补充.md", "manuals/qp-hr/notes.txt",
                 "manuals/qp-hr/assets/logo.svg"):
        assert f"{path}:1: error QD009 " in result.stdout, result.stdout
    assert "流程图.png" not in result.stdout and "签字.jpg" not in result.stdout
    assert result.stdout.count("QD009") == 4


def test_symlinks_of_every_kind_leaving_the_project_are_refused(project) -> None:  # type: ignore[no-untyped-def]
    outside = project.root.parent / "outside"
    outside.mkdir()
    (outside / "secret.png").write_text("x", "utf-8")
    (project.root / "manuals/qp-hr/图.png").symlink_to(outside / "secret.png")
    (project.root / "manuals/qp-hr/assets").symlink_to(outside)
    (project.root / "manuals/logo.png").symlink_to("/etc/hostname")
    result = _check(project.root)
    for path in ("manuals/qp-hr/图.png", "manuals/qp-hr/assets", "manuals/logo.png"):
        assert f"{path}:1: error QD008 " in result.stdout, result.stdout


def test_shipped_manuals_have_no_stray_files() -> None:
    result = _check(REPO)
    assert result.returncode == 0 and "QD009" not in result.stdout and "QD008" not in result.stdout


def test_home_and_manual_pages_with_refused_html_are_qd200(project) -> None:  # type: ignore[no-untyped-def]
    """They are published like documents: what the allow-list drops from them is an error too (#33)."""
    project.replace("manuals/index.md", "本网站发布", "<script>alert(1)</script>本网站发布")
    hostile = '[规定](https://x.example){: href="javascript:alert(1)" }本手册规定'
    project.replace("manuals/qp-hr/index.md", "本手册规定", hostile)
    out = _check(project.root).stdout
    assert f"manuals/index.md:{project.line_of('manuals/index.md', '<script>')}: error QD200 " in out, out
    manual = "manuals/qp-hr/index.md"
    assert f"{manual}:{project.line_of(manual, 'javascript')}: error QD200 " in out, out


def test_home_page_is_rendered_by_qmsdoc_and_generated_front_matter_is_serialised(project) -> None:  # type: ignore[no-untyped-def]
    from qmsdoc.core import check, load_config
    from qmsdoc.core.render import CorpusRenderer

    project.replace("manuals/index.md", "本网站发布", "<script>alert(1)</script><img src=x onerror=alert(2)>本网站发布")
    config = load_config(project.root)
    home = check(config).corpus.home
    assert home is not None
    rendered = CorpusRenderer(check(config).corpus, config).text(home.body, home.path).html
    assert "<script" not in rendered and "onerror" not in rendered and "本网站发布" in rendered  # the sanitizer ran
    project.replace("manuals/index.md", "<script>alert(1)</script><img src=x onerror=alert(2)>", "")  # QD200 aside
    broken = 'title: "员工离职申请表\\nhide: [navigation, toc]\\nsearch: {exclude: true}"'
    project.revise("controlled_forms/QP-02-03-F001.yaml", "title: 员工离职申请表", broken)
    assert "error QD019" in _check(project.root).stdout  # a title with line breaks is refused outright now
    # on one line, the same keys in quotes and braces must stay part of the title
    project.revise("controlled_forms/QP-02-03-F001.yaml", broken,
                   'title: \'员工离职申请表", hide: [navigation, toc], search: {exclude: true}, x: "\'')
    project.replace("qmsdoc.yml", "word_copies: true", "word_copies: false")
    result = subprocess.run([sys.executable, "-m", "qmsdoc.cli", "build"], cwd=project.root, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    home_page = project.read("build/site/index.html")
    article = home_page.split("<article", 1)[1].split("</article>", 1)[0]
    assert "本网站发布" in article  # the home page is qmsdoc's render
    assert 'href="register/"' in home_page  # relative .md links still reach the pages
    # the injected `search: {exclude: true}` key did not take effect: the form page is still searchable
    assert "forms/QP-02-03-F001/" in [page.url for page in read_pages(project.root / "build" / "site")]


def test_generated_front_matter_keeps_a_hostile_title_one_value() -> None:
    from qmsdoc.site.site_model import _stub

    title = '申请表\nhide: [navigation]\n---\n<b>"x"</b>: y'
    stub = _stub(title, search=False, wide=True)
    assert stub.startswith("---\n") and stub.endswith("---\n")
    assert yaml.safe_load(stub[4:-4]) == {"title": title, "search": {"exclude": True}, "hide": ["toc"]}


def test_a_cited_title_is_text_in_the_one_render(project) -> None:  # type: ignore[no-untyped-def]
    """A form's or document's title shown where `[[ID]]` cites it is the title as written: no later Markdown
    pattern turns part of it into a picture, a link or emphasis (the site page, the redline and the Word and PDF
    copies all read this render)."""
    from qmsdoc.core import check, load_config
    from qmsdoc.core.render import CorpusRenderer

    title = '=HYPERLINK("http://x.example","y")<img src=x>*星*`a` & &amp; &lt;b&gt; \\$'
    project.revise("controlled_forms/QP-02-03-F001.yaml", "title: 员工离职申请表", f"title: '{title}'")
    config = load_config(project.root)
    corpus = check(config).corpus
    rendered = CorpusRenderer(corpus, config).document(corpus.documents["QP-02-03"]).html

    class Cited(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.depth, self.text, self.inside = 0, "", []  # type: ignore[var-annotated]

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if self.depth:
                self.inside.append(tag)
                self.depth += 1
            elif tag == "span" and ("class", "qms-ref-title") in attrs and not self.text:
                self.depth = 1

        def handle_endtag(self, tag: str) -> None:
            self.depth = max(0, self.depth - 1)

        def handle_data(self, data: str) -> None:
            if self.depth:
                self.text += data

    cited = Cited()
    cited.feed(rendered.split('data-ref="QP-02-03-F001"', 1)[1])
    assert cited.inside == [] and cited.text == f"《{title}》", (cited.inside, cited.text)
