"""What a published page may load from elsewhere: nothing. A remote image tells its owner who reads the
controlled documents, and its content can change after approval."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Finding, Severity
from . import Context, Rule, rule
from .safety import REFERENCE_DEFINITION, _body_lines

REMOTE = re.compile(r"^<?(?:[a-z][a-z0-9+.-]*:)?//", re.I)
INLINE_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*(<?[^)\s]+)")
REFERENCE_IMAGE = re.compile(r"!\[([^\]]*)\](?:\[([^\]]*)\])?")


@rule("QD202", Severity.ERROR, "已发布文件引用网络图片")
def remote_images(self: Rule, ctx: Context) -> Iterator[Finding]:
    for document in ctx.documents:
        if document.status in ("draft", "review"):
            continue  # checked when the draft is released, like QD200/QD201
        lines = list(_body_lines(ctx, document))
        remote_refs = {m.group(0).split("]")[0].lstrip(" [").lower()
                       for _, text in lines for m in [REFERENCE_DEFINITION.match(text)]
                       if m and REMOTE.match(m.group(1))}
        for line, text in lines:
            targets = [m.group(1) for m in INLINE_IMAGE.finditer(text) if REMOTE.match(m.group(1))]
            targets += [f"[{m.group(2) or m.group(1)}]" for m in REFERENCE_IMAGE.finditer(text)
                        if (m.group(2) or m.group(1)).lower() in remote_refs]
            for target in targets:
                yield self.at(document.path, line,
                              f"图片 {target} 来自网络：发布的受控文件不能加载外部图片（内容可能被替换，也会泄露阅读者），"
                              "请把图片保存到手册的 assets/ 文件夹并用相对路径引用")
