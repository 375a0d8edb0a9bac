"""`qmsdoc import`: bring an existing quality system (Word and text manuals) in as draft documents."""

from .command import register

__all__ = ["register"]
