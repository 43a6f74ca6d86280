"""Export every anchored annotation: W3C Web Annotation JSON-LD, or our own JSON.

The JSON-LD is one ``AnnotationCollection`` whose single embedded
``AnnotationPage`` holds one ``Annotation`` per mention and per analyst note,
in a fixed order (briefing, then position in the article), so the same input
always gives the same bytes.

Addresses. The site has no fixed address, so every IRI is ``BASE`` followed
by the path of the resource in the built site: the export itself is
``BASE/annotations.jsonld``, entry pages ``BASE/glossary/<entry>.html``,
briefing pages ``BASE/briefings/<briefing>.html`` and the article text, copied
byte for byte, ``BASE/briefings/<briefing>.txt``. Annotations are fragments of
the export, ``BASE/annotations.jsonld#<briefing>/mentions/<mention>`` and
``.../notes/<note>``, built from ids contributors choose, so they are stable
across builds. When the site is published at ``BASE`` every IRI but the
annotation ids resolves.

Positions. A ``TextPositionSelector`` counts Unicode code points of the
article text as the published ``.txt`` file decodes (UTF-8), which is how the
model defines it for plain text: the first character is position 0, ``start``
is included and ``end`` is not. Our anchoring offsets are indices into the
decoded file, so they are code points already; nothing is normalised (a
CR LF line break counts as two characters). The one difference is a leading
byte-order mark, which decoders drop, so positions are then shifted by one.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from . import __version__, contract, core
from .anchoring import Span
from .article import Article
from .contract import EXPORT_FILE
from .corpus import Briefing, Corpus, ResolvedMention, ResolvedNote
from .diagnostics import json_text
from .judgments import state
from .model import VERDICTS, Note, Source
from .records import briefing_data

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
DEFAULT_BASE_URL = core.DEFAULT_BASE_URL
FORMATS = core.EXPORT_FORMATS
base_url = core.base_url
"""File name of the JSON-LD export, at the root of the built site."""
CONTEXT_CHARS = 32
"""Characters of text kept before and after each quote (``prefix`` / ``suffix``)."""

# What each note kind does to its span, in the model's motivations (§3.3.5).
# Fact checks, assessments and key judgments weigh the text ("assessing"),
# context notes comment on it, questions ask about it.
NOTE_MOTIVATIONS: dict[str, str] = {
    "context": "commenting",
    "fact-check": "assessing",
    "assessment": "assessing",
    "key-judgment": "assessing",
    "question": "questioning",
}
# A mention says "this span names the thing glossary entry X explains". The
# model defines "identifying" as identifying what is described in the target,
# with the body giving that identity: here the entry (and its Wikidata item).
# "linking" would only say the entry is related, "tagging" that it is a label.
MENTION_MOTIVATION = "identifying"


@dataclass(frozen=True)
class SiteIRIs:
    """IRIs of the site's resources under one base."""

    base: str
    """An absolute IRI prefix, as returned by :func:`base_url`."""

    def of(self, path: str) -> str:
        return self.base + path

    @property
    def export(self) -> str:
        return self.of(EXPORT_FILE)

    def entry(self, entry_id: str) -> str:
        return contract.page_url(self.base, contract.entry_page(entry_id))

    def briefing(self, briefing_id: str) -> str:
        return contract.page_url(self.base, f"{contract.BRIEFINGS}/{briefing_id}")

    def article(self, briefing_id: str) -> str:
        return self.of(article_path(briefing_id))

    def annotation(self, briefing_id: str, path: str) -> str:
        """``path`` is ``mentions/<id>`` or ``notes/<id>``."""
        return f"{self.export}#{briefing_id}/{path}"


def article_path(briefing_id: str) -> str:
    """Where the build publishes the article text, relative to the site root."""
    return f"{contract.BRIEFINGS}/{briefing_id}.txt"


def generated_at(corpus: Corpus) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set, else the newest date in the data (00:00 UTC): never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    dates = [b.meta.published for b in corpus.briefings.values()]
    dates += [n.note.date for b in corpus.briefings.values() for n in b.notes]
    return _midnight(max(dates, default=dt.date(1970, 1, 1)))


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), dt.UTC)


def _timestamp(moment: dt.datetime) -> str:
    """RFC 3339 with an explicit offset, as the model's ``created`` requires."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def text_selectors(article: Article, span: Span) -> list[dict[str, Any]]:
    """A TextQuoteSelector and a TextPositionSelector for ``span`` (see the module docstring)."""
    text = article.text
    skip = 1 if text.startswith("\ufeff") else 0
    quote: dict[str, Any] = {"type": "TextQuoteSelector", "exact": text[span.start : span.end]}
    prefix = text[max(skip, span.start - CONTEXT_CHARS) : span.start]
    suffix = text[span.end : span.end + CONTEXT_CHARS]
    if prefix:
        quote["prefix"] = prefix
    if suffix:
        quote["suffix"] = suffix
    position = {"type": "TextPositionSelector", "start": span.start - skip, "end": span.end - skip}
    return [quote, position]


class _Exporter:
    def __init__(self, corpus: Corpus, iris: SiteIRIs, generated: dt.datetime) -> None:
        self.corpus = corpus
        self.iris = iris
        self.generator = {"type": "Software", "name": f"briefing {__version__}"}
        self.generated = _timestamp(generated)

    def target(self, briefing: Briefing, span: Span | None) -> dict[str, Any]:
        meta = briefing.meta
        target: dict[str, Any] = {
            "type": "SpecificResource",
            "source": {
                "id": self.iris.article(meta.id),
                "type": "Text",
                "format": "text/plain",
                "language": meta.language,
                "label": meta.title,
            },
            "scope": self.iris.briefing(meta.id),
        }
        if span is not None:  # else the whole article: key judgments
            target["selector"] = text_selectors(briefing.article, span)
        return target

    def annotation(
        self,
        briefing: Briefing,
        path: str,
        motivation: str,
        span: Span | None,
        body: list[Any],
        about: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """An Annotation; ``about`` holds its label, creator and creation date when it has them."""
        return {
            "@context": ANNO_CONTEXT,
            "id": self.iris.annotation(briefing.id, path),
            "type": "Annotation",
            "motivation": motivation,
            **(about or {}),
            "generator": self.generator,
            "generated": self.generated,
            "body": body,
            "target": self.target(briefing, span),
        }

    def mention(self, briefing: Briefing, mention: ResolvedMention) -> dict[str, Any]:
        entry = self.corpus.entries[mention.entry]
        body: list[Any] = [
            {"id": self.iris.entry(entry.id), "type": "Text", "format": "text/html", "label": entry.title}
        ]
        if entry.wikidata:
            body.append({"id": f"http://www.wikidata.org/entity/{entry.wikidata}", "label": entry.title})
        body.append(
            {"type": "TextualBody", "purpose": "describing", "value": entry.summary, "format": "text/plain"}
        )
        return self.annotation(briefing, f"mentions/{mention.id}", MENTION_MOTIVATION, mention.span, body)

    def note(self, briefing: Briefing, resolved: ResolvedNote) -> dict[str, Any]:
        note = resolved.note
        about: dict[str, Any] = {"label": note.title} if note.title else {}
        about |= {"creator": {"name": note.author}, "created": _timestamp(_midnight(note.date))}
        body: list[Any] = [
            {
                "type": "TextualBody",
                "value": note.body,
                "format": "text/markdown",  # the restricted Markdown of docs/format.md
                "language": briefing.meta.language,  # as the PDF brief declares it
            },
            _tag(note.kind),
        ]
        if note.likelihood:
            body.append(_tag(f"likelihood: {note.likelihood}"))
        if note.confidence:
            body.append(_tag(f"confidence: {note.confidence}"))
        for entry_id in note.entries:  # semantic tags: the entries the note is about
            body.append(
                {"type": "SpecificResource", "purpose": "tagging", "source": self.iris.entry(entry_id)}
            )
        body += [_source(s) for s in note.sources]
        body += _tradecraft_bodies(note)
        body += _judgment_bodies(note)
        motivation = NOTE_MOTIVATIONS[note.kind]
        return self.annotation(briefing, f"notes/{resolved.id}", motivation, resolved.span, body, about)

    def items(self, briefing: Briefing) -> Iterator[dict[str, Any]]:
        ordered: list[tuple[tuple[int, int, int, str], dict[str, Any]]] = []
        for mention in briefing.mentions:
            ordered.append(
                ((mention.span.start, mention.span.end, 0, mention.id), self.mention(briefing, mention))
            )
        for note in briefing.notes:
            start, end = (note.span.start, note.span.end) if note.span else (-1, -1)
            ordered.append(((start, end, 1, note.id), self.note(briefing, note)))
        for _, item in sorted(ordered, key=lambda pair: pair[0]):
            yield item


def _tag(value: str) -> dict[str, Any]:
    return {"type": "TextualBody", "purpose": "tagging", "value": value, "format": "text/plain"}


def _citation(source: Source) -> str:
    parts = [source.title]
    if source.publisher:
        parts.append(source.publisher)
    if source.date:
        parts.append(source.date.isoformat())
    return ". ".join(parts)


def _source(source: Source) -> dict[str, Any]:
    """A source of a note: a linked resource when it has an address, else its citation."""
    if source.url is None:
        return {
            "type": "TextualBody",
            "purpose": "linking",
            "value": _citation(source),
            "format": "text/plain",
        }
    return {
        "type": "SpecificResource",
        "purpose": "linking",
        "source": {"id": str(source.url), "label": _citation(source)},
    }


def _tradecraft_bodies(note: Note) -> list[dict[str, Any]]:
    """Source grades and indicators of a note, as plain-text bodies in the W3C vocabulary."""
    out = [
        {
            "type": "TextualBody",
            "purpose": "assessing",
            "value": f"Admiralty grade {s.grade} ({s.grade_meaning}): {_citation(s)}",
            "format": "text/plain",
        }
        for s in note.sources
        if s.grade
    ]
    out += [
        {
            "type": "TextualBody",
            "purpose": "describing",
            "value": f"Indicator ({i.direction} the likelihood): {i.signpost}",
            "format": "text/plain",
        }
        for i in note.indicators
    ]
    return out


def _judgment_bodies(note: Note) -> list[dict[str, Any]]:
    """A judgment's dates, state, outcome and earlier states: what its track record is made of."""
    if note.kind not in ("assessment", "key-judgment"):
        return []
    out = [_tag(f"as of: {note.judged_as_of.isoformat()}")]
    if note.horizon:
        out.append(_tag(f"horizon: {note.horizon.isoformat()}"))
    out.append(_tag(f"state: {state(note)}"))
    if note.outcome:
        outcome = note.outcome
        out.append(
            {
                "type": "TextualBody",
                "purpose": "assessing",
                "value": f"Outcome: {VERDICTS[outcome.verdict]}, known {outcome.known.isoformat()}. "
                f"{outcome.basis.strip()}",
                "format": "text/markdown",
            }
        )
        out += [_source(s) for s in outcome.sources]
    for r in note.revisions:
        before = [
            f"likelihood {r.likelihood}" if r.likelihood else "",
            f"confidence {r.confidence}" if r.confidence else "",
        ]
        before.append(f"claim “{r.claim}”" if r.claim else "")
        was = ", ".join(b for b in before if b) or "an earlier state"
        out.append(
            {
                "type": "TextualBody",
                "purpose": "describing",
                "value": f"Revised {r.date.isoformat()} from {was}: {r.why}",
                "format": "text/plain",
            }
        )
    return out


def annotation_collection(
    corpus: Corpus, base: str = DEFAULT_BASE_URL, label: str = "Briefing annotations"
) -> dict[str, Any]:
    """The whole corpus as a W3C ``AnnotationCollection`` with one embedded page."""
    iris = SiteIRIs(base_url(base))
    exporter = _Exporter(corpus, iris, generated_at(corpus))
    items = [
        item
        for briefing_id in sorted(corpus.briefings)
        for item in exporter.items(corpus.briefings[briefing_id])
    ]
    collection: dict[str, Any] = {
        "@context": ANNO_CONTEXT,
        "id": iris.export,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
    }
    if items:
        collection["first"] = {
            "id": f"{iris.export}#page-1",
            "type": "AnnotationPage",
            "partOf": iris.export,
            "startIndex": 0,
            "items": items,
        }
    return collection


def to_jsonld(corpus: Corpus, base: str = DEFAULT_BASE_URL) -> str:
    return json_text(annotation_collection(corpus, base)) + "\n"


def to_json(corpus: Corpus) -> str:
    """Our own data of each briefing, by briefing id: what each PDF brief carries attached."""
    data = {
        briefing_id: core.to_json(briefing_data(corpus.briefings[briefing_id], corpus))
        for briefing_id in sorted(corpus.briefings)
    }
    return json_text(data, indent=1, sort_keys=True) + "\n"


def export(corpus: Corpus, fmt: str = "jsonld", base: str = DEFAULT_BASE_URL) -> str:
    if fmt == "json":
        return to_json(corpus)
    if fmt == "jsonld":
        return to_jsonld(corpus, base)
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
