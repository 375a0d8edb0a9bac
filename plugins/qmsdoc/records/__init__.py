"""Audit records written beside the site and Word copies: register, external register, manifest, verify."""
