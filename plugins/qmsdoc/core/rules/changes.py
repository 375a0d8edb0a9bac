"""Change control (7.5.3.2 c): approved content may not change without a new release."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..fingerprint import fingerprint, first_changed_line
from ..gitlog import file_histories, repo_root
from ..source import parse_markdown
from . import Context, Rule, rule


def _approved_body(ctx: Context, path: str, expected: str) -> str | None:
    """The body of the last committed version whose fingerprint matches the approval record."""
    root = repo_root(ctx.config.root)
    if root is None:
        return None
    absolute = (ctx.config.root / path).resolve()
    for version in reversed(file_histories(root, [absolute]).get(absolute, [])):
        src = parse_markdown(version.text, path)
        if not src.findings and isinstance(src.data, dict) and fingerprint(src.data, src.body) == expected:
            return src.body
    return None


@rule("QD190", Severity.ERROR, "已批准的内容被修改而未升版")
def approved_content_changed(self: Rule, ctx: Context) -> Iterator[Finding]:
    for document in ctx.documents:
        approved = document.signoffs.get("approved")
        if document.status not in ("approved", "effective") or not approved or not approved.fingerprint:
            continue
        if fingerprint(document.source.data, document.body) == approved.fingerprint:
            continue
        old_body = _approved_body(ctx, document.path, approved.fingerprint)
        line = (first_changed_line(old_body, document.body, document.source.body_line) if old_body is not None
                else document.source.body_line)
        yield self.at(document.path, line,
                      f"已批准的内容被修改：请升版并重新批准（qmsdoc release {document.id} --by … --change …），"
                      "或撤销修改")
