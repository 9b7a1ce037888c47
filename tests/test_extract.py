"""extract(): one Extraction per record, roles, evidence, repos, two-pass linking, processes."""

from __future__ import annotations

from kg.extract import extract
from kg.model import PaperRecord

A = PaperRecord(
    key="arxiv:2501.00001",
    title="OTPrune: Distribution-Aligned Visual Token Pruning",
    abstract=(
        "Multimodal large language models (MLLMs) are slow. We propose OTPrune, a training-free framework "
        "based on optimal transport. Experiments on the GQA and POPE benchmarks with LLaVA-1.5 show gains. "
        "Code: https://github.com/xiwenc1/OTPrune."
    ),
    comment="Project page: https://xiwenc1.github.io/OTPrune/",
)
B = PaperRecord(
    key="arxiv:2502.00002",
    title="Faster token pruning",
    abstract="We compare our pruner with OTPrune and FastV on GQA.",
)


def test_extract_roles_and_evidence():
    ex = extract([A])[0]
    assert ex.paper_key == A.key
    assert [e.name for e in ex.proposed] == ["OTPrune"]
    assert ex.proposed[0].key == "method:otprune"
    methods = {e.key for e in ex.methods}
    assert {"method:multimodal-large-language-models", "method:optimal-transport", "method:llava"} <= methods
    assert {e.key for e in ex.datasets} >= {"dataset:gqa", "dataset:pope"}
    mllm = next(e for e in ex.methods if e.key == "method:multimodal-large-language-models")
    assert "MLLMs" in mllm.aliases
    for e in ex.proposed + ex.methods + ex.datasets + ex.tasks:
        assert 0 < e.confidence <= 1 and e.evidence and e.key.startswith(e.kind + ":")
    assert [r.url for r in ex.repos] == ["https://github.com/xiwenc1/OTPrune"]
    assert ex.repos[0].key == "repo:github.com/xiwenc1/otprune"


def test_second_pass_links_to_proposing_paper():
    ea, eb = extract([A, B])
    linked = [e for e in eb.methods if e.key == "method:otprune"]
    assert linked and linked[0].kb_id == A.key
    assert not any(e.key == "method:otprune" for e in ea.methods)


def test_order_progress_and_processes():
    recs = [
        PaperRecord(key=f"arxiv:2501.{i:05d}", title=f"Model{i}X: a study", abstract="We use BERT on SQuAD.")
        for i in range(900)
    ]
    seen: list[int] = []
    one = extract(recs, n_process=1, progress=seen.append)
    two = extract(recs, n_process=2)
    assert sum(seen) == len(recs)
    assert [e.paper_key for e in one] == [r.key for r in recs]
    assert [(e.paper_key, [m.key for m in e.methods]) for e in one] == [
        (e.paper_key, [m.key for m in e.methods]) for e in two
    ]


def test_empty_and_degenerate_records():
    assert extract([]) == []
    ex = extract([PaperRecord(key="title:x", title="", abstract="")])[0]
    assert ex.paper_key == "title:x" and ex.proposed == [] and ex.repos == []


def test_repo_fields_option():
    assert [r.key for r in extract([A])[0].repos] == ["repo:github.com/xiwenc1/otprune"]
    keys = [r.key for r in extract([A], repo_fields=("abstract", "comment"))[0].repos]
    assert keys == ["repo:github.com/xiwenc1/otprune", "repo:xiwenc1.github.io/otprune"]


def test_roles_aliases_and_derived_mentions():
    rec = PaperRecord(
        key="arxiv:2503.00003",
        title="Zorbit: LLM-Guided Video Scene Graph Generation",
        abstract=(
            "Video Scene Graph Generation (VSGG) is hard. We present Zorbit and the proposed ZB-Net "
            "module. An LLM-based planner runs on Action Genome with PyTorch's autograd."
        ),
    )
    ex = extract([rec])[0]
    assert {e.name for e in ex.proposed} == {"Zorbit", "ZB-Net"}
    llm = next(e for e in ex.methods if e.key == "method:large-language-models")
    assert not any(a.endswith(("-Guided", "-based")) for a in llm.aliases)
    assert {e.key for e in ex.methods} >= {"method:pytorch"}
    assert "PyTorch's" not in {e.name for e in ex.methods + ex.proposed}
    assert [e.key for e in ex.datasets] == ["dataset:action-genome"]
    vsgg = next(e for e in ex.tasks if e.name == "Video Scene Graph Generation")
    assert vsgg.aliases == ["VSGG"]
