"""The generated pages' MkDocs `File` objects (forms, histories, earlier versions, listings), kept from one
build of a resident preview to the next. A `File` costs its URL and destination path, worked out by MkDocs on
first use: at 2,000 documents about 5,000 generated pages spent a tenth of a second of every saved edit there,
making the same objects again. A page whose path, stub and site settings are the same as last build's gets
last build's object back, reset to what `File.generated` makes; what no build asked for again is let go."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel

_Key = tuple[str, str, str, bool]


class GeneratedFiles:
    def __init__(self) -> None:
        self._previous: dict[_Key, File] = {}
        self._current: dict[_Key, File] = {}

    def start(self) -> None:
        """A build begins: only what this build asks for is kept for the next one."""
        self._previous, self._current = self._current, {}

    def file(self, config: MkDocsConfig, src_uri: str, content: str) -> File:
        key = (src_uri, content, str(config.site_dir), bool(config.use_directory_urls))
        file = self._previous.pop(key, None)
        if file is None:
            file = File.generated(config, src_uri, content=content)
        else:  # as made: no page of the last build, no verdict of its dirty build, exclusions worked out anew
            file.page = None
            file.inclusion = InclusionLevel.UNDEFINED
            file.__dict__.pop("is_modified", None)
        self._current[key] = file
        return file

    def handed_out(self, src_uri: str) -> File | None:
        """The File this build (or, between builds, the last one) was given for `src_uri`."""
        return next((file for key, file in self._current.items() if key[0] == src_uri), None)
