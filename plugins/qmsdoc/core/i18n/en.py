"""English."""

from __future__ import annotations

from . import Language

MESSAGES: dict[str, str] = {
    # running text
    "list.separator": ", ",
    "list.or": " or ",
    # errors shown by the command line
    "error.shown": "{prefix}: {message}",
    "error.prefix.failed": "Not done",
    "error.prefix.usage": "Usage error",
    "error.prefix.edit": "Cannot edit the source",
    "error.prefix.config": "Configuration error",
    "error.prefix.site": "Site build failed",
    # qmsdoc.yml
    "config.default_organisation": "Controlled documents",
    "config.today_invalid": "the environment variable QMSDOC_TODAY={value} is not a valid date (write it as 2024-03-01)",
    "config.not_found": "no qmsdoc project found: neither {folder} nor any folder above it holds {name} (run the command "
                        "in the project folder, or give the project's path)",
    "config.language_unknown": "{path}: language {value} is not available: choose {choices}",
    "config.unparsable": "{path}: the configuration file cannot be read: {error}",
    "config.not_mapping": "{path}: the configuration file must be a mapping of \"key: value\" lines",
    "config.unknown_key": "{path}: unknown setting {key}",
    "config.wrong_type": "{path}: setting {key} must be of type {type}",
    "config.approvals_invalid": "{path}: approvals must be {choices}, not {value}",
    "config.clause_numbering_true": "{path}: clause_numbering must be one of {choices}. Unquoted on, yes and true are "
                                    "yes/no values in YAML, not mode names: write clause_numbering: strict (off may "
                                    "stay unquoted)",
    "config.extensions_unknown": "{path}: markdown_extensions lists unsupported extensions {names}: the available "
                                 "ones are {choices}",
    "config.clause_numbering_invalid": "{path}: clause_numbering {kind}: {value} is not valid: use {choices}",
    "config.record_sections_invalid": "{path}: record_sections must be a list of section headings, e.g. [Records]",
    "config.out_of_range": "{path}: setting {key} = {value} is out of range: it must be between {low} and {high}",
    "config.bad_text": "{path}: setting {key} must not be empty, hold control characters or exceed 200 characters",
    "config.required_sections_invalid": "{path}: required_sections {kind} must be a list of heading lists, e.g. "
                                        "- [Purpose] or - [Scope, Application]",
    # rules
    "rule.QD200.message": "\"{text}\" in the body cannot be published: {reason} ({seen}). {fix}",
    "rule.QD200.hidden": "neither the site nor the Word copy shows it",
    "rule.QD200.shown": "the site and the Word copy show it as the text \"{text}\"",
    "rule.QD200.fix": "Delete it; to show angle brackets as text, write \\< and \\>",
    "rule.QD200.fix_tag": "This is a misspelt tag: write {tag}; to show angle brackets as text, write \\< and \\>",
    # check
    "check.summary": "Check finished: {errors} error(s), {warnings} warning(s)",
}

LANGUAGE = Language(
    code="en",
    name="English",
    theme="en",
    search=("en",),
    segment_han=False,
    html_lang="en",
    messages=MESSAGES,
    required_sections={
        "procedure": (("Purpose",), ("Scope", "Application"), ("Responsibilities", "Responsibility", "Roles and Responsibilities"),
                      ("Procedure", "Process", "Procedures", "Method"), ("Records", "Quality Records")),
    },
    record_sections=("Records", "Quality Records"),
    aliases=("en-US", "en-GB", "english"),
)
