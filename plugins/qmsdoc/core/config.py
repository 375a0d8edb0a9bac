"""Project configuration (`qmsdoc.yml`): one file read by the checker, the site and the Word export."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .dialect import DEFAULT_EXTENSIONS, SUPPORTED
from .errors import UsageError

CONFIG_NAME = "qmsdoc.yml"

DEFAULT_SECTIONS: dict[str, list[list[str]]] = {
    "procedure": [["目的"], ["适用范围", "范围"], ["职责"], ["程序", "工作程序", "程序要点", "工作流程", "流程"],
                  ["质量记录", "记录"]],
}


CLAUSE_NUMBERING = ("strict", "headings-only", "off")
DEFAULT_RECORD_SECTIONS = ["质量记录", "记录"]


class ConfigError(UsageError):
    """A configuration problem: the CLI exits 2 with this message."""

    prefix = "配置错误"


class ProjectNotFound(ConfigError):
    """No qmsdoc.yml at or above the folder a command was run in: nothing to check, so no green result."""

    def show(self) -> str:
        return str(self)  # the message itself says 未找到 qmsdoc 项目 and where it looked


APPROVAL_MODES = ("fingerprint", "signed")


@dataclass
class Config:
    root: Path
    organisation: str = "受控文件"
    manuals_dir: str = "manuals"
    forms_dir: str = "controlled_forms"
    build_dir: str = "build"
    max_file_bytes: int = 1024 * 1024
    review_warning_days: int = 30
    required_sections: dict[str, list[list[str]]] = field(default_factory=lambda: dict(DEFAULT_SECTIONS))
    # `signed`: every approval record must carry an SSH signature by the approver's key in allowed_signers.
    approvals: str = "fingerprint"
    allowed_signers: str = ".qmsdoc/allowed_signers"
    today: dt.date = field(default_factory=dt.date.today)
    # The Markdown dialect of every document (names from core/dialect.py SUPPORTED).
    markdown_extensions: list[str] = field(default_factory=lambda: list(DEFAULT_EXTENSIONS))
    # Clause-numbering check (QD161) per document type, `default` for the rest: strict | headings-only | off.
    clause_numbering: dict[str, str] = field(default_factory=lambda: {"default": "strict"})
    # Headings whose `[[ID]]` list names a document's quality records (forms).
    record_sections: list[str] = field(default_factory=lambda: list(DEFAULT_RECORD_SECTIONS))
    # Publish draft and in-review documents for preview (site and Word), each marked 草稿.
    publish_drafts: bool = False
    # Write the Word controlled copies into build/docx and link them from each page.
    word_copies: bool = True
    # The distribution register (文件发放回收记录), kept under version control beside this file.
    distribution: str = "distribution.yaml"
    # Where `qmsdoc issue` writes numbered copies (not in build_dir: every build replaces that folder).
    issued_dir: str = "issued"
    # Working revisions (`qmsdoc revise`): the next version of a source, at the same relative path under here.
    revisions_dir: str = "revisions"
    # Reading assignments (文件学习确认): the days a department has to acknowledge a new version (a document's or
    # manual's `acknowledge_days` overrides it), the register of acknowledgements and the roster of who works in
    # each department (read for `acknowledge_all: true`), both kept under version control beside this file.
    acknowledge_days: int = 14
    acknowledgements: str = "acknowledgements.yaml"
    roster: str = "roster.yaml"

    def clause_mode(self, document_type: str, manual_mode: object = None) -> str:
        """How strictly a document's clause numbers are checked: its manual's `clause_numbering`
        first, then qmsdoc.yml's entry for its type, then the default."""
        if isinstance(manual_mode, str) and manual_mode in CLAUSE_NUMBERING:
            return manual_mode
        return self.clause_numbering.get(document_type, self.clause_numbering.get("default", "strict"))

    @property
    def manuals_path(self) -> Path:
        return self.root / self.manuals_dir

    @property
    def forms_path(self) -> Path:
        return self.root / self.forms_dir

    @property
    def build_path(self) -> Path:
        return self.root / self.build_dir

    @property
    def issued_path(self) -> Path:
        return self.root / self.issued_dir

    @property
    def revisions_path(self) -> Path:
        return self.root / self.revisions_dir

    @property
    def signed(self) -> bool:
        return self.approvals == "signed"

    @property
    def allowed_signers_path(self) -> Path:
        return self.root / self.allowed_signers


def _today() -> dt.date:
    # QMSDOC_TODAY pins "today" so review-date output can be reproduced for an audit.
    pinned = os.environ.get("QMSDOC_TODAY")
    if not pinned:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(pinned)
    except ValueError as exc:
        raise ConfigError(f"环境变量 QMSDOC_TODAY={pinned!r} 不是有效日期（应为 2024-03-01 形式）") from exc


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` holding qmsdoc.yml; ProjectNotFound if there is none."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise ProjectNotFound(f"未找到 qmsdoc 项目：{start} 及其上级文件夹中都没有 {CONFIG_NAME}"
                          "（请在项目文件夹中运行，或用路径参数指定项目）")


def load_config(root: Path) -> Config:
    """Read `root/qmsdoc.yml` if present; unknown keys or wrong types are a ConfigError."""
    config = Config(root=root.resolve(), today=_today())
    path = root / CONFIG_NAME
    if path.is_file():
        _apply_file(config, path)
    return config


def _apply_file(config: Config, path: Path) -> None:
    try:
        data = yaml.safe_load(path.read_text("utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: 配置文件无法解析：{exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: 配置文件应为“键: 值”映射")
    for key, value in data.items():
        if key not in Config.__dataclass_fields__ or key in ("root", "today"):
            raise ConfigError(f"{path}: 未知配置项 {key!r}")
        if key == "clause_numbering" and isinstance(value, str):
            value = {"default": value}
        expected = type(getattr(config, key))
        if not isinstance(value, expected) or (isinstance(value, bool) and expected is not bool):
            raise ConfigError(f"{path}: 配置项 {key} 应为 {expected.__name__} 类型")
        setattr(config, key, value)
    _validate(config, path)
    _check_values(config, path)
    if config.approvals not in APPROVAL_MODES:
        raise ConfigError(f"{path}: 配置项 approvals 应为 {' 或 '.join(APPROVAL_MODES)}，而不是 {config.approvals!r}")


def _validate(config: Config, path: Path) -> None:
    unknown = [name for name in config.markdown_extensions if name not in SUPPORTED]
    if unknown:
        raise ConfigError(f"{path}: markdown_extensions 含有不支持的扩展 {', '.join(map(str, unknown))}："
                          f"可用的扩展为 {', '.join(SUPPORTED)}")
    for kind, mode in config.clause_numbering.items():
        if mode not in CLAUSE_NUMBERING:
            raise ConfigError(f"{path}: clause_numbering 的 {kind}: {mode!r} 无效：应为 {' | '.join(CLAUSE_NUMBERING)}")
    if not all(isinstance(name, str) and name for name in config.record_sections):
        raise ConfigError(f"{path}: record_sections 应为章节标题列表，如 [质量记录, 记录]")


LIMITS = {"max_file_bytes": (1, 64 * 1024 * 1024), "review_warning_days": (0, 3650), "acknowledge_days": (1, 365)}


def _check_values(config: Config, path: Path) -> None:
    """Values of the right type but unusable: a clear message instead of a crash later."""
    for key, (low, high) in LIMITS.items():
        value = getattr(config, key)
        if not low <= value <= high:
            raise ConfigError(f"{path}: 配置项 {key} 的值 {value} 超出范围：应在 {low} 到 {high} 之间")
    for key in ("organisation", "manuals_dir", "forms_dir", "build_dir", "distribution", "issued_dir", "revisions_dir",
                "acknowledgements", "roster"):
        value = getattr(config, key)
        if not value.strip() or "\x00" in value or len(value) > 200:
            raise ConfigError(f"{path}: 配置项 {key} 不能为空，也不能含有控制字符或超过 200 个字符")
    _check_revisions_dir(config, path)
    for doc_type, groups in config.required_sections.items():
        if not isinstance(doc_type, str) or not isinstance(groups, list) or not all(
                isinstance(g, list) and g and all(isinstance(n, str) and n.strip() for n in g) for g in groups):
            raise ConfigError(f"{path}: required_sections 的 {doc_type} 应为标题列表的列表，"
                              "如 - [目的] 或 - [适用范围, 范围]")


def _check_revisions_dir(config: Config, path: Path) -> None:
    """`revisions_dir` is a folder of its own: not the project, and apart from the sources (the site publishes
    everything under the manuals folder) and the outputs (every build replaces build_dir)."""
    target = config.revisions_path.resolve()
    shown = f"“{config.revisions_dir}”（{target}）"
    if config.root.resolve().is_relative_to(target):
        raise ConfigError(f"{path}: 修订稿目录 revisions_dir {shown} 是项目目录或其上级目录："
                          "请改为专用目录（如 revisions）")
    for name, other in (("manuals_dir", config.manuals_path), ("forms_dir", config.forms_path),
                        ("build_dir", config.build_path), ("issued_dir", config.issued_path)):
        other = other.resolve()
        if config.root.resolve().is_relative_to(other):
            continue  # that setting is wrong itself (the project inside it): its own check says so
        if target == other or target.is_relative_to(other) or other.is_relative_to(target):
            raise ConfigError(f"{path}: 修订稿目录 revisions_dir {shown} 与 {name} 重叠："
                              "修订稿须放在专用目录中（如 revisions）")
