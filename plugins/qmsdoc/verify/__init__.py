"""Judging copies handed in: `qmsdoc verify`."""
