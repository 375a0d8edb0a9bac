"""The listing pages' fingerprints (site/dirty.py `listing_inputs`) encode each document's and form's model once per
fingerprinting pass and stay byte for byte what hashing the whole list wrote."""

from __future__ import annotations

import dataclasses

import pytest

from conftest import Project


def _targets(project: Project) -> list[object]:
    from qmsdoc.core.config import load_config
    from qmsdoc.core.loader import load_corpus

    corpus = load_corpus(load_config(project.root))
    return [*corpus.sorted_documents(), *corpus.sorted_forms()]


def test_each_model_is_encoded_once_across_the_listings_and_the_manuals_pages(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    from qmsdoc.site import dirty

    targets = _targets(project)
    encoded: list[object] = []
    original = dirty.model_of

    def counted(target: object) -> tuple[object, ...]:
        encoded.append(target)
        return original(target)  # type: ignore[arg-type]

    monkeypatch.setattr(dirty, "model_of", counted)
    models: dict[int, tuple[object, str]] = {}
    dirty.listing_inputs(targets, "salt", models)  # type: ignore[arg-type]
    dirty.listing_inputs(targets[:3], "another salt", models)  # type: ignore[arg-type]  # a manual's members
    assert len(encoded) == len(targets) and len({id(t) for t in encoded}) == len(targets)


def test_the_fingerprints_are_the_whole_lists_hash_and_still_see_each_change(project: Project) -> None:
    from qmsdoc.site.dirty import fingerprint, listing_inputs, model_of

    targets = _targets(project)
    models: dict[int, tuple[object, str]] = {}
    for chosen, salt in ((targets, "盐\0\"salt\""), (targets[2:7], ""), ([], "x"), (targets[:1], "y")):
        assert listing_inputs(chosen, salt, models) == fingerprint([model_of(t) for t in chosen], salt)  # type: ignore[arg-type]
        assert listing_inputs(chosen, salt) == fingerprint([model_of(t) for t in chosen], salt)  # type: ignore[arg-type]
    # another object at the same id (a later pass's corpus) is encoded anew, never taken for the earlier one
    changed = dataclasses.replace(targets[0], title=targets[0].title + "（修订）")  # type: ignore[type-var]
    models[id(changed)] = (targets[0], models[id(targets[0])][1])
    assert listing_inputs([changed], "s", models) == fingerprint([model_of(changed)], "s")  # type: ignore[arg-type]
    assert listing_inputs([changed], "s") != listing_inputs(targets[:1], "s")  # type: ignore[arg-type]
