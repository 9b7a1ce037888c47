"""Word lists and word-level tests used by the rules (:mod:`kg.nlp.rules`) and tasks.

Examples
--------
>>> name_like("OTPrune"), name_like("Qwen2-VL-72B"), name_like("Vision-Language"), name_like("3D")
(True, True, False, False)
>>> task_head("image dehazing"), task_head("diffusion models")
(True, False)
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.nlp.tokenizer import key_of
from kg.nlp.versions import TIERS as TIERS  # re-exported: callers import them from here
from kg.nlp.versions import VERSION as VERSION
from kg.nlp.versions import version_end as version_end

# fmt: off
PROPOSE = re.compile(
    r"^(?:propos(?:e|es|ed|ing)|introduc(?:e|es|ed|ing)|present(?:s|ed)?|develop(?:s|ed)?|"
    r"design(?:ed)?|construct(?:ed)?|build|built|release[sd]?|"
    r"curate[sd]?|create[sd]?|contribute|establish(?:es)?|offer|unveil|devise|formulate)$",
    re.I,
)
DATASET_NAME = re.compile(
    r"(?:Bench|bench|QA|Set|Corpus|Arena|Gym|Env|-Survey|-Dataset|-Benchmark|-Database)$"
)
# a hyphenated title-case name of three or more parts ending in a dataset word ("World-Values-Survey")
SET_COMPOUND = re.compile(
    r"(?:[A-Z][a-z]+|of|the|and)(?:-(?:[A-Z][a-z]+|of|the|and)){1,5}-(?:Survey|Benchmark|Corpus|Dataset|Database)"
)
SUBJECTS = {"we", "our", "paper", "work", "study", "article", "here", "herein", "authors", "also", "further"}
NAMING = {"called", "dubbed", "named", "termed", "coined", "namely"}
DATASET_WORDS = re.compile(
    r"^(?:datasets?|benchmarks?|corpus|corpora|suite|testbed|leaderboard|collection|bank|arena|"
    r"challenge|database|treebank|catalog|catalogs|catalogue|catalogues|traces?|surveys?|archive)$",
    re.I,
)
STOP_WINDOW = {
    "that", "which", "where", "to", "for", "by", "with", "in", "on", "using", "via", "through", "from",
    "across", "into", "while", "whose", "who", "under", "based", "over", "than", "as", "has", "have",
    "is", "are", "was", "were", "outperforms", "outperformed", "achieves", "achieved", "against",
}
EXCLUDE = {
    "SOTA", "F1-score", "macro-F1", "micro-F1", "FoM", "Top-1", "Top-5", "BLEU-4", "ROUGE-L", "mAP50",
    "AI", "GPU", "GPUs", "CPU", "API", "APIs", "URL", "PDF", "II", "III", "IV", "USA", "UK", "EU",
    "PSNR", "SSIM", "FID", "AUC", "IoU", "mIoU", "mAP", "BLEU", "ROUGE", "LPIPS", "RMSE", "MAE", "MSE",
    "F1", "TFLOPs", "FLOPs", "GFLOPs", "TB", "GB", "MB", "KB", "Hz", "kHz", "GHz", "MHz", "dB", "IQ",
    "COVID-19", "SARS-CoV-2", "LaTeX", "GitHub", "HuggingFace", "YouTube", "iPhone", "arXiv", "PhD",
    "OpenAI", "DeepMind", "NVIDIA", "PyTorch", "TensorFlow", "JAX", "ML", "DL", "NLP", "CV", "RGB", "RGB-D",
    "LiDAR", "3D", "2D", "4D", "1D", "6D", "6-DoF", "DoF", "IoT", "UAV", "UAVs", "MRI", "CT", "fMRI", "EEG",
    "ECG", "DNA", "RNA", "mRNA", "scRNA-seq", "X-ray", "T2I", "T2V", "I2V", "QA", "VQA", "CoRL", "ICLR",
    "NeurIPS", "ICML", "CVPR", "ICCV", "ECCV", "ACL", "EMNLP", "AAAI", "IJCAI", "KDD", "SoTA", "SotA",
    "MSun", "Msun", "LSun", "Lsun", "Mpc", "kpc", "Gpc", "Gyr", "Myr", "keV", "MeV", "GeV", "TeV", "mJy",
    "FP32", "FP16", "BF16", "TF32", "FP8", "FP4", "INT8", "INT4", "INT2", "NF4",
}
TASK_HEADS = {
    "detection", "segmentation", "classification", "recognition", "estimation", "prediction", "retrieval",
    "localization", "localisation", "tracking", "reconstruction", "synthesis", "compression", "planning",
    "navigation", "manipulation", "assessment", "forecasting", "editing", "understanding", "answering",
    "translation", "summarization", "generation", "captioning", "grounding", "completion", "extraction",
    "parsing", "inpainting", "denoising", "deblurring", "super-resolution", "dehazing", "deraining",
    "matching", "registration", "verification", "identification", "diagnosis", "reasoning", "search",
    "discovery", "selection", "control", "alignment", "modeling", "modelling", "simulation", "analysis",
    "inference", "optimization", "prognosis", "screening", "restoration", "enhancement", "imputation",
    "clustering", "labeling", "annotation", "tagging", "ranking", "recommendation", "transfer",
    "synchronization", "quantification", "attribution", "unlearning", "steganography", "watermarking",
    "mapping", "coding", "compilation", "scheduling", "routing", "fusion", "odometry", "spotting",
    "counting", "mining", "filtering", "correction", "decoding", "exploration", "generalization",
    "generalisation", "simplification", "evaluation", "sensing", "analytics", "recovery", "composition",
    "serving", "engineering", "diagnostics", "computation", "comprehension", "interpretation",
    "explanation", "personalization", "calibration", "docking", "monitoring", "inspection",
    "decision-making", "retention", "qa",
}
NOT_MODIFIER = {
    "a", "an", "the", "of", "for", "and", "or", "in", "on", "to", "with", "by", "from", "as", "at", "we",
    "our", "this", "that", "these", "those", "its", "their", "is", "are", "be", "was", "were", "been",
    "novel", "new", "existing", "efficient", "effective", "robust", "accurate", "improved", "better",
    "various", "different", "several", "many", "such", "both", "each", "high-quality", "state-of-the-art",
    "challenging", "downstream", "improve", "improves", "enable", "enables", "achieve", "achieves",
    "proposed", "propose", "present", "introduce", "study", "paper", "work", "performance", "task", "tasks",
    "problem", "problems", "approach", "method", "framework", "model", "models", "which", "can", "may",
    "not", "also", "while", "however", "yet", "via", "using", "based", "towards", "toward", "fast",
    "faster", "scalable", "generalizable", "reliable", "simple", "unified", "general", "zero-shot",
    "few-shot", "training-free", "end-to-end", "learning", "self-supervised", "semi-supervised",
    "unsupervised", "supervised", "deep", "neural", "large-scale", "real-world", "real-time", "open",
    "precise", "controllable", "interpretable", "explainable", "universal", "flexible", "holistic",
    "comprehensive", "systematic", "more", "most", "less", "first", "key", "critical", "important",
    "complex", "high", "higher", "large", "larger", "current", "multiple", "generic", "one", "two",
    "three", "transparent", "empirical", "traditional", "standard", "conventional", "typical", "overall",
    "human", "quantitative", "qualitative", "extensive",
}
# "-based", "-guided", "LLM-Enabled": a derived modifier, not a name (capitalised in titles too)
DERIVED_END = re.compile(
    r"-(?:(?:[a-z]|[A-Z][a-z])[a-z]*(?:ed|en|ing|ive|able|ible|ous|ful|less)|"
    r"(?i:based|aware|like|free|level|scale|wise|style|specific|shot|only|"
    r"centric|oriented|agnostic|enabled|step|bit|fold|dimensional|order|time|scale))$"
)
_PREFIXED = re.compile(
    r"(?:[Nn]on|[Mm]ulti|[Ss]ingle|[Cc]ross|[Ss]emi|[Pp]re|[Pp]ost|[Aa]nti|[Ss]ub|[Ss]elf|"
    r"[Dd]ual|[Bb]i|[Uu]ltra|[Hh]ybrid|[Ee]nd)-[a-zA-Z]"
)
_UNIT = re.compile(
    r"\d+(?:\.\d+)?-?(?:[a-z]{1,3}|[kMG]?[A-Z][a-z]?|times\d+|degree.*)|times\d+|ell\w*|[A-Z][a-z]+\d+"
)
CAPWORD = re.compile(r"[A-Z][A-Za-z]+(?:-[A-Za-z]+)*")
_CHEM = re.compile(r"(?=.*\d)(?:[A-Z][a-z]?\d*){2,}|[A-Z][a-z]?\d+")
TITLECASE_COMPOUND = re.compile(r"[A-Z][a-z]+(?:-[A-Za-z][a-z]+)+")
_NUMLIKE = re.compile(r"[\d.,]+(?![A-Z]{3})[a-zA-Z%]{0,3}|[a-z]?\d+[a-z]?|\d+[A-Z]|\d+(?:\.\d+)?[kKMB]")
COMMON_TITLE_WORDS = {
    "beyond", "towards", "toward", "rethinking", "revisiting", "understanding", "learning", "benchmarking",
    "evaluating", "exploring", "improving", "scaling", "position", "survey", "review", "overview",
    "introduction", "demystifying", "unveiling", "unlocking", "when", "why", "how", "what", "do", "does",
    "can", "is", "are", "should", "on", "from", "the", "a", "an", "through", "less", "more", "editorial",
    "erratum", "correction", "tutorial", "perspective", "report", "abstract", "preface",
}

# an emphasised name, without the abbreviation it may define: "\textbf{Name (NM)}"
EMPH = re.compile(r"\\textbf\{([^{}()]{2,60}?)\s*(?:\([^{}()]{1,20}\))?\}")
NOVEL = {"novel", "new", "our", "Novel", "New", "Our"}
APPOSITION = {",", "-", "–", "—", ":"}
CONTRIBUTION = {
    "framework", "method", "model", "benchmark", "dataset", "approach", "system", "pipeline", "tool",
    "network", "algorithm", "architecture", "strategy", "plugin", "suite", "library", "toolkit", "agent",
    "corpus", "platform", "technique", "module", "mechanism", "paradigm", "metric", "simulator",
    "transformer", "encoder", "environment", "language", "solver", "estimator", "loss", "protocol",
}


EVAL_CUE = re.compile(
    r"^(?:evaluat\w*|experiment\w*|benchmark\w*|datasets?|tested|trained|validated|"
    r"results|outperform\w*|corpus|corpora|surveys?|observations|data)$",
    re.I,
)
LIST_TRIGGERS = {"on", "across", "including", "namely", "as", "(", "--", "-", ":"}
MODEL_NAME = re.compile(
    r"\d+(?:\.\d+)?[BbMm]\b|Instruct|-it$|-[Cc]hat|GPT|LLaMA|Llama|Qwen|FP\d+|INT\d+|int\d", re.I
)
COMMON_CAPS = {"The", "We", "Our", "This", "These", "In", "On", "Extensive", "Experiments", "Results", "It"}

# setting words that belong to a task's name ("Unsupervised Feature Selection", "Controllable ...
# Generation"), unlike evaluative ones ("Efficient", "Robust"), which NOT_MODIFIER keeps out
SETTING = {
    "unsupervised", "supervised", "self-supervised", "semi-supervised", "weakly-supervised", "zero-shot",
    "few-shot", "one-shot", "controllable", "universal", "real-time", "open-vocabulary", "open-set",
    "open-world", "multi-label", "multi-class", "multi-modal", "multimodal", "probabilistic", "precise",
}
# words before a task phrase that bound it ("advances in drone path planning")
CUE_BEFORE = {"for", "of", "in", "on", "For", "Of", "In", "On"}
# nouns after a task phrase that mark it as one ("... localization tasks", "... problem")
TASK_NOUNS = {"task", "tasks", "problem", "problems", "benchmark", "benchmarks", "challenge", "setting"}
# words that end a title chunk ("... for Drone Navigation via Foundation Models")
CHUNK_END = {
    "via", "with", "using", "by", "through", "in", "on", "from", "at", "under", "without", "across", "for",
    "towards", "toward", "to",
    "against", "and", "as", "beyond", "into", ":", "?", ",", "--", "-", "–", "—", "(", ".", "!",
}
# evaluative words that open a chunk but are not part of the task's name
PRAISE = {
    "better", "lightweight", "inclusive", "enhanced", "trustworthy", "scalable", "practical", "unbounded",
    "proactive", "cost-effective", "low-cost", "efficient", "robust", "accurate", "reliable", "fast",
    "faster", "improved", "effective", "principled", "flexible", "novel",
}
# heads of chunks that name a domain or an artefact rather than a task
NOT_TASK = {
    "models", "model", "systems", "system", "data", "applications", "graphs", "llms", "mllms", "vlms",
    "networks", "agents", "robots", "images", "videos", "healthcare", "health", "science", "language",
    "languages", "environments", "intelligence", "framework", "benchmark", "dataset",
}
# gerunds opening a title whose object is the task ("Detecting Silent Failures in ...")
TASK_GERUNDS = {
    "detecting", "explaining", "identifying", "constraining", "tracing", "predicting", "classifying",
    "discovering", "recognizing", "recognising", "forecasting", "estimating", "segmenting", "localizing",
    "tracking", "reconstructing", "translating", "summarizing", "retrieving", "measuring", "mapping",
}


# fmt: on


def titlecase(text: str) -> bool:
    words = [w for w in _SPACE_OR_HYPHEN.split(text) if len(w) > 3]
    return bool(words) and all(w[:1].isupper() for w in words)


@lru_cache(maxsize=65536)
def is_propose(w: str) -> bool:
    return bool(PROPOSE.match(w))


@lru_cache(maxsize=65536)
def is_dataset_word(w: str) -> bool:
    return bool(DATASET_WORDS.match(w))


@lru_cache(maxsize=65536)
def is_eval_cue(w: str) -> bool:
    return bool(EVAL_CUE.match(w))


# tokens that look coined but are not names: "S/N", "M_Sun", "11-class", "U.S", "SHARPing" (an acronym
# used as a verb), "HCO+" (an ion), "CMB+BAO+SNe" (a combination), "SDSSJ0946+1006" (a sky position)
_NOISE = re.compile(
    r"[/_\\]|^\d+(?:\.\d+)?-[a-z]+(?:-[a-z]+)*$|^(?:[A-Za-z]\.)+[A-Za-z]?$|^[A-Z]{2,}(?:ing|ed)$|"
    r"^[A-Z][A-Za-z0-9]{0,4}\+$|[A-Za-z0-9]\+[A-Za-z]|\d{4}[+\-\u2212]\d{2,4}$"
)
# an acronym followed by plain lower-case words ("UV-bright", "KL-penalty"), unless a size ("BERT-base")
_ACRONYM_WORDS = re.compile(r"[A-Z]{2,}s?-([a-z]{3,})(?:-[a-z]{2,})*")
SIZES = {"base", "large", "small", "tiny", "mini", "medium", "huge", "giant", "nano", "micro", "lite", "plus"}
_LATEX_NAME = re.compile(r"\$[A-Za-z0-9^_{}]+\$-[A-Za-z][\w-]*")
_LETTER = re.compile(r"[A-Za-z]")
_INNER_CAPS = re.compile(r"[a-z][A-Z]|[A-Z].*[A-Z]")
_DIGIT = re.compile(r"\d")
_TWO_LETTERS = re.compile(r"[A-Za-z]{2}")
_ACRONYM = re.compile(r"[A-Z]{2,6}s?")
_SPACE_OR_HYPHEN = re.compile(r"[\s\-]+")


@lru_cache(maxsize=262144)
def name_like(t: str) -> bool:
    """A coined name: inner capitals (OTPrune, XVerse), letters with digits (GPT-4o), all caps (LENS)."""
    if not (t.startswith("$") or _INNER_CAPS.search(t) or (_DIGIT.search(t) and _TWO_LETTERS.search(t))):
        return False  # (tested below as well; first, as most words fail it)
    if len(t) < 2 or t in EXCLUDE or t.startswith("http") or _NUMLIKE.fullmatch(t):
        return False
    if t.startswith("$"):
        return bool(_LATEX_NAME.fullmatch(t))
    if not _LETTER.search(t) or DERIVED_END.search(t) or _PREFIXED.match(t) or _UNIT.fullmatch(t):
        return False
    if TITLECASE_COMPOUND.fullmatch(t):
        return False
    if not (_INNER_CAPS.search(t) or (_DIGIT.search(t) and _TWO_LETTERS.search(t))):
        return False
    m = _ACRONYM_WORDS.fullmatch(t)
    return _NOISE.search(t) is None and (m is None or m.group(1) in SIZES)


@lru_cache(maxsize=65536)
def coined_compound(t: str) -> bool:
    """A hyphenated compound of two or more capitalised words, not a derived modifier: a coined name
    when it stands in apposition to a contribution ("Tree-Query, a framework ...").

    >>> [coined_compound(t) for t in ("Tree-Query", "Prune-then-Merge", "High-level", "Task-Aware", "Tree")]
    [True, True, False, False, False]
    """
    parts = t.split("-")
    return (
        len(parts) > 1
        and sum(p[:1].isupper() for p in parts) >= 2
        and all(p.isalpha() for p in parts)
        and DERIVED_END.search(t) is None
    )


@lru_cache(maxsize=65536)
def derived(t: str) -> bool:
    """A hyphenated modifier ending in a derived word ("LLM-Guided", "Condition-Aware").

    >>> derived("Quantum-Computing-Aided"), derived("Image-to-Video")
    (True, False)
    """
    return bool(DERIVED_END.search(t))


@lru_cache(maxsize=65536)
def acronym_only(t: str) -> bool:
    """All-capital acronym (LLM, MEG): a name only when the text defines or introduces it."""
    return bool(_ACRONYM.fullmatch(t))


def task_head(phrase: str) -> bool:
    """Whether the last word of ``phrase`` names a research task (detection, generation, ...)."""
    words = phrase.lower().split()
    return bool(words) and words[-1].split("-")[-1] in TASK_HEADS


def is_name(t: str, known: set[str]) -> bool:
    return name_like(t) and key_of(t) not in known and not chemical(t)


@lru_cache(maxsize=65536)
def is_contribution(w: str) -> bool:
    """A noun naming a contribution: framework, benchmark, module, ... (plural folded)."""
    return w.lower().rstrip("s") in CONTRIBUTION


@lru_cache(maxsize=262144)
def name_candidate(t: str) -> bool:
    """A name-like token that is not an acronym or a chemical formula (cached)."""
    return name_like(t) and not acronym_only(t) and not chemical(t)


@lru_cache(maxsize=262144)
def pending_candidate(t: str) -> bool:
    """A token worth looking up among names proposed elsewhere in the build (cached)."""
    return len(t) > 2 and (acronym_only(t) or name_like(t))


@lru_cache(maxsize=262144)
def is_propose_or_naming(w: str) -> bool:
    return w.lower() in NAMING or is_propose(w)


@lru_cache(maxsize=65536)
def chemical(t: str) -> bool:
    """A chemical formula ("H2O", "CO2")."""
    return bool(_CHEM.fullmatch(t)) and len(t) <= 8


METHOD_CUE = re.compile(
    r"^(?:baselines?|compared|comparison|outperform\w*|against|planners|solvers|methods|models|algorithms|"
    r"approaches|techniques|architectures|backbones|LLMs)$",
    re.I,
)
METHOD_TRIGGERS = {"as", "including", "e.g.", "like", "(", "over", "than", "against", "to", "with"}


@lru_cache(maxsize=65536)
def is_task_head(text: str) -> bool:
    """A task noun on its own or as the last part of a hyphenated word ("super-resolution")."""
    w = text.lower()
    return w in TASK_HEADS or w.split("-")[-1] in TASK_HEADS


# the words around the parts of a proposal (kg.nlp.families): verbs saying that a proposed thing holds a
# part ("X incorporates a ... (ABC) module"), proposes one or employs one, and nouns naming the parts
# before a colon ("a two-part benchmark: VSR (...) and VSC (...)")
PART_HOLDS = {"incorporates", "integrates", "comprises", "includes", "introduces", "features", "combines"}
PART_PROPOSES = {"proposes", "presents", "introduces", "develops", "designs", "adds"}
PART_EMPLOYS = {
    "employs",
    "uses",
    "adopts",
    "utilizes",
    "leverages",
    "introduces",
    "incorporates",
    "integrates",
}
PART_NOUNS = {
    "parts", "components", "modules", "stages", "subsets", "splits", "tracks", "metrics", "tasks",
    "benchmark", "benchmarks", "suite",
}  # fmt: skip
