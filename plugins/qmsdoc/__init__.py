"""qmsdoc: a procedure-manual compiler for ISO 9000 document control."""

__version__ = "0.1.0"
