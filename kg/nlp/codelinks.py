"""Links to code, models, data and project pages in a record's text (the ``repos`` of a paper).

Abstracts copied from PDFs or digests often break a URL: a space after ``https://``, a line break
after a dot or a slash (``https://github. com/a/b``, ``https://huggingface.co/ org/name``), LaTeX
escapes (``mistral\\_merged``). :func:`find_links` repairs those before it reads the URLs and drops
trailing punctuation. A link counts when its host serves code, models or data (GitHub, Hugging Face,
Zenodo, ..., project pages on ``*.github.io``), or when the words just before it say that it holds
code, data or the project's page ("Code: https://lab.example.edu/tool"), or when its host names a
port ("http://lab.example.edu:8080": a service the authors run, such as a demo or a platform).

Examples
--------
>>> find_links("Code is at https://github. com/a/b-c. Project page: https:// x.github.io/ Page/.")
['https://github.com/a/b-c', 'https://x.github.io/Page/']
>>> find_links("Data: https://lab.example.edu/set. See https://arxiv.org/abs/1 and https://example.com/x")
['https://lab.example.edu/set']
>>> find_links("It runs at http://lab-1.cs.example.edu:5550. Read https://example.com:443/post too.")
['http://lab-1.cs.example.edu:5550']
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

CODE_HOSTS = (
    "github.com",
    "gitlab.com",
    "huggingface.co",
    "hf.co",
    "hf.space",
    "bitbucket.org",
    "codeberg.org",
    "github.io",
    "gitlab.io",
    "4open.science",
    "zenodo.org",
    "figshare.com",
    "osf.io",
    "kaggle.com",
    "gitee.com",
    "sourceforge.net",
    "modelscope.cn",
    "codeocean.com",
)
# hosts whose bare domain is itself a project page ("https://name.github.io")
PAGE_HOSTS = ("github.io", "gitlab.io", "hf.space", "netlify.app", "vercel.app", "pages.dev")
# forges whose links name owner/name: a link with fewer path parts continues after a break
FORGES = {"github.com": 2, "gitlab.com": 2, "huggingface.co": 2, "gitee.com": 2, "bitbucket.org": 2}
# never code or data, whatever the context says
NOT_CODE = (
    "arxiv.org",
    "youtube.com",
    "youtu.be",
    "vimeo.com",
    "bilibili.com",
    "twitter.com",
    "x.com",
    "linkedin.com",
    "wikipedia.org",
    "creativecommons.org",
)
# words before a link (same sentence, a few words back) saying it holds code or data ...
_CUE = re.compile(
    r"\b(?:code|codes|codebase|source|implementations?|repository|repo|software|package|toolkit|library|"
    r"data|dataset|datasets|benchmarks?|corpus|leaderboards?|models?|weights|checkpoints|resources|github)\b",
    re.I,
)
# ... or the project's page, unless it holds demos or samples only
_PAGE_CUE = re.compile(
    r"\b(?:project|website|webpage|homepage|page|site|available|released|open-sourced?)\b", re.I
)
_NOT_CUE = re.compile(r"\b(?:demos?|samples|videos?|audio|examples|visuali[sz]ations)\b", re.I)
# a lone word after "https://github.com/owner/ " that ends the sentence rather than the link
_ENDERS = {"soon", "and", "or", "the", "for", "to", "with", "upon", "after", "once", "in", "on", "at", "as"}
# top-level domains that may follow a break after a dot ("https://github. com/...")
_TLDS = {"com", "org", "io", "net", "ai", "co", "edu", "dev", "app", "science", "de", "cn", "uk", "fr"}
# where a link starts: a scheme, "www.", or a bare forge or project-page host
_START_TEXT = (
    r"https?\s*:\s*/\s*/\s*|www\.|(?:github\.com|gitlab\.com|huggingface\.co)/|(?<=\.)(?:github|gitlab)\.io\b"
)
_START = re.compile(_START_TEXT)  # searched in the lower-case text (same offsets)
_START_I = re.compile(_START_TEXT, re.I)  # for texts whose lower-case form differs in length
_PORT = re.compile(r"\.[a-z]{2,}:(\d{2,5})$")  # "lab.example.edu:5550": a host that names a port
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
_GAP = re.compile(r"[ \t]*\n?[ \t]*")
_BODY = re.compile(r"[^\s<>\"'\]\)}]*")
_SCHEME = re.compile(r"^(https?)\s*:\s*/\s*/\s*", re.I)
_LATEX_ESCAPE = re.compile(r"\\([_%&#~])")
_TRAIL = re.compile(r"[.,;:!?*\\]+$")
_HOST_PART = re.compile(r"\.?[A-Za-z][\w-]*(?:\.[\w-]+)*(?=[/\s.,;:)]|$)")
_SEGMENT = re.compile(r"[\w.~%+\\-]+(?:/[^\s<>\"'\]\)}]*)?")


def _parts(url: str) -> tuple[str, str]:
    rest = url.split("://", 1)[-1]
    host, _, path = rest.partition("/")
    return host.lower().removeprefix("www."), path


def _continues(url: str, nxt: str) -> bool:
    """Whether ``nxt`` (the text after a single break) continues the link ``url``."""
    host, path = _parts(url)
    if "/" not in url.split("://", 1)[-1]:  # still in the host
        if not host:
            return True  # "https:// name.github.io"
        m = _HOST_PART.match(nxt)
        if m is None or not (host.endswith(".") or nxt.startswith(".")):
            return False
        part = m.group(0).lstrip(".")
        return "." in part or nxt[m.end() : m.end() + 1] == "/" or part in _TLDS
    if url.endswith(("-", "_")):
        return bool(re.match(r"\w", nxt))  # a name hyphenated at a line break
    if not url.endswith("/") or not _SEGMENT.match(nxt):
        return False
    if re.match(r"[\w.~%+\\-]+/", nxt):
        return True  # "https://x.github.io/ Name/"
    need = FORGES.get(host, 0)
    word = _TRAIL.sub("", nxt)
    # "https://github.com/owner/ name"
    return len([p for p in path.split("/") if p]) < need and word.lower() not in _ENDERS


def _on(host: str, domains: tuple[str, ...]) -> bool:
    """Whether ``host`` is one of ``domains`` or a sub-domain of one."""
    return any(host == d or host.endswith("." + d) for d in domains)


def _is_link(url: str, before: str) -> bool:
    host, path = _parts(url)
    if not host or "." not in host:
        return False
    if _on(host, NOT_CODE):
        return False
    if _on(host, CODE_HOSTS):
        return bool(path.strip("/")) or _on(host, PAGE_HOSTS)
    if _on(host, PAGE_HOSTS):
        return True
    port = _PORT.search(host)
    if port is not None and port.group(1) not in ("80", "443"):
        return True  # "http://lab.example.edu:5550": a service the authors run (a demo, a platform)
    if host == "doi.org":
        return path.startswith(("10.5281/", "10.6084/"))  # Zenodo and figshare records
    return _CUE.search(before) is not None or (
        _PAGE_CUE.search(before) is not None and _NOT_CUE.search(before) is None
    )


def find_links(text: str) -> list[str]:
    """The code/model/data/project-page URLs of ``text``, repaired, in order, without duplicates."""
    return [url for url, _, _ in find_link_spans(text)]


def find_link_spans(text: str) -> list[tuple[str, int, int]]:
    """``(url, start, end)`` of each link of :func:`find_links` (offsets of its text, breaks included)."""
    if not text:
        return []
    out: list[tuple[str, int, int]] = []
    seen: set[str] = set()
    pos = 0
    if not (
        "http" in text
        or "www." in text
        or "github" in text
        or "HTTP" in text
        or "gitlab" in text
        or "huggingface" in text
        or "GitHub" in text
    ):
        return out
    low = text.lower()
    start_re = _START if len(low) == len(text) else _START_I
    if start_re is _START_I:
        low = text
    while True:
        m = start_re.search(low, pos)
        if m is None:
            break
        start, end = m.start(), m.end()
        if m.group(0)[-3:].lower() == ".io":  # "name.github.io": the host starts before the match
            while start > pos and text[start - 1] in _HOST_CHARS:
                start -= 1
            end = start
        bare = m.group(0)[:1] in "gGhH" and m.group(0)[:4].lower() != "http"
        if bare and start > 0 and (text[start - 1] in "@./-" or text[start - 1].isalnum()):
            pos = m.end()
            continue  # part of an e-mail address or of a longer host
        if start == end:
            url = ""
        else:
            url = (
                _SCHEME.sub(lambda g: g.group(1).lower() + "://", m.group(0))
                if "/" in m.group(0)
                else m.group(0)
            )
        body = _BODY.match(text, end)
        url += body.group(0) if body else ""
        end = body.end() if body else end
        for _ in range(3):  # at most three breaks in one link
            gap = _GAP.match(text, end)
            skip = gap.end() - end if gap else 0
            if not 0 < skip <= 3:
                break
            nxt = _BODY.match(text, end + skip)
            chunk = nxt.group(0) if nxt else ""
            if not chunk or not _continues(url, chunk):
                break
            url += chunk
            end = end + skip + len(chunk)
        pos = max(end, start + 1)
        url = _TRAIL.sub("", _LATEX_ESCAPE.sub(r"\1", url))
        if "://" not in url:
            url = "https://" + url
        sent_start = max(text.rfind(". ", 0, start), text.rfind("\n\n", 0, start), start - 90)
        if _is_link(url, text[max(0, sent_start) : start]) and url not in seen:
            seen.add(url)
            out.append((url, start, end))
    return out


def link_host(url: str) -> str:
    """The lower-case host of ``url`` without ``www.``.

    >>> link_host("https://www.GitHub.com/a/b")
    'github.com'
    """
    return (urlparse(url).hostname or "").lower().removeprefix("www.")
