"""HTML documents from Jinja2 templates: the files under `templates/` (quotes, letters' layout) and
the firm-editable letter templates, which run in a sandbox with undefined variables refused.

The PDF itself is made at the edge (ports.DocumentRenderer); this module only produces HTML.
"""

from functools import cache, lru_cache
from pathlib import Path

import re

from jinja2 import (Environment, FileSystemLoader, StrictUndefined, Template, TemplateError, TemplateSyntaxError,
                    UndefinedError, select_autoescape)
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from domain import formatting
from domain.errors import InvalidInput

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "templates"

FILTERS = {
    "eur": formatting.eur_cents,  # integer cents → "1 234,56 €"
    "day": formatting.day,  # date → "22/11/2026"
    "month": formatting.month,  # date → "novembre 2026"
    "hours": formatting.hours,  # minutes → "28,5 h"
}


def _with_filters(env: Environment) -> Environment:
    env.filters.update(FILTERS)
    return env


@cache
def _files() -> Environment:
    return _with_filters(Environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=select_autoescape(["html"]),
                                     undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True))


@cache
def _sandbox() -> SandboxedEnvironment:
    return _with_filters(SandboxedEnvironment(autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                                              lstrip_blocks=True))


def render_file(name: str, **context: object) -> str:
    """A template shipped with EEXPI, e.g. render_file("quotes/quote.html", quote=…)."""
    return _files().get_template(name).render(**context)


@lru_cache(maxsize=16)
def _compiled(source: str) -> Template:
    # Compiling a full engagement letter costs about 0.1 s; a letter is rendered at creation, on each
    # preview and when put up for signature, so compiled templates are kept per distinct text.
    return _sandbox().from_string(source)


def render_source(source: str, **context: object) -> str:
    """A template typed by an administrator; a mistake becomes a French error, never a stack trace."""
    try:
        return _compiled(source).render(**context)
    except TemplateError as err:
        raise InvalidInput(f"Le modèle contient une erreur : {_french(err)}") from err


def _french(err: TemplateError) -> str:
    if isinstance(err, UndefinedError):
        name = re.search(r"'([^']+)' (?:is undefined|has no attribute '([^']+)')", err.message or "")
        if name:
            return f"la variable « {name.group(2) or name.group(1)} » n'existe pas (voir la liste des variables)."
        return "une variable utilisée n'existe pas (voir la liste des variables)."
    if isinstance(err, SecurityError):
        return "cette expression n'est pas autorisée dans un modèle."
    if isinstance(err, TemplateSyntaxError):
        return f"syntaxe invalide à la ligne {err.lineno} ({err.message})."
    return str(err.message or err)
