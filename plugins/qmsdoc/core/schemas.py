"""JSON Schema validation of front matter and form YAML, mapped to the offending key's line."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from .source import SourceText

if TYPE_CHECKING:  # imported when a file fails the compiled check or is parsed afresh: not on a warm rebuild
    from jsonschema import Draft202012Validator
    from referencing import Registry

SCHEMA_NAMES = ("document", "form", "manual")


@cache
def _registry() -> Registry:
    from referencing import Registry, Resource

    resources_ = []
    for name in SCHEMA_NAMES:
        text = resources.files(__package__).joinpath(f"schema/{name}.json").read_text("utf-8")
        resources_.append((f"{name}.json", Resource.from_contents(json.loads(text))))
    return Registry().with_resources(resources_)


@cache
def validator(name: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator, FormatChecker

    schema = _registry().get_or_retrieve(f"{name}.json").value.contents
    return Draft202012Validator(schema, registry=_registry(), format_checker=FormatChecker())


@cache
def _fast(name: str) -> Any:
    """A compiled validator used as the fast path: most files are valid, and jsonschema's
    interpretation costs ~60× more. Errors are still reported by jsonschema (line-mapped messages)."""
    if name == "manual":  # cross-file $ref; manuals are few
        return None
    try:
        import fastjsonschema
    except ImportError:
        return None
    text = resources.files(__package__).joinpath(f"schema/{name}.json").read_text("utf-8")
    return fastjsonschema.compile(json.loads(text))


def _describe(error: Any) -> str:
    key = ".".join(str(p) for p in error.absolute_path) or "头信息"
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"{key} 缺少必填字段 {missing}：请补上该字段"
    if error.validator == "additionalProperties":
        extra = ", ".join(sorted(map(str, set(error.instance) - set(error.schema.get("properties", {})))))
        return f"{key} 有未知字段 {extra}：请检查拼写，或删除该字段"
    if error.validator == "enum":
        allowed = "、".join(str(v) for v in error.validator_value)
        return f"字段 {key} 的值 {error.instance!r} 不在允许范围内：应为 {allowed} 之一"
    if error.validator == "type":
        return f"字段 {key} 类型错误（应为 {error.validator_value}）：请改正该值"
    if error.validator in ("pattern", "format"):
        if "version" in key:
            return f"字段 {key} 的值 {error.instance!r} 不是有效版本号：应写成 A/0、A/1 … 的形式"
        if str(error.validator_value) == "date" or "-\\d{2}-\\d{2}" in str(error.validator_value):
            return (f"字段 {key} 的值 {error.instance!r} 不是有效日期：应写成 2024-03-01 的形式，日期真实存在，"
                    "年份在 1900–2200 之间")
        return f"字段 {key} 的值 {error.instance!r} 格式不正确"
    if error.validator in ("maxLength", "maxItems"):
        return f"字段 {key} 过长（上限 {error.validator_value}）：请缩短"
    if error.validator in ("minLength", "minItems"):
        return f"字段 {key} 不能为空：请填写内容"
    return f"字段 {key}：{error.message}"


def validate(src: SourceText, name: str) -> bool:
    """Validate `src.data` against a schema; each violation becomes QD004 at the key's line."""
    if not isinstance(src.data, dict):
        src.error("QD004", src.line_of(), "头信息必须是“字段: 值”的映射：请按 id: …、title: … 的格式书写")
        return False
    fast = _fast(name)
    if fast is not None:
        try:
            fast(src.data)
            return True
        except Exception:  # noqa: BLE001 - any refusal (or a quirk) falls through to the reference validator
            pass
    errors = sorted(validator(name).iter_errors(src.data), key=lambda e: list(map(str, e.absolute_path)))
    for error in errors:
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties":
            extra = sorted(map(str, set(error.instance) - set(error.schema.get("properties", {}))))
            if extra:
                path = path + (extra[0],)
        src.error("QD004", src.line_of(*path), _describe(error))
    return not errors
