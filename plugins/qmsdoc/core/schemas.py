"""JSON Schema validation of front matter and form YAML, mapped to the offending key's line."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from .i18n import join, languages, t
from .names import as_written
from .revision import DEFAULT_SCHEME, SCHEMES, scheme
from .source import SourceText

if TYPE_CHECKING:  # imported when a file fails the compiled check or is parsed afresh: not on a warm rebuild
    from jsonschema import Draft202012Validator
    from referencing import Registry

SCHEMA_NAMES = ("document", "form", "manual")


def _schema_text(name: str, version_pattern: str) -> str:
    """The schema `name`, its versions written in the project's scheme: the files say the default scheme's
    pattern (A/0), every other scheme's replaces it wherever a version is read (version, history, approvals)."""
    text = resources.files(__package__).joinpath(f"schema/{name}.json").read_text("utf-8")
    return text.replace(json.dumps(SCHEMES[DEFAULT_SCHEME].pattern), json.dumps(version_pattern))


@cache
def _registry(version_pattern: str) -> Registry:
    from referencing import Registry, Resource

    resources_ = []
    for name in SCHEMA_NAMES:
        text = _schema_text(name, version_pattern)
        resources_.append((f"{name}.json", Resource.from_contents(json.loads(text))))
    return Registry().with_resources(resources_)


def validator(name: str) -> Draft202012Validator:
    return _validator(name, scheme().pattern)


@cache
def _validator(name: str, version_pattern: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator, FormatChecker

    registry = _registry(version_pattern)
    schema = registry.get_or_retrieve(f"{name}.json").value.contents
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())


@cache
def _fast(name: str, version_pattern: str) -> Any:
    """A compiled validator used as the fast path: most files are valid, and jsonschema's
    interpretation costs ~60× more. Errors are still reported by jsonschema (line-mapped messages)."""
    if name == "manual":  # cross-file $ref; manuals are few
        return None
    try:
        import fastjsonschema
    except ImportError:
        return None
    return fastjsonschema.compile(json.loads(_schema_text(name, version_pattern)))


NOT_BLANK = "\\S"  # the schemas' pattern of a text that must say something (a 修订记录 entry's change)


# JSON Schema's names of types, in the project's words
_KINDS = {"string": "schema.kind.string", "integer": "schema.kind.integer", "number": "schema.kind.number",
          "boolean": "schema.kind.boolean", "array": "schema.kind.array", "object": "schema.kind.object",
          "null": "schema.kind.null"}


def _allowed(values: object) -> str:
    """The values a field may take, as they are written in YAML (strict, false), joined as a list."""
    choices = values if isinstance(values, list) else [values]
    return join(v if isinstance(v, str) else as_written(v) for v in choices)


def _is_date(schema: object) -> bool:
    """Whether a field's schema is a date's (`format: date`, or the 2024-03-01 pattern)."""
    pattern = str(schema.get("pattern")) if isinstance(schema, dict) else ""
    return isinstance(schema, dict) and (schema.get("format") == "date" or "-\\d{2}-\\d{2}" in pattern)


def _misshapen(key: str, error: Any) -> str:
    """A value not written as its field's pattern asks (a version, a date, a code), with the shape to write."""
    if "version" in key:
        meant = scheme().parse(error.instance) if isinstance(error.instance, str) else None
        if meant is not None:  # `a/0`, `A／0`, `Rev 2`: the version it means, as the scheme writes it
            return t("schema.version_meant", key=key, value=as_written(error.instance), meant=scheme().spell(meant))
        return t("schema.version", key=key, value=as_written(error.instance), shape=scheme().shape())
    if _is_date(error.schema):
        from .days import typed_day  # the one reading of a typed day: what `--date 2025/6/1` takes on the command line

        day = typed_day(error.instance) if isinstance(error.instance, str) else None
        if day is not None:  # `2025/6/1`, `2025年6月1日`: the day it means, as the record writes every date
            return t("schema.date_meant", key=key, value=as_written(error.instance), meant=day.isoformat())
        return t("schema.date", key=key, value=as_written(error.instance))
    return t("schema.pattern", key=key, value=as_written(error.instance))


def _meant(field: str, value: object, allowed: object) -> str | None:
    """The allowed value an author meant by writing its label in any language (`现行有效`, `Effective` for
    `effective`) or the value in other letter case; None if it is none of them."""
    if not isinstance(value, str) or not isinstance(allowed, list):
        return None
    wanted = value.strip().casefold()
    for choice in allowed:
        if not isinstance(choice, str):
            continue
        labels = {choice} | {language.messages.get(f"{field}.{choice}", choice) for language in languages().values()}
        if wanted in {label.casefold() for label in labels}:
            return choice
    return None


def key_name(path: Sequence[object]) -> str:
    """Where in the front matter a value is, list items counted as their author counts: `fields[第 3 项].label`
    for the third field's label (the validator counts from 0: `fields.2.label` read as the second field's)."""
    key = ""
    for part in path:
        if isinstance(part, int):
            key += f"[{t('schema.item', number=part + 1)}]"
        else:
            key += f".{part}" if key else str(part)
    return key


def _describe(error: Any, name: str) -> str:
    # the whole source, for a field missing at its top: a form file has no front matter (schema.not_mapping.form)
    key = key_name(error.absolute_path) or t("schema.front_matter.form" if name == "form" else "schema.front_matter")
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return t("schema.required", key=key, missing=missing)
    if error.validator == "additionalProperties":
        extra = ", ".join(sorted(map(str, set(error.instance) - set(error.schema.get("properties", {})))))
        return t("schema.unknown", key=key, extra=extra)
    if error.validator == "enum":
        meant = _meant(str(error.absolute_path[-1]) if error.absolute_path else "", error.instance,
                       error.validator_value)
        if meant is not None:  # `status: 现行有效`, `type: Procedure`: the label readers see, not the value
            return t("schema.enum_meant", key=key, value=as_written(error.instance), meant=meant)
        return t("schema.enum", key=key, value=as_written(error.instance), allowed=_allowed(error.validator_value))
    if error.validator == "const":
        return t("schema.const", key=key, value=as_written(error.instance), allowed=_allowed(error.validator_value))
    if error.validator == "type":
        if error.instance is None:  # `effective_date:` with nothing after it
            return t("schema.empty", key=key)
        if isinstance(error.schema, dict) and ("pattern" in error.schema or "format" in error.schema):
            return _misshapen(key, error)  # 20260301, version: 1.0: say how it is written, not "must be text"
        kinds = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        if kinds == ["string"] and isinstance(error.instance, int):  # `code: 0301` (octal 193), `label: yes` (true)
            read = t("schema.read.boolean" if isinstance(error.instance, bool) else "schema.read.number")
            return t("schema.type_quote", key=key, value=as_written(error.instance), read=read)
        return t("schema.type", key=key, type=join(t(_KINDS.get(str(k), str(k))) for k in kinds))
    if error.validator in ("minimum", "maximum"):
        bound = "schema.minimum" if error.validator == "minimum" else "schema.maximum"
        return t(bound, key=key, value=as_written(error.instance), limit=error.validator_value)
    if error.validator in ("pattern", "format"):
        if error.validator_value == NOT_BLANK:  # spaces only: as empty as ""
            return t("schema.empty", key=key)
        return _misshapen(key, error)
    if error.validator in ("maxLength", "maxItems"):
        return t("schema.too_long", key=key, limit=error.validator_value)
    if error.validator == "maxProperties":
        return t("schema.too_many", key=key, limit=error.validator_value)
    if error.validator in ("minLength", "minItems"):
        return t("schema.empty", key=key)
    return t("schema.other", key=key, message=error.message)


@cache
def fields(name: str) -> frozenset[str]:
    """The top-level fields qmsdoc reads in a source of kind `name`."""
    schema = _registry(SCHEMES[DEFAULT_SCHEME].pattern).get_or_retrieve(f"{name}.json").value.contents
    return frozenset(schema.get("properties", {}))


def common_fields() -> frozenset[str]:
    """The top-level fields qmsdoc reads in every kind of source (title, version …): a project's `extra_fields`
    cannot name them. (One it reads in some kinds only, as `owner` of a form, is the team's own elsewhere.)"""
    return frozenset.intersection(*(fields(name) for name in SCHEMA_NAMES))


def validate(src: SourceText, name: str) -> bool:
    """Validate `src.data` against a schema; each violation becomes QD004 at the key's line. A top-level field
    qmsdoc does not read is left to `unknown_fields`, which knows the project's `extra_fields` (this result is
    cached per file, whatever the configuration)."""
    if not isinstance(src.data, dict):
        # a form has no front matter, and no id: its own words (a list where the fields belong is the usual slip)
        src.error("QD004", src.line_of(), t("schema.not_mapping.form" if name == "form" else "schema.not_mapping"))
        return False
    data = src.data
    if not fields(name).issuperset(data):
        data = {key: value for key, value in data.items() if key in fields(name)}
    fast = _fast(name, scheme().pattern)
    if fast is not None:
        try:
            fast(data)
            return True
        except Exception:  # noqa: BLE001 - any refusal (or a quirk) falls through to the reference validator
            pass
    errors = sorted(validator(name).iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    for error in errors:
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties":
            extra = sorted(map(str, set(error.instance) - set(error.schema.get("properties", {}))))
            if extra:
                path = path + (extra[0],)
        src.error("QD004", src.line_of(*path), _describe(error, name))
    return not errors


def unknown_fields(src: SourceText, name: str, extra: Collection[str]) -> None:
    """QD004 for each top-level field that is neither one qmsdoc reads nor one of the project's `extra_fields`
    (a misspelt `reveiwer:` would otherwise go unnoticed)."""
    if not isinstance(src.data, dict) or fields(name).issuperset(src.data):
        return
    for key in src.data:
        if key not in fields(name) and key not in extra:
            shown = key if isinstance(key, str) else as_written(key)
            src.error("QD004", src.line_of(key), t("schema.unknown_field", extra=shown))
