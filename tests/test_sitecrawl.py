"""The link checker of tests/sitecrawl.py finds what a reader would: a page, picture or copy not there, a section
(#fragment) no element holds, a search result's page or section not there, a sitemap address not there — and is
quiet on a site whose links all work, whatever its folder names."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from sitecrawl import broken_links, crawl

from qmsdoc.search.wrapped import wrap_bytes, wrap_json

FOLDER = "人事 qp#hr%20?&+'[1]"
LINK = "%E4%BA%BA%E4%BA%8B%20qp%23hr%2520%3F%26%2B%27%5B1%5D/"  # the folder as a URL (MkDocs' spelling)


def _site(root: Path, *, home: str = "", record: str = "", sitemap: str = "") -> Path:
    (root / FOLDER).mkdir(parents=True)
    (root / FOLDER / "index.html").write_text('<h2 id="目的">目的</h2><img src="图%201.png"><a href="../">首页</a>',
                                              "utf-8")
    (root / FOLDER / "图 1.png").write_bytes(b"png")
    (root / "index.html").write_text(f'<link href="s.css" rel="stylesheet"><a href="{LINK}#目的">人事</a>'
                                     f"<a href=\"人事 qp%23hr%2520%3F&amp;+&#x27;[1]/\">人事</a>{home}", "utf-8")
    (root / "404.html").write_text('<a href="/">首页</a>', "utf-8")
    (root / "s.css").write_text("body { background: url('b%20g.png') }", "utf-8")
    (root / "b g.png").write_bytes(b"png")
    (root / "search" / "p").mkdir(parents=True)
    (root / "search" / "index.js").write_bytes(wrap_json("index", {"pages": 1, "chunks": []}))
    page = record or json.dumps({"url": LINK, "sections": [["", "人事", ""], ["目的", "目的", ""]]})
    (root / "search" / "p" / "0.js").write_bytes(wrap_bytes("p/0", gzip.compress(page.encode())))
    (root / "sitemap.xml").write_text(f"<urlset><url><loc>{sitemap or LINK}</loc></url></urlset>", "utf-8")
    return root


def test_a_site_whose_links_all_work_is_quiet(tmp_path: Path) -> None:
    problems, visited = crawl(_site(tmp_path))
    assert problems == []
    assert {f"/{FOLDER}/", f"/{FOLDER}/图 1.png", "/b g.png", "/search/p/0.js"} <= set(visited)


def test_a_missing_page_picture_or_section_is_named_with_the_page_that_links_it(tmp_path: Path) -> None:
    problems = broken_links(_site(tmp_path, home='<a href="人事%20qp/">x</a><img src="无.png"><a href="#没有">y</a>'))
    assert sorted(problems) == sorted(["/ → /人事 qp/: HTTP 404", "/ → /无.png: HTTP 404",
                                       "/ → /#没有: no element with that id"])


def test_a_search_result_or_sitemap_address_not_there_is_found(tmp_path: Path) -> None:
    record = json.dumps({"url": "人事/", "sections": [["", "人事", ""]]})
    problems = broken_links(_site(tmp_path, record=record, sitemap="https://x.example/a/旧/"), "https://x.example/a/")
    assert "/search/p/0.js → /人事/: HTTP 404" in problems
    assert "/sitemap.xml → /旧/: HTTP 404" in problems
