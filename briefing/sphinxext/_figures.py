"""Figures on the site: the ``briefing:figure`` directive and the transform that draws them.

The drawings come from :mod:`briefing.figures` (pure functions, shared with the
PDF); here they get their data from the domain, their links from the builder,
and a ``<figure>`` with a caption around them. Figures go where the data is
complete, so they are drawn once each page is resolved, after the listings.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.writers.html5 import HTML5Translator

from .. import figures as fig
from .. import scoring
from ..contract import Data, appendix_label, data_file
from ..files import read_regular_text
from . import _nodes as bn
from ._domain import BriefingDomain

KINDS = ("timeline", "strip", "cast", "calibration")


class briefing_figure(nodes.General, nodes.Element):
    """A figure drawn once every document is read.

    Attributes ``kind`` (timeline, strip, cast, calibration), ``target`` (a briefing id, or
    empty for the whole site), ``highlight`` (an entry id), ``data`` (JSON the
    figure needs beyond the domain); ``svg``, ``caption`` and ``desc`` once drawn.
    """


class FigureDirective(SphinxDirective):
    """``{briefing:figure} timeline|strip|cast [briefing-id]``, ``:highlight: entry-id``."""

    required_arguments = 1
    optional_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {"highlight": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        kind = directives.choice(self.arguments[0], KINDS)
        target = self.arguments[1] if len(self.arguments) > 1 else ""
        domain: BriefingDomain = self.env.get_domain("briefing")  # type: ignore[assignment]
        domain.note_listing(self.env.docname, kind, target)
        data = ""
        if kind == "cast":
            path = self.env.srcdir / data_file(Data.CAST, target, self.config.briefing_data_dir)
            self.env.note_dependency(str(path))
            data = read_regular_text(path)
        return [
            briefing_figure(kind=kind, target=target, highlight=self.options.get("highlight", ""), data=data)
        ]


def cast_sides(data: list[dict[str, Any]]) -> tuple[fig.Side, ...]:
    """Sides back from their JSON form (``dataclasses.asdict``)."""

    def node(d: dict[str, Any] | None) -> fig.Node | None:
        return fig.Node(**d) if d else None

    return tuple(
        fig.Side(
            s["title"],
            node(s["country"]),
            tuple(
                fig.Team(node(t["organization"]), tuple(fig.Node(**p) for p in t["people"]))
                for t in s["teams"]
            ),
        )
        for s in data
    )


def _day(iso: str | None) -> dt.date | None:
    return dt.date.fromisoformat(iso) if iso else None


class DrawFigures:
    """Draw each figure; put the periodic strip above the glossary's table of elements.

    Runs on ``doctree-resolved``, once the listings (post-transforms) exist,
    with the builder Sphinx hands the event: its URIs are the figures' links.
    Every builder gets them drawn; each writer shows them its own way (or not).
    """

    def __init__(self, app: Sphinx, document: nodes.document, docname: str) -> None:
        self.builder = app.builder
        self.domain: BriefingDomain = app.env.get_domain("briefing")  # type: ignore[assignment]
        self.document = document
        self.docname = docname

    def uri(self, docname: str, anchor: str = "") -> str:
        """A link from the figure; none where the page is not HTML (an SVG's links work
        only in a browser), and then the figure says nothing of links."""
        if self.builder.format != "html":
            return ""
        return self.builder.get_relative_uri(self.docname, docname) + (f"#{anchor}" if anchor else "")

    def href(self, entry_id: str) -> str:
        record = self.domain.entries.get(entry_id)
        if record and self.builder.format != "html":
            # printed, a mark links to the entry in the brief's glossary appendix
            # (the PDF writer links only those the brief holds)
            return f"#{appendix_label(entry_id)}"
        return self.uri(record.docname, record.anchor) if record else ""

    def run(self) -> None:
        for group in list(self.document.findall(bn.briefing_type_group)):
            if group["type"] == "element":
                heading = 1 if len(group) and isinstance(group[0], nodes.rubric) else 0
                group.insert(heading, briefing_figure(kind="strip", target="", highlight="", data=""))
        for node in list(self.document.findall(briefing_figure)):
            draw = {"timeline": self.timeline, "strip": self.strip, "cast": self.cast}
            drawn = draw.get(node["kind"], self.calibration)(node)
            node["svg"], node["caption"], node["desc"] = drawn.svg, drawn.title, drawn.desc
            node["width"] = drawn.width
            # a narrow layout is for a browser's narrow column; print has its own page width
            narrow = self.narrow(node) if self.builder.format == "html" else None
            node["narrow"] = narrow.svg if narrow else ""

    def narrow(self, node: briefing_figure) -> fig.Figure | None:
        """The figure re-flowed for a phone's column, for those too wide to shrink into one."""
        if node["kind"] == "timeline":
            return fig.timeline_narrow(*self._timeline_data(node))
        if node["kind"] == "strip":
            return fig.strip_narrow(self._cells(), highlight=node["highlight"])
        if node["kind"] == "cast":
            sides = cast_sides(json.loads(node["data"]))
            return fig.cast_narrow(sides, {e: self.href(e) for e in self.domain.entries})
        return None

    def timeline(self, node: briefing_figure) -> fig.Figure:
        # a page that is not HTML is printed: the layout for paper
        return fig.timeline_figure(*self._timeline_data(node), printed=self.builder.format != "html")

    def _timeline_data(self, node: briefing_figure) -> tuple[list[fig.Mark], list[fig.Milestone]]:
        briefing = node["target"]
        scope = self.domain.entries_in(briefing)
        marks = [
            fig.Mark(r.id, r.title, r.type, dt.date.fromisoformat(r.start), _day(r.end), self.href(r.id))
            for r in self.domain.entries.values()
            if r.start and (scope is None or r.id in scope)
        ]
        milestones = [
            fig.Milestone(
                b.id,
                b.title,
                dt.date.fromisoformat(b.published),
                self.uri(b.docname),
            )
            for b in self.domain.briefings.values()
            if not briefing or b.id == briefing
        ]
        return marks, milestones

    def strip(self, node: briefing_figure) -> fig.Figure:
        printed = self.builder.format != "html"
        return fig.strip_figure(self._cells(), highlight=node["highlight"], printed=printed)

    def _cells(self) -> list[fig.Cell]:
        return [
            fig.Cell(
                r.id,
                r.title,
                r.symbol or "",
                r.atomic_number or 0,
                r.group,
                _day(r.controlled_since),
                self.href(r.id),
            )
            for r in self.domain.entries.values()
            if r.type == "element" and r.symbol and r.atomic_number
        ]

    def calibration(self, node: briefing_figure) -> fig.Figure:
        """The desk's calibration; each point links to the first judgment scored with its term."""
        judgments = self.domain.judgments_in("")
        page = self.domain.track_page()
        first: dict[str, str] = {}
        for j in judgments:
            if j.o is not None and j.note.likelihood:
                first.setdefault(j.note.likelihood, self.uri(page, j.anchor) if page else "")
        bins = scoring.calibration((j.note.likelihood, j.o) for j in judgments)
        bands = [fig.Band(term, lo, hi) for term, (lo, hi) in scoring.ICD_203_RANGES.items()]
        points = [fig.Point(b.term, b.probability, b.judged, b.came_true, first[b.term]) for b in bins]
        return fig.calibration_figure(bands, points)

    def cast(self, node: briefing_figure) -> fig.Figure:
        sides = cast_sides(json.loads(node["data"]))
        return fig.cast_figure(sides, {e: self.href(e) for e in self.domain.entries})


def visit_figure(self: HTML5Translator, node: briefing_figure) -> None:
    if not node.get("svg"):
        raise nodes.SkipNode
    self.body.append(self.starttag(node, "figure", CLASS=f"bf-figure bf-figure-{node['kind']}"))
    if node.get("narrow"):
        # both drawings, escaped where they were drawn (briefing.figures); the stylesheet
        # shows the one the column's width suits
        self.body.append(
            f'<div class="bf-wide">{node["svg"]}</div><div class="bf-narrow">{node["narrow"]}</div>'
        )
    else:
        self.body.append(node["svg"])  # escaped where it was drawn (briefing.figures)
    self.body.append(f"<figcaption>{self.encode(node['caption'])}</figcaption></figure>\n")
    raise nodes.SkipNode


def _skip(self: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


def setup_figures(app: Sphinx) -> None:
    others = {b: (_skip, None) for b in ("latex", "text", "man", "texinfo")}
    app.add_node(briefing_figure, html=(visit_figure, None), **others)  # type: ignore[arg-type]
    app.add_directive_to_domain("briefing", "figure", FigureDirective)
    app.connect("doctree-resolved", lambda app, doctree, docname: DrawFigures(app, doctree, docname).run())
