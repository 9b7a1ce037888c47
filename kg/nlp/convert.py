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

from spacy.tokens import Doc, Span

from kg.model import Entity, Extraction, PaperRecord, Repo, entity_key, repo_key
from kg.nlp.codelinks import find_link_spans, link_host
from kg.nlp.features import F_PENDING, tokens_with
from kg.nlp.introduced import introduced_starts
from kg.nlp.kb import name_ok as kb_name_ok
from kg.nlp.lexicon import (
    COMMON_CAPS,
    EXCLUDE,
    acronym_only,
    chemical,
    derived,
    is_contribution,
    is_dataset_word,
    task_head,
)
from kg.nlp.linker import kb_index
from kg.nlp.listed import dataset_spans, listed_with
from kg.nlp.tasks import task_aliases, task_name
from kg.nlp.tokenizer import info, key_of, span_text, spans_of
from kg.nlp.versions import version_end

Pending = list[tuple[str, str]]  # (surface, evidence) of unresolved name-like tokens

_METHOD_HEADS = {
    *("quantizer", "optimizer", "tokenizer", "generator", "discriminator", "predictor", "retriever"),
    *("reranker", "parser", "compressor", "detector", "tracker", "vocoder", "scheduler", "selector"),
    "controller",
    *("module", "block", "router", "adapter", "layer"),
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
# candidate names that are not names: sizes ("2B-parameter", "VL-2B"), number formats ("int32", "bf16"),
# plural acronyms of classes ("AVs", "NaNs") and acronym letters capitalised inside words ("framEwork")
_NOT_NAME = re.compile(
    r"\d+(?:\.\d+)?[BMKT]-[a-z]+|[A-Z]{1,2}-\d+(?:\.\d+)?[BMKT]|(?:u?int|bf|fp|float)\d+(?:x\w+)?|"
    r"[A-Z][A-Za-z]{0,2}s|.*\b[a-z]{3,}[A-Z](?:[a-z]+)?\b.*|"
    # an ion's spectral line: an element and its ionisation state in Roman numerals ("OIII", "NeIII")
    r"\[?(?:He|Ne|Na|Mg|Al|Si|Ar|Ca|Fe|Ni|Mn|Cr|Ti|Zn|H|C|N|O|S|K)(?:II|III|IV|VI{1,3}|IX|XI{1,2})\]?"
)


# a model named inside a metric's name ("Frechet Inception Distance", "CLIP score"): metrics are not methods
_METRIC_BEFORE = {"Frechet", "Fréchet", "Fr\\'echet"}
_METRIC_AFTER = {"Score", "score", "Distance", "distance"}


def in_metric_name(words: list[str], start: int, end: int) -> bool:
    """Whether the words ``start:end`` name a model inside a metric's name.

    >>> w = "lower Frechet Inception Distance and CLIP score".split()
    >>> in_metric_name(w, 2, 3), in_metric_name(w, 5, 6), in_metric_name(w, 0, 1)
    (True, True, False)
    """
    return (start > 0 and words[start - 1] in _METRIC_BEFORE) or (
        end < len(words) and words[end] in _METRIC_AFTER
    )


def inside_name(words: list[str], start: int, end: int, names: list[tuple[str, ...]]) -> bool:
    """Whether the words ``start:end`` are a later part of an occurrence of one of ``names`` (word tuples):
    "Dreamer" inside the paper's own "Adaptive Text Dreamer" is not a mention of Dreamer (a name that
    opens the proposal, as in "Mind2Web 2", still is).

    >>> w, own = "the Adaptive Text Dreamer beats Dreamer".split(), [("Adaptive", "Text", "Dreamer")]
    >>> inside_name(w, 3, 4, own), inside_name(w, 5, 6, own)
    (True, False)
    """
    n = end - start
    for name in names:
        for off in range(1, len(name) - n + 1):
            a = start - off
            if a >= 0 and len(name) > n and tuple(words[a : a + len(name)]) == name:
                return True
    return False


def not_a_name(text: str) -> bool:
    """A candidate that is a size, a number format, a plural acronym, acronym letters in a word or an
    ion's spectral line.

    >>> [not_a_name(t) for t in ("2B-parameter", "int32", "AVs", "faulT-tOlerant", "Qwen2.5-7B", "GPT-4o")]
    [True, True, True, True, False, False]
    >>> [not_a_name(t) for t in ("OIII", "NeIII", "[SII]", "CIV", "CV", "SIV-Net", "FoV")]
    [True, True, True, True, False, False, False]
    """
    return _NOT_NAME.fullmatch(text) is not None


def repos_of(rec: PaperRecord, fields: tuple[str, ...] = REPO_FIELDS) -> list[Repo]:
    """Links to code, models, data or project pages in the given record fields.

    The default reads the abstract only, as ANNOTATION.md defines repos; pass
    ``("abstract", "comment", "code_url")`` to add the digest's comment and code link.
    """
    out: dict[str, Repo] = {}
    for text in (str(getattr(rec, f, "") or "") for f in fields):
        for url, start, end in find_link_spans(text):
            key = repo_key(url)
            if key not in out:
                out[key] = Repo(
                    url=url, key=key, host=link_host(url), evidence=text[max(0, start - 80) : end]
                )
    return list(out.values())


def _bare_acronym(text: str, words: list[str], end: int) -> bool:
    """A short acronym that the broad KB sources (Papers with Code, SciREX) also use as a name ("CPU",
    "H2O", "ECE", "MOS") is taken as one only with a dataset or model word right after it."""
    if text in EXCLUDE:
        return True
    if not (acronym_only(text) or chemical(text)) or len(text) > 5:
        return False
    return not any(is_dataset_word(w) or is_contribution(w) for w in words[end : end + 2])


def surface_forms(
    text: str, partner: str | None = None, aliases: frozenset[str] | set[str] = frozenset()
) -> list[str]:
    """The forms a mention gives its entity as aliases: the text as written (the name a reader
    would use), the name inside a derived modifier ("LLM-based" -> "LLM", unless the whole word is a
    KB alias in ``aliases``), the singular of a plural acronym ("LLMs" -> "LLM"), and the
    abbreviation partner.

    >>> surface_forms("LLM-based"), surface_forms("VLMs", "vision-language models")
    (['LLM'], ['VLMs', 'VLM', 'vision-language models'])
    >>> surface_forms("finite element-based", aliases={"finiteelement"})
    ['finite element']
    >>> surface_forms("self-supervised", aliases={"selfsupervised"})
    ['self-supervised']
    """
    out: list[str] = []
    if derived(text) and " " not in text and key_of(text) not in aliases:
        text = text.rsplit("-", 1)[0]
    elif " " in text and derived(text.rsplit(" ", 1)[-1]) and key_of(text.rsplit("-", 1)[0]) in aliases:
        text = text.rsplit("-", 1)[0]  # "finite element-based" -> "finite element" (a KB name)
    out.append(text)
    if len(text) > 2 and text.endswith("s") and text[:-1].isupper():
        out.append(text[:-1])
    if partner and not derived(partner):
        out.append(partner)
    return out


def _abbrev_map(abbreviations: list[tuple[Span, Span]]) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for lf, sf in abbreviations:
        lt, st = span_text(lf), span_text(sf)
        pairs[key_of(st)] = lt
        pairs[key_of(lt)] = st
    return pairs


def drop_heads(methods: list[Entity]) -> list[Entity]:
    """Methods without the lower-case family names that end another lower-case one found with them:
    "language models" next to "large language models" refers back to it.

    >>> names = ("language models", "large language models", "CLIP")
    >>> ms = [Entity("method", n, "method:" + n) for n in names]
    >>> [e.name for e in drop_heads(ms)]
    ['large language models', 'CLIP']
    """
    low = [e.name for e in methods if e.name.islower()]
    if len(low) < 2:
        return methods
    heads = {n for n in low for m in low if len(m) > len(n) and m.endswith(n) and m[-len(n) - 1] in " -"}
    return [e for e in methods if e.name not in heads] if heads else methods


def doc_to_extraction(doc: Doc, paper_key: str) -> tuple[Extraction, Pending]:
    """The Extraction of one processed doc, and its unresolved name-like tokens for the second pass."""
    idx = kb_index(doc.user_data.get("kg_kb_path"))
    ex = Extraction(paper_key=paper_key)
    abbreviations = doc._.abbreviations
    abbr = _abbrev_map(abbreviations)
    taken: set[str] = set()
    di = info(doc)
    W = di.words
    own: list[tuple[str, ...]] = []  # the words of the paper's own names ("Adaptive Text Dreamer (ATD)")
    for sp in spans_of(doc, "kg_proposed"):
        kind, text = sp.label_, span_text(sp)
        aliases = [abbr[key_of(text)]] if key_of(text) in abbr else []
        conf = 0.9 if sp.start == 0 else 0.75
        ex.proposed.append(Entity(kind, text, sp.kb_id_, aliases, conf, _evidence(sp)))
        taken.update(key_of(f) for f in (text, *aliases))
        if len(sp) > 1:
            own.append(tuple(W[sp.start : sp.end]))
    # the names the paper defines and introduces itself ("we propose a gaze-aware image encoder (GIE)")
    intro = introduced_starts(W, di.sent_range, [(lf.start, sf.start, sf.end) for lf, sf in abbreviations])
    # their short forms name them here, not a KB entity with the same acronym ("STE" is no estimator)
    taken.update(key_of(span_text(sf)) for lf, sf in abbreviations if lf.start in intro)
    if (taken or intro) and abbreviations:
        own += [
            tuple(W[lf.start : lf.end])
            for lf, sf in abbreviations
            if len(lf) > 1 and (key_of(span_text(sf)) in taken or lf.start in intro)
        ]
    by_key: dict[str, Entity] = {}
    sets: dict[int, int] | None = None  # the dataset names of the doc, for names listed with them
    vers: dict[str, set[str]] = {}  # KB id -> the key of the first versioned form seen
    for sp in spans_of(doc, "kg_mentions"):
        kb_id = sp.kb_id_
        kind, name, src = idx.info[kb_id]
        if kind == "task":
            continue
        text = span_text(sp)
        key = key_of(text)
        again = key in taken and not (kb_id in by_key and version_end(W, sp.end) > sp.end)  # another version
        if again:
            continue
        if src in ("pwc", "scirex") and _bare_acronym(text, W, sp.end):
            sets = dataset_spans(doc, idx) if sets is None else sets
            if not listed_with(W, sp, sets):
                continue
        if kind == "method" and in_metric_name(W, sp.start, sp.end):
            continue
        if own and inside_name(W, sp.start, sp.end, own):
            continue
        end = version_end(W, sp.end)
        if kind == "dataset":  # "LSST Commissioning", "TSAR-2025 Shared Task": the text's full name
            stop = min(di.sent_range(sp.start)[1], end + 2)
            while end < stop and W[end].isalpha() and W[end][:1].isupper() and W[end] not in COMMON_CAPS:
                end += 1
        versioned = span_text(doc[sp.start : end]) if end > sp.end else None  # "LLaMA 3.3 70B"
        partner = abbr.get(key)
        if (
            partner
            and task_head(partner)
            and not task_head(name)
            and not (kind == "dataset" and src == "curated")
        ):
            continue  # "automatic speech recognition (ASR)" is a task here, not a model; MMLU stays a dataset
        e = by_key.get(kb_id)
        if versioned and e is not None and vers.get(kb_id, {key_of(versioned)}) != {key_of(versioned)}:
            kv = key_of(versioned)  # "LLaMA 3.3 70B, LLaMA 3.1 405B": two versions, two models
            if kv not in taken:
                (ex.datasets if kind == "dataset" else ex.methods).append(
                    Entity(kind, versioned, entity_key(kind, versioned), [], 0.6, _evidence(sp))
                )
                taken.add(kv)
            continue
        if versioned:
            vers.setdefault(kb_id, set()).add(key_of(versioned))
        if e is None:
            conf = 0.9 if src == "curated" else 0.7 if src == "build" else 0.6
            e = Entity(kind, name, kb_id, [], conf, _evidence(sp), kb_id=kb_id)
            by_key[kb_id] = e
            (ex.datasets if kind == "dataset" else ex.methods).append(e)
        for f in [*([versioned] if versioned else []), *surface_forms(text, partner, idx.aliases)]:
            if f != e.name and f not in e.aliases:
                e.aliases.append(f)
        taken.add(key)
    for lf, sf in abbreviations:
        kl, ks = key_of(span_text(lf)), key_of(span_text(sf))
        if (
            kl in taken
            or (ks in taken and lf.start not in intro)
            or task_head(span_text(lf))
            or not kb_name_ok(span_text(lf))
        ):
            continue  # "machine learning (ML)": a generic word, defined or not
        head = _plural_base(lf[-1].text.split("-")[-1])
        kind = "dataset" if is_dataset_word(lf[-1].text) else "method" if head in _METHOD_HEADS else ""
        if kind and len(lf) >= 2:
            lt = span_text(lf)
            e = Entity(kind, lt, entity_key(kind, lt), [span_text(sf)], 0.6, _evidence(sf))
            (ex.proposed if lf.start in intro else ex.datasets if kind == "dataset" else ex.methods).append(e)
            taken.update((kl, ks))
    for sp in spans_of(doc, "kg_candidates"):
        text = span_text(sp)
        k = key_of(text)
        if k in taken or (k.endswith("s") and k[:-1] in taken) or not_a_name(text):
            continue
        if sp.label_ == "dataset" and (partner := abbr.get(k)) and task_head(partner):
            continue  # "set-based face recognition (SFR)": "the SFR benchmarks" are the task's
        kind = sp.label_
        # "Llama-3.1 70B": the versioned form is the name, the bare name its alias
        aliases = [W[sp.start]] if len(sp) > 1 and version_end(W, sp.start + 1) >= sp.end else []
        e = Entity(kind, text, entity_key(kind, text), aliases, 0.5, _evidence(sp))
        (ex.datasets if kind == "dataset" else ex.methods).append(e)
        taken.update(key_of(f) for f in (text, *aliases))
    ex.methods = drop_heads(ex.methods)
    named = {key_of(f) for e in (*ex.proposed, *ex.datasets) for f in (e.name, *e.aliases)}
    for sp in spans_of(doc, "kg_tasks"):
        name = task_name(sp)
        if key_of(name) in named or key_of(abbr.get(key_of(name)) or "") in named - {""}:
            continue  # "Adaptive Moral Fusion (AMF)", "MMLU": the paper's own name or a dataset, no task
        cands = idx.candidates(key_of(name)) if idx.has(key_of(name)) else []
        tid = next((c[0] for c in cands if c[1] == "task"), entity_key("task", name))
        short = abbr.get(key_of(name))  # "Video Scene Graph Generation (VSGG)"
        ex.tasks.append(Entity("task", name, tid, task_aliases(sp, short), 0.6, _evidence(sp)))
    keys = di.keys
    pending = [(W[i], di.sentence(i)) for i in tokens_with(di, F_PENDING) if keys[i] not in taken]
    return ex, pending
