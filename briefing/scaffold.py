"""``briefing new``: commented skeletons of a glossary entry or an analyst note.

A skeleton is valid as written: required values are placeholders marked
``TODO`` (``briefing check`` warns about each until it is replaced), optional
fields are listed as comments, and a quote given on the command line is turned
into a selector that picks out exactly one span.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

import yaml

from .anchoring import Span, closest, find_all
from .annotate import selector_for
from .article import Article
from .corpus import build_corpus
from .loading import BriefingSource, Project, load_project
from .model import ENTRY_TYPES, LIKELIHOOD_TERMS, Entry, EntryBase, Selector
from .reanchor import selector_fields

_TYPES: dict[str, type[EntryBase]] = {
    get_args(cls.model_fields["type"].annotation)[0]: cls for cls in get_args(get_args(Entry)[0])
}
_PLACEHOLDERS: dict[tuple[str, str], str] = {
    ("element", "symbol"): "Xx  # TODO: chemical symbol, e.g. Dy",
    ("element", "atomic_number"): "1  # TODO: atomic number",
    ("element", "group"): "light  # TODO: light, medium or heavy rare earth",
    ("person", "role"): "'TODO: role as of the article''s date'",
    ("statistic", "value"): "'TODO: the figure, with its unit'",
}
_SOURCE = """\
sources:
- title: 'TODO: title of a source you relied on'
  # publisher: ..., date: YYYY-MM-DD and url: https://... when known
"""


class ScaffoldError(Exception):
    """The skeleton cannot be written; the message says why."""


def scalar(value: str) -> str:
    """``value`` as a YAML scalar on one line, quoted only when it must be."""
    text = yaml.safe_dump(value, allow_unicode=True, width=1_000_000)
    return text.removesuffix("\n").removesuffix("\n...")


def field(name: str, value: str, note: str = "", indent: str = "") -> str:
    """One line of a skeleton, ``name: value``, with its ``note`` as a comment after it;
    ``value`` already YAML (see :func:`scalar`), empty for a mapping or list that follows."""
    return f"{indent}{name}:{' ' + value if value else ''}{'  # ' + note if note else ''}\n"


def commented(name: str, value: str = "", note: str = "") -> str:
    """An optional field shown as a comment, with an example ``value`` or a ``note``:
    the contributor uncomments it when it applies."""
    return "# " + field(name, value, note)


def schema_line(path: Path, seeds: Path, schema: str) -> str:
    """The editor's schema comment; paths count from the folder that holds ``seeds``."""
    depth = len(path.relative_to(seeds).parts)
    return f"# yaml-language-server: $schema={'../' * depth}briefing/schemas/{schema}.schema.json\n"


@dataclass(frozen=True)
class Picked:
    selector: Selector
    span: Span
    others: tuple[Span, ...]
    """The other places the quote occurs, told apart by the selector's context."""


def pick(article: Article, quote: str, occurrence: int | None = None) -> Picked:
    """The selector for ``quote`` (its ``occurrence``-th match, or the first)."""
    spans = find_all(article, quote)
    if not spans:
        near = closest(article, quote)
        hint = f"; closest text in paragraph {near[0].number}: “{near[1]}”" if near else ""
        raise ScaffoldError(f"quote “{quote}” is not in the article{hint}")
    n = occurrence or 1
    if n > len(spans):
        raise ScaffoldError(f"--occurrence {n} asked for, but the quote occurs {len(spans)} time(s)")
    span = spans[n - 1]
    selector = selector_for(article, span.start, span.end)
    return Picked(selector, span, tuple(s for s in spans if s != span))


def _selector_lines(selector: Selector, indent: str) -> str:
    lines = []
    for key in ("quote", "prefix", "suffix", "occurrence"):
        value = getattr(selector, key)
        if value is not None:
            lines.append(f"{key}: {value if isinstance(value, int) else scalar(value)}")
    return "".join(f"{indent if i else ''}{line}\n" for i, line in enumerate(lines))


def _type_fields(entry_type: str, today: dt.date) -> str:
    cls = _TYPES[entry_type]
    out = []
    for name, info in cls.model_fields.items():
        if name in EntryBase.model_fields or name == "type":
            continue
        if not info.is_required():
            out.append(commented(name, note=info.description or ""))
        elif (entry_type, name) in _PLACEHOLDERS:
            out.append(field(name, _PLACEHOLDERS[entry_type, name]))
        elif info.annotation is dt.date:
            out.append(field(name, today.isoformat(), "TODO: the real date"))
        else:
            out.append(field(name, scalar("TODO")))
    return "".join(out)


def entry_text(
    seeds: Path,
    entry_type: str,
    entry_id: str,
    *,
    title: str | None = None,
    mention: tuple[str, Selector] | None = None,
    today: dt.date,
) -> str:
    if entry_type not in ENTRY_TYPES:
        raise ScaffoldError(f"unknown type `{entry_type}`; use one of: {', '.join(ENTRY_TYPES)}")
    path = entry_path(seeds, entry_type, entry_id)
    if mention is None:
        mentions = (
            commented("mentions", note="the phrases of each briefing's article that refer to this entry")
            + "#   <briefing-id>:\n"
            + "#   - quote: exact words copied from the article\n"
        )
    else:
        briefing, selector = mention
        mentions = f"mentions:\n  {briefing}:\n  - {_selector_lines(selector, '    ')}"
    return (
        schema_line(path, seeds, "entry")
        + field("id", entry_id)
        + field("type", entry_type)
        + field("title", scalar(title or "TODO: the name readers know it by"))
        + field("aliases", "[]", "other names and spellings used in articles, one per line")
        + _type_fields(entry_type, today)
        + field("summary", scalar("TODO: one line shown in previews, at most 200 characters"))
        + "body: |\n  TODO: the full explanation, in restricted Markdown (emphasis, links, lists).\n"
        + _SOURCE
        + commented("wikidata", "Q...", "the Wikidata item, if there is one")
        + mentions
    )


def note_text(
    seeds: Path,
    briefing: str,
    note_id: str,
    *,
    kind: str,
    author: str | None,
    today: dt.date,
    selector: Selector | None,
) -> str:
    judged = kind in ("assessment", "key-judgment")
    if selector is None and kind != "key-judgment":
        raise ScaffoldError(f"a {kind} note is about a passage: give its exact words with --quote")
    path = note_path(seeds, briefing, note_id)
    lines = [
        schema_line(path, seeds, "note"),
        field("kind", kind),
        field("title", scalar("TODO: a short title")),
        field("author", scalar(author or "TODO: your name or desk")),
        field("date", today.isoformat()),
    ]
    if judged:
        lines.append(field("confidence", "moderate", "TODO: low, moderate or high"))
        lines.append(_likelihood_line(kind))
        lines.append(commented("as_of", "YYYY-MM-DD", "the date of the evidence, if older than `date`"))
        lines.append(commented("horizon", "YYYY-MM-DD", "the date by which the judgment can be judged"))
    if selector is not None:
        lines.append(f"target:\n  {_selector_lines(selector, '  ')}")
    what = "the judgment" if judged else "what the reader should know"
    lines.append(f"body: |\n  TODO: {what}, in restricted Markdown.\n")
    lines.append(_SOURCE)
    if judged:
        lines.append(_INDICATORS)
    lines.append(commented("entries", note="ids of related glossary entries, one per line"))
    return "".join(lines)


_INDICATORS = (
    "indicators:  # two or three signposts that would change the likelihood\n"
    "- signpost: 'TODO: something readers could observe'\n"
    "  direction: raises  # or lowers\n"
    "  # by: YYYY-MM-DD  # the end of its window, between as_of and horizon\n"
    "- signpost: 'TODO: something readers could observe'\n"
    "  direction: lowers  # or raises\n"
)


def _likelihood_line(kind: str) -> str:
    """Key judgments state the likelihood of their claim; assessments only when they judge one."""
    terms = ", ".join(LIKELIHOOD_TERMS)
    if kind == "key-judgment":
        return field("likelihood", "likely", f"TODO: {terms}")
    return commented("likelihood", note=f"only when the judgment states a probability: {terms}")


def entry_path(seeds: Path, entry_type: str, entry_id: str) -> Path:
    return seeds / "glossary" / entry_type / f"{entry_id}.yaml"


def note_path(seeds: Path, briefing: str, note_id: str) -> Path:
    return seeds / "briefings" / briefing / "notes" / f"{note_id}.yaml"


def write_new(path: Path, text: str) -> None:
    """Create ``path`` with ``text``; never overwrite."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{path} already exists; nothing written") from None


def _load(seeds: Path) -> Project:
    if not seeds.is_dir():
        raise ScaffoldError(f"seeds folder `{seeds}` not found; run from the project root or pass --seeds")
    project, _ = load_project(seeds)
    return project


def _briefing(project: Project, briefing: str | None) -> BriefingSource:
    if briefing is None:
        if len(project.briefings) != 1:
            known = ", ".join(sorted(project.briefings)) or "none"
            raise ScaffoldError(f"say which briefing with --briefing (known: {known})")
        return next(iter(project.briefings.values()))
    if briefing not in project.briefings:
        known = ", ".join(sorted(project.briefings)) or "none"
        raise ScaffoldError(f"briefing `{briefing}` does not exist (known: {known})")
    return project.briefings[briefing]


def _told_apart(picked: Picked) -> list[str]:
    if not picked.others:
        return []
    where = ", ".join(str(s.block) for s in picked.others)
    return [
        f"the quote also occurs in paragraph(s) {where}; took the one in paragraph "
        f"{picked.span.block}, told apart by {selector_fields(picked.selector)} "
        "(use --occurrence N for another)"
    ]


def new_entry(
    seeds: Path,
    entry_type: str,
    entry_id: str,
    *,
    title: str | None,
    briefing: str | None,
    quote: str | None,
    occurrence: int | None,
    today: dt.date,
) -> tuple[Path, list[str]]:
    """Write an entry skeleton; return its path and notes for the user."""
    project = _load(seeds)
    if entry_id in project.entries:
        raise ScaffoldError(f"entry `{entry_id}` already exists at {project.entries[entry_id].at('id')}")
    if entry_id in project.invalid_entries:
        raise ScaffoldError(f"entry `{entry_id}` already exists (and has errors: see `briefing check`)")
    notes: list[str] = []
    mention = None
    if quote is not None:
        source = _briefing(project, briefing)
        picked = pick(source.article, quote, occurrence)
        corpus, _ = build_corpus(project)
        for other in corpus.briefings[source.meta.record.id].mentions:
            if other.span.overlaps(picked.span):
                raise ScaffoldError(
                    f"“{quote}” overlaps the mention of `{other.entry}` at {other.location}; "
                    "mentions may not overlap, so quote other words"
                )
        mention = (source.meta.record.id, picked.selector)
        notes += _told_apart(picked)
    path = entry_path(seeds, entry_type, entry_id)
    write_new(path, entry_text(seeds, entry_type, entry_id, title=title, mention=mention, today=today))
    return path, notes


def new_note(
    seeds: Path,
    note_id: str,
    *,
    kind: str,
    briefing: str | None,
    quote: str | None,
    occurrence: int | None,
    author: str | None,
    today: dt.date,
) -> tuple[Path, list[str]]:
    """Write a note skeleton; return its path and notes for the user.

    The selector comes from :func:`briefing.annotate.selector_for`, as for
    ``mention add`` and the annotation panel of ``serve``.
    """
    project = _load(seeds)
    source = _briefing(project, briefing)
    notes: list[str] = []
    selector = None
    if quote is not None:
        picked = pick(source.article, quote, occurrence)
        selector = picked.selector
        notes += _told_apart(picked)
    briefing_id = source.meta.record.id
    text = note_text(seeds, briefing_id, note_id, kind=kind, author=author, today=today, selector=selector)
    path = note_path(seeds, briefing_id, note_id)
    write_new(path, text)
    return path, notes
