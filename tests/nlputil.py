"""Helpers shared by the rule tests: extract one paper written for a test, and read its names."""

from __future__ import annotations

from collections.abc import Iterable

from kg.extract import extract
from kg.model import Entity, Extraction, PaperRecord, match_key


def ex(title: str, abstract: str, key: str = "arxiv:2601.00001") -> Extraction:
    """The extraction of one paper (title + abstract), alone in its build."""
    return extract([PaperRecord(key=key, title=title, abstract=abstract)])[0]


def forms(entities: Iterable[Entity]) -> set[str]:
    """Every name and alias of the entities, as match keys."""
    return {match_key(f) for e in entities for f in (e.name, *e.aliases)}


def names(entities: Iterable[Entity]) -> set[str]:
    """The entities' names as written."""
    return {e.name for e in entities}
