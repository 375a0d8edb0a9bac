"""Project configuration (`qmsdoc.yml`): one file read by the checker, the site and the Word export."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

CONFIG_NAME = "qmsdoc.yml"

DEFAULT_SECTIONS: dict[str, list[list[str]]] = {
    "procedure": [["目的"], ["适用范围", "范围"], ["职责"], ["程序", "工作程序", "程序要点", "工作流程", "流程"],
                  ["质量记录", "记录"]],
}


class ConfigError(Exception):
    """A configuration problem: the CLI exits 2 with this message."""


class ProjectNotFound(ConfigError):
    """No qmsdoc.yml at or above the folder a command was run in: nothing to check, so no green result."""


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
    # `qmsdoc build` points every output at a staging folder, swapped in whole at the end.
    if os.environ.get("QMSDOC_BUILD_DIR"):
        config.build_dir = os.environ["QMSDOC_BUILD_DIR"]
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
        expected = type(getattr(config, key))
        if not isinstance(value, expected):
            raise ConfigError(f"{path}: 配置项 {key} 应为 {expected.__name__} 类型")
        setattr(config, key, value)
    if config.approvals not in APPROVAL_MODES:
        raise ConfigError(f"{path}: 配置项 approvals 应为 {' 或 '.join(APPROVAL_MODES)}，而不是 {config.approvals!r}")
