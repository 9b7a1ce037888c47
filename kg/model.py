"""The graph model: labels, relationship types, keys and the records that flow between layers.

This module is the single source of truth for node labels, relationship types and how keys are
made. Every other layer (graph, export, stores, views) takes labels and types from here, so that
a label can never come from input data.

Examples
--------
>>> paper_key(arxiv_id="2602.20205v2")
'arxiv:2602.20205'
>>> paper_key(doi="https://doi.org/10.1002/AENM.70973")
'doi:10.1002/aenm.70973'
>>> paper_key(title="OTPrune: Distribution-Aligned  Pruning")
'title:otprune distribution aligned pruning'
>>> author_key("Ólafur  Ragnar")
'author:olafur ragnar'
>>> entity_key("method", "3D Gaussian Splatting")
'method:3d-gaussian-splatting'
>>> repo_key("https://github.com/xiwenc1/OTPrune.git")
'repo:github.com/xiwenc1/otprune'
"""

from __future__ import annotations

import operator
import re
import unicodedata
from dataclasses import asdict, dataclass, field, fields
from functools import lru_cache
from typing import Any, Literal, TypeVar

_T = TypeVar("_T")

# ---------------------------------------------------------------- labels and relationship types
PAPER, AUTHOR, METHOD, DATASET, TASK, REPO, CATEGORY = (
    "Paper",
    "Author",
    "Method",
    "Dataset",
    "Task",
    "CodeRepo",
    "Category",
)
LABELS: tuple[str, ...] = (PAPER, AUTHOR, METHOD, DATASET, TASK, REPO, CATEGORY)

AUTHORED, IN_CATEGORY, PROPOSES, USES, EVALUATES_ON, ADDRESSES, HAS_CODE, CITES, BUILDS_ON = (
    "AUTHORED",
    "IN_CATEGORY",
    "PROPOSES",
    "USES",
    "EVALUATES_ON",
    "ADDRESSES",
    "HAS_CODE",
    "CITES",
    "BUILDS_ON",
)
# relationship type -> allowed (source label, target label) pairs
REL_TYPES: dict[str, tuple[tuple[str, str], ...]] = {
    AUTHORED: ((AUTHOR, PAPER),),
    IN_CATEGORY: ((PAPER, CATEGORY),),
    PROPOSES: ((PAPER, METHOD), (PAPER, DATASET)),
    USES: ((PAPER, METHOD),),
    EVALUATES_ON: ((PAPER, DATASET),),
    ADDRESSES: ((PAPER, TASK),),
    HAS_CODE: ((PAPER, REPO),),
    CITES: ((PAPER, PAPER),),
    BUILDS_ON: ((PAPER, PAPER),),
}

ENTITY_KINDS: dict[str, str] = {"method": METHOD, "dataset": DATASET, "task": TASK}

# AI summary fields, in the order the digests print them
AI_FIELDS: tuple[str, ...] = ("tldr", "motivation", "method", "result", "conclusion")

# ---------------------------------------------------------------- normalisation and keys
_ARXIV_NEW = re.compile(r"(?<![\d.])(\d{4}\.\d{4,5})(?:v\d+)?(?![\d])")
_ARXIV_OLD = re.compile(r"\b([a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?\b")
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)


def fold(text: str) -> str:
    """Unicode-fold ``text``: NFKC, accents removed, lower case.

    >>> fold("Éric  Gaussier")
    'eric  gaussier'
    """
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.casefold()


def norm_title(title: str) -> str:
    """Normalise a title for matching: folded, punctuation dropped, single spaces.

    >>> norm_title("  De-rendering,   Reasoning & $\\\\alpha$-Repair ")
    'de rendering reasoning alpha repair'
    """
    text = fold(title)
    text = re.sub(r"\\[a-z]+", lambda m: m.group(0)[1:], text)
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.replace("_", " ").split())


def slug(name: str) -> str:
    """Slug of an entity name: folded, letters/digits joined by single hyphens.

    >>> slug("KADID-10k")
    'kadid-10k'
    >>> slug("  Optimal   Transport (OT) ")
    'optimal-transport-ot'
    """
    return "-".join(re.findall(r"[^\W_]+", fold(name)))


def match_key(name: str) -> str:
    """The matching form of a name used by evaluation: lower case letters and digits only.

    >>> match_key("3D Gaussian-Splatting")
    '3dgaussiansplatting'
    """
    return "".join(re.findall(r"[^\W_]+", fold(name)))


def norm_arxiv_id(text: str) -> str | None:
    """Extract a version-less arXiv id from an id, URL or free text; ``None`` when there is none.

    >>> norm_arxiv_id("https://arxiv.org/pdf/2505.23785v3")
    '2505.23785'
    >>> norm_arxiv_id("hep-th/9901001v1")
    'hep-th/9901001'
    >>> norm_arxiv_id("https://doi.org/10.1016/j.jmmm.2026.174209") is None
    True
    """
    if "doi.org/" in text or text.lower().startswith("10."):
        return None
    m = _ARXIV_NEW.search(text)
    if m:
        return m.group(1)
    m = _ARXIV_OLD.search(text)
    return m.group(1) if m else None


def norm_doi(text: str) -> str | None:
    """Extract a lower-case DOI from a DOI, a doi.org URL or free text.

    >>> norm_doi("https://doi.org/10.1002/AENM.70973.")
    '10.1002/aenm.70973'
    """
    m = _DOI.search(text)
    return m.group(1).rstrip(".,;)]").lower() if m else None


def paper_key(*, arxiv_id: str | None = None, doi: str | None = None, title: str | None = None) -> str:
    """Key of a Paper: ``arxiv:<id>``, else ``doi:<doi>``, else ``title:<normalised title>``."""
    if arxiv_id:
        aid = norm_arxiv_id(arxiv_id)
        if aid:
            return f"arxiv:{aid}"
    if doi:
        d = norm_doi(doi)
        if d:
            return f"doi:{d}"
    if title and norm_title(title):
        return f"title:{norm_title(title)}"
    raise ValueError("a paper needs an arXiv id, a DOI or a title")


_PERSON_SEP = re.compile(r"[.\-‐‑_]+")
_PERSON_DROP = re.compile(r"[^\w' ]+")


@lru_cache(maxsize=1 << 18)
def norm_person(name: str) -> str:
    """Normalised person name: folded, dots/hyphens as spaces, "Last, First" turned around.

    >>> norm_person("Chen, Xiwen")
    'xiwen chen'
    >>> norm_person("J.-P.  Sartre")
    'j p sartre'
    """
    name = " ".join(name.split())
    if name.count(",") == 1:
        last, first = (p.strip() for p in name.split(","))
        if first and last:
            name = f"{first} {last}"
    text = _PERSON_SEP.sub(" ", fold(name))
    text = _PERSON_DROP.sub("", text)
    return " ".join(text.split())


def author_key(name: str) -> str:
    """Key of an Author from the normalised name."""
    return f"author:{norm_person(name)}"


def entity_key(kind: str, name: str) -> str:
    """Key of a Method, Dataset or Task: ``<kind>:<slug>``."""
    if kind not in ENTITY_KINDS:
        raise ValueError(f"unknown entity kind {kind!r}")
    return f"{kind}:{slug(name)}"


def category_key(name: str) -> str:
    """Key of a Category node.

    >>> category_key("cs.CV")
    'category:cs.CV'
    """
    return f"category:{name.strip()}"


_REPO_HOSTS_WITH_OWNER = ("github.com", "gitlab.com", "bitbucket.org", "huggingface.co", "codeberg.org")


def repo_key(url: str) -> str:
    """Key of a CodeRepo: ``repo:<host>/<path>`` in lower case, ``.git`` and fragments dropped.

    For the forges, only owner/name (huggingface: [datasets|spaces/]owner/name) are kept.

    >>> repo_key("https://huggingface.co/datasets/Org/Set/tree/main")
    'repo:huggingface.co/datasets/org/set'
    >>> repo_key("https://xiwenc1.github.io/OTPrune/")
    'repo:xiwenc1.github.io/otprune'
    """
    u = re.sub(r"^[a-z]+://", "", url.strip(), flags=re.I)
    u = re.sub(r"[#?].*$", "", u).rstrip("/")
    u = re.sub(r"^www\.", "", u, flags=re.I)
    host, _, path = u.partition("/")
    host = host.lower()
    parts = [p for p in path.split("/") if p]
    if host in _REPO_HOSTS_WITH_OWNER:
        keep = 3 if host == "huggingface.co" and parts[:1] in (["datasets"], ["spaces"]) else 2
        parts = parts[:keep]
    if parts:
        parts[-1] = re.sub(r"\.git$", "", parts[-1])
    return "repo:" + "/".join([host, *parts]).lower()


# ---------------------------------------------------------------- records
def _pickled_by_fields(cls: type[_T]) -> type[_T]:
    """Pickle ``cls`` as its constructor and field values: a slotted dataclass's default state
    handling (a ``fields()`` call per object) made passing records and extractions between the
    build's processes cost about half as much again.

    >>> import pickle
    >>> e = Entity("method", "CLIP", "method:clip", ["clip"], 0.5, "We use CLIP.")
    >>> pickle.loads(pickle.dumps(e)) == e
    True
    """
    get = operator.attrgetter(*(f.name for f in fields(cls)))  # type: ignore[arg-type]

    def reduce(self: Any) -> tuple[Any, tuple[Any, ...]]:
        return cls, get(self)

    cls.__reduce__ = reduce  # type: ignore[method-assign]
    return cls


@_pickled_by_fields
@dataclass(slots=True)
class Problem:
    """An entry or file that could not be read (fully); reported, never silently dropped."""

    file: str
    line: int | None
    reason: str
    severity: Literal["error", "warning"] = "error"
    entry: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.severity}: {self.reason}"


@_pickled_by_fields
@dataclass(slots=True)
class PaperRecord:
    """One paper as read from one input entry (before merging duplicates)."""

    key: str
    title: str
    authors: list[str] = field(default_factory=list)
    abstract: str = ""
    arxiv_id: str | None = None
    doi: str | None = None
    categories: list[str] = field(default_factory=list)
    primary_category: str | None = None
    topic: str | None = None
    dates: list[str] = field(default_factory=list)
    comment: str | None = None
    url: str | None = None
    pdf: str | None = None
    ai: dict[str, str] = field(default_factory=dict)
    ai_missing: list[str] = field(default_factory=list)
    summary_lang: str | None = None
    code_url: str | None = None
    code_stars: int | None = None
    source: str = ""
    line: int | None = None
    external: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@_pickled_by_fields
@dataclass(slots=True)
class Entity:
    """An extracted mention resolved to an entity (Method, Dataset or Task)."""

    kind: str
    name: str
    key: str
    aliases: list[str] = field(default_factory=list)
    confidence: float = 1.0
    evidence: str = ""
    kb_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "key": self.key, "aliases": list(self.aliases)}


@_pickled_by_fields
@dataclass(slots=True)
class Repo:
    """A code/model/data link found in a paper."""

    url: str
    key: str
    host: str
    evidence: str = ""
    confidence: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "key": self.key}


@_pickled_by_fields
@dataclass(slots=True)
class Extraction:
    """What the NLP layer found in one paper."""

    paper_key: str
    proposed: list[Entity] = field(default_factory=list)
    methods: list[Entity] = field(default_factory=list)
    datasets: list[Entity] = field(default_factory=list)
    tasks: list[Entity] = field(default_factory=list)
    repos: list[Repo] = field(default_factory=list)
    cites: list[str] = field(default_factory=list)
