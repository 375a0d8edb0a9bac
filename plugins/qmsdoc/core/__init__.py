"""The qmsdoc core: model, loading, rules and the one Markdown parse. Imports neither MkDocs nor docx."""

from .check import CheckResult, check
from .config import Config, ConfigError, ProjectNotFound, find_root, load_config
from .findings import Finding, Severity
from .model import Corpus, Document, Form, Manual
from .revision import Revision

__all__ = ["CheckResult", "Config", "ConfigError", "Corpus", "Document", "Finding", "Form", "Manual",
           "ProjectNotFound", "Revision", "Severity", "check", "find_root", "load_config"]
