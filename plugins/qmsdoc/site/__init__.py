"""The MkDocs adapter: renders the core's corpus as a controlled-document website."""
