"""Cypher recipes: the ``queries/*.cypher`` files, their headers, parameters and how to run them.

A recipe file starts with a header of ``//`` comment lines::

    // top-authors: Authors ranked by their number of papers
    // @param limit 20 How many authors to return
    // @param author required Author key or exact name
    // @example kg query top-authors -p limit=10

The first line is ``name: description``; each ``@param`` gives a name, a default (a JSON literal,
or ``required``) and a description; ``@example`` shows a call. The query follows, written in
Neo4j 5 Cypher (the FalkorDB form is made by :func:`kg.store.dialect.adapt`). Parameters always
travel as query parameters, typed like their defaults.

Examples
--------
>>> r = get("top-authors")
>>> r.params["limit"].default, r.description
(20, 'Authors ranked by their number of papers')
>>> r.bind({"limit": "5"})
{'limit': 5}
>>> get("coauthors").bind({})
Traceback (most recent call last):
...
kg.errors.RecipeError: recipe coauthors needs parameter 'author' (Author key (author:…) or exact name)
>>> get("top-authors").bind({"limt": "5"})
Traceback (most recent call last):
...
kg.errors.RecipeError: recipe top-authors has no parameter 'limt' (it takes: limit)
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from kg.errors import RecipeError

_REQUIRED = object()
_HEAD = re.compile(r"^//\s*(?P<name>[a-z0-9][a-z0-9-]*)\s*:\s*(?P<desc>.+)$")
_PARAM = re.compile(r'^//\s*@param\s+(?P<name>\w+)\s+(?P<default>"(?:[^"\\]|\\.)*"|\S+)\s*(?P<desc>.*)$')
_EXAMPLE = re.compile(r"^//\s*@example\s+(?P<ex>.+)$")
_USED = re.compile(r"\$(\w+)")


def queries_dir() -> Path:
    """Where the recipes are: ``kg/_assets/queries`` in an installed wheel, else ``queries/`` of the repo."""
    pkg = Path(__file__).resolve().parent.parent
    for cand in (pkg / "_assets" / "queries", pkg.parent / "queries"):
        if cand.is_dir():
            return cand
    raise RecipeError("the recipe folder (queries/) is missing from this installation")


@dataclass(frozen=True)
class Param:
    """One recipe parameter."""

    name: str
    default: Any  # _REQUIRED when there is none
    description: str = ""

    @property
    def required(self) -> bool:
        return self.default is _REQUIRED

    def convert(self, text: str, recipe: str) -> Any:
        """Turn a command-line string into the parameter's type (that of its default)."""
        kind = type(self.default)
        try:
            if kind is bool:
                if text.lower() not in ("true", "false", "1", "0", "yes", "no"):
                    raise ValueError(text)
                return text.lower() in ("true", "1", "yes")
            if kind is int:
                return int(text)
            if kind is float:
                return float(text)
        except ValueError:
            raise RecipeError(
                f"recipe {recipe}: parameter {self.name!r} must be a {kind.__name__}, got {text!r}"
            ) from None
        return text


@dataclass(frozen=True)
class Recipe:
    """One parsed recipe file."""

    name: str
    description: str
    query: str
    path: Path
    params: dict[str, Param] = field(default_factory=dict)
    examples: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The whole file (header and query), as shown in Neo4j Browser favourites."""
        return self.path.read_text(encoding="utf-8")

    def bind(self, values: dict[str, Any]) -> dict[str, Any]:
        """Parameters for a run: defaults, overridden by ``values`` (strings are converted)."""
        out: dict[str, Any] = {}
        for key, value in values.items():
            if key not in self.params:
                known = ", ".join(self.params) or "no parameters"
                raise RecipeError(f"recipe {self.name} has no parameter {key!r} (it takes: {known})")
            p = self.params[key]
            out[key] = p.convert(value, self.name) if isinstance(value, str) else value
        for p in self.params.values():
            if p.name not in out:
                if p.required:
                    raise RecipeError(f"recipe {self.name} needs parameter {p.name!r} ({p.description})")
                out[p.name] = p.default
        return out

    def browser_params(self) -> str:
        """``:param`` lines for Neo4j Browser with the defaults (``null`` for required ones)."""
        lines = []
        for p in self.params.values():
            value = "null" if p.required else json.dumps(p.default, ensure_ascii=False)
            lines.append(f":param {p.name} => {value}")
        return "\n".join(lines)


def parse(path: Path) -> Recipe:
    """Parse one recipe file; raise RecipeError (with the file and line) when the header is wrong."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or not (head := _HEAD.match(lines[0].strip())):
        raise RecipeError("first line must be '// name: description'", path=str(path), line=1)
    if head["name"] != path.stem:
        raise RecipeError(f"recipe name {head['name']!r} differs from the file name", path=str(path), line=1)
    params: dict[str, Param] = {}
    examples: list[str] = []
    body_start = len(lines)
    for i, raw in enumerate(lines[1:], start=2):
        line = raw.strip()
        if not line.startswith("//"):
            body_start = i - 1
            break
        if mt := _PARAM.match(line):
            try:
                default = _REQUIRED if mt["default"] == "required" else json.loads(mt["default"])
            except ValueError:
                raise RecipeError(f"bad default {mt['default']!r}", path=str(path), line=i) from None
            params[mt["name"]] = Param(mt["name"], default, mt["desc"].strip())
        elif mt := _EXAMPLE.match(line):
            examples.append(mt["ex"].strip())
        else:
            raise RecipeError("header lines must be '// @param …' or '// @example …'", path=str(path), line=i)
    query = "\n".join(lines[body_start:]).strip()
    if not query:
        raise RecipeError("the recipe has no query", path=str(path))
    used = set(_USED.findall(query))
    if used != set(params):
        raise RecipeError(
            f"parameters used {sorted(used)} differ from those declared {sorted(params)}", path=str(path)
        )
    return Recipe(head["name"], head["desc"].strip(), query, path, params, tuple(examples))


@cache
def _load(folder: Path) -> dict[str, Recipe]:
    return {r.name: r for r in (parse(p) for p in sorted(folder.glob("*.cypher")))}


def all_recipes(folder: Path | None = None) -> dict[str, Recipe]:
    """Every recipe by name (sorted)."""
    return _load((folder or queries_dir()).resolve())


def get(name: str, folder: Path | None = None) -> Recipe:
    """The recipe called ``name``; RecipeError listing close names when there is none."""
    recipes = all_recipes(folder)
    if name not in recipes:
        near = [n for n in recipes if name in n or n in name][:5]
        hint = f" (did you mean: {', '.join(near)}?)" if near else " (see `kg recipes`)"
        raise RecipeError(f"no recipe named {name!r}{hint}")
    return recipes[name]


def export_browser(path: Path, folder: Path | None = None) -> Path:
    """Write all recipes as one file for Neo4j Browser favourites.

    ``.zip``: one ``.cypher`` per recipe (Browser makes a favourites folder of them); any other
    name: one ``.cypher`` file with every recipe, separated by ``;``.
    """
    recipes = all_recipes(folder)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".zip":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for r in recipes.values():
                zf.writestr(f"paperkg/{r.name}.cypher", r.text)
        path.write_bytes(buf.getvalue())
    else:
        path.write_text(";\n\n".join(r.text.strip() for r in recipes.values()) + ";\n", encoding="utf-8")
    return path
