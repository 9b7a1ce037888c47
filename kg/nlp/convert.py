"""Turn a processed Doc into a :class:`kg.model.Extraction` (roles, aliases, confidence, evidence),
and find code/model/data links.

Examples
--------
>>> from kg.model import PaperRecord
>>> rec = PaperRecord(key="arxiv:1", title="T", abstract="See https://github.com/a/b. and arxiv.org/abs/1",
...                   comment="Project page: https://a.github.io/b/", code_url="https://github.com/a/b")
>>> [r.url for r in repos_of(rec)]
['https://github.com/a/b']
>>> [r.url for r in repos_of(rec, ("abstract", "comment", "code_url"))]
['https://github.com/a/b', 'https://a.github.io/b/']
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

from spacy.tokens import Doc, Span

from kg.model import Entity, Extraction, PaperRecord, Repo, entity_key, match_key, repo_key
from kg.nlp.lexicon import is_dataset_word, pending_candidate, task_head
from kg.nlp.linker import kb_index
from kg.nlp.tasks import task_name
from kg.nlp.tokenizer import info

Pending = list[tuple[str, str]]  # (surface, evidence) of unresolved name-like tokens

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'\]\)}]+", re.I)
_CODE_HOSTS = (
    "github.com",
    "gitlab.com",
    "huggingface.co",
    "bitbucket.org",
    "codeberg.org",
    "github.io",
    "gitlab.io",
    "4open.science",
    "zenodo.org",
    "kaggle.com",
    "gitee.com",
    "sourceforge.net",
)
_METHOD_HEADS = {
    "controller",
    "theory",
    "encoding",
    "inversion",
    "rotation",
    "sampler",
    "oracle",
    "circuit",
    "solver",
    "scheme",
    "planner",
    "regularization",
    "minimization",
    "maximization",
    "coding",
    "clustering",
    "model",
    "network",
    "learning",
    "algorithm",
    "optimization",
    "transformer",
    "machine",
    "regression",
    "estimator",
    "encoder",
    "decoder",
    "autoencoder",
    "attention",
    "embedding",
    "sampling",
    "distillation",
    "tuning",
    "fine-tuning",
    "training",
    "descent",
    "decomposition",
    "filter",
    "field",
    "process",
    "policy",
    "prompting",
    "classifier",
    "architecture",
    "mechanism",
    "operator",
    "splatting",
    "kernel",
    "forest",
    "agent",
    "programming",
    "method",
    "analysis",
    "search",
    "inference",
    "graph",
    "memory",
    "flow",
    "diffusion",
    "adaptation",
    "unit",
    "perceptron",
    "machines",
    "estimation",
    "loss",
    "game",
    "equation",
    "test",
    "transform",
    "transformation",
    "representation",
    "simulation",
    "quantization",
}


def _evidence(sp: Span) -> str:
    """The sentence holding ``sp`` (at most 400 characters)."""
    return info(sp.doc).sentence(sp.start)


def _plural_base(word: str) -> str:
    w = word.lower()
    return w[:-1] if w.endswith("s") and not w.endswith("ss") else w


REPO_FIELDS = ("abstract",)


def repos_of(rec: PaperRecord, fields: tuple[str, ...] = REPO_FIELDS) -> list[Repo]:
    """Links to code, models, data or project pages in the given record fields.

    The default reads the abstract only, as ANNOTATION.md defines repos; pass
    ``("abstract", "comment", "code_url")`` to add the digest's comment and code link.
    """
    out: dict[str, Repo] = {}
    for text in (str(getattr(rec, f, "") or "") for f in fields):
        for m in _URL.finditer(text or ""):
            url = re.sub(r"[.,;:!?*]+$", "", m.group(0))
            url = url if "://" in url else "https://" + url
            host = (urlparse(url).hostname or "").lower().removeprefix("www.")
            if not host.endswith(_CODE_HOSTS) or (
                len(urlparse(url).path.strip("/")) == 0 and (not host.endswith(("github.io", "gitlab.io")))
            ):
                continue
            key = repo_key(url)
            if key not in out:
                out[key] = Repo(url=url, key=key, host=host, evidence=text[max(0, m.start() - 80) : m.end()])
    return list(out.values())


def _abbrev_map(doc: Doc) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for lf, sf in doc._.abbreviations:
        pairs[match_key(sf.text)] = lf.text
        pairs[match_key(lf.text)] = sf.text
    return pairs


def doc_to_extraction(doc: Doc, paper_key: str) -> tuple[Extraction, Pending]:
    """The Extraction of one processed doc, and its unresolved name-like tokens for the second pass."""
    idx = kb_index(doc.user_data.get("kg_kb_path"))
    ex = Extraction(paper_key=paper_key)
    abbr = _abbrev_map(doc)
    taken: set[str] = set()
    for sp in doc.spans.get("kg_proposed", []):
        kind = sp.label_
        aliases = [abbr[match_key(sp.text)]] if match_key(sp.text) in abbr else []
        conf = 0.9 if sp.start == 0 else 0.75
        ex.proposed.append(Entity(kind, sp.text, sp.kb_id_, aliases, conf, _evidence(sp)))
        taken.update(match_key(f) for f in (sp.text, *aliases))
    by_key: dict[str, Entity] = {}
    for sp in doc.spans.get("kg_mentions", []):
        kind, name, src = idx.info[sp.kb_id_]
        if kind == "task" or match_key(sp.text) in taken:
            continue
        partner = abbr.get(match_key(sp.text))
        if partner and task_head(partner) and not task_head(name):
            continue  # "automatic speech recognition (ASR)" is a task here, not a model
        e = by_key.get(sp.kb_id_)
        if e is None:
            conf = 0.9 if src == "curated" else 0.7 if src == "build" else 0.6
            e = Entity(kind, name, sp.kb_id_, [], conf, _evidence(sp), kb_id=sp.kb_id_)
            by_key[sp.kb_id_] = e
            (ex.datasets if kind == "dataset" else ex.methods).append(e)
        for f in (sp.text, abbr.get(match_key(sp.text))):
            if f and f != e.name and f not in e.aliases:
                e.aliases.append(f)
        taken.add(match_key(sp.text))
    for lf, sf in doc._.abbreviations:
        kl, ks = match_key(lf.text), match_key(sf.text)
        if kl in taken or ks in taken or task_head(lf.text):
            continue
        head = _plural_base(lf[-1].text.split("-")[-1])
        kind = "dataset" if is_dataset_word(lf[-1].text) else "method" if head in _METHOD_HEADS else ""
        if kind and len(lf) >= 2:
            e = Entity(kind, lf.text, entity_key(kind, lf.text), [sf.text], 0.6, _evidence(sf))
            (ex.datasets if kind == "dataset" else ex.methods).append(e)
            taken.update((kl, ks))
    for sp in doc.spans.get("kg_candidates", []):
        k = match_key(sp.text)
        if k in taken or (k.endswith("s") and k[:-1] in taken):
            continue
        kind = sp.label_
        e = Entity(kind, sp.text, entity_key(kind, sp.text), [], 0.5, _evidence(sp))
        (ex.datasets if kind == "dataset" else ex.methods).append(e)
        taken.add(k)
    for sp in doc.spans.get("kg_tasks", []):
        name = task_name(sp)
        cands = idx.candidates(match_key(name)) if idx.has(match_key(name)) else []
        tid = next((c[0] for c in cands if c[1] == "task"), entity_key("task", name))
        ex.tasks.append(Entity("task", name, tid, [], 0.6, _evidence(sp)))
    di = info(doc)
    W = di.words
    pending = [
        (W[i], di.sentence(i))
        for i, ok in enumerate(map(pending_candidate, W))
        if ok and di.keys[i] not in taken
    ]
    return ex, pending
