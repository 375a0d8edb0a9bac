"""A place qmsdoc.yml names that is not there while the sources rely on it: said once, at the setting."""

from __future__ import annotations

from .config import CONFIG_NAME, Config, near_place_hint
from .errors import CONFIG_PLACE, shown_path
from .findings import Finding, Severity
from .i18n import join, t

RELIED_ON = {"forms_dir": ("QD152",), "distribution": ("QD212",), "acknowledgements": ("QD221",),
             "roster": ("QD223",)}
"""Per path setting, the findings that mean something relies on what its place would hold: a records section
listing a form, a numbered copy the register should list, a reading due, a department to be read by everyone. A place
missing with none of them is a project that has none yet (no forms, nothing issued): nothing is said. The manuals'
folder is refused before a check (config.source_folders_found); working revisions and allowed_signers are not here:
nothing cites a working revision, and QD193 already says once that allowed_signers is missing."""


def missing_places(config: Config, findings: list[Finding]) -> list[Finding]:
    """One QD301 finding at the setting's line of qmsdoc.yml for each place that does not exist while findings
    rely on it (`forms_dir: controled_forms` and 35 QD152): the cause, with the folder or file it is spelt like.
    The findings it causes stay, each telling its document; this one says they share a cause."""
    causes = []
    for key, codes in RELIED_ON.items():
        place = config.root / getattr(config, key)
        if place.exists() or place.is_symlink():  # a broken link or a file for a folder: refused or told elsewhere
            continue
        relying = [f for f in findings if f.code in codes]
        if not relying:
            continue
        severity = Severity.ERROR if any(f.severity is Severity.ERROR for f in relying) else Severity.WARNING
        message = t("config.place_missing_relied", key=key, value=shown_path(config.spelled(key)),
                    hint=near_place_hint(config, key), count=len(relying),
                    codes=join(sorted({f.code for f in relying})))
        causes.append(Finding(CONFIG_NAME, config.line_of(key), CONFIG_PLACE, severity, message))
    return causes
