"""sphinx-design components built as its own nodes: cards, badges and dropdowns.

Each helper makes the node tree sphinx-design's directives make (containers
marked with ``design_component`` and its documented ``sd-*`` classes), so
sphinx-design's visitors and its HTML post-transform render them, and every
other builder sees plain containers, paragraphs and lists. Colours come from
``briefing.css``; a badge always says in words what it marks.
"""

from __future__ import annotations

from collections.abc import Iterable

from docutils import nodes
from sphinx_design.shared import PassthroughTextElement, create_component, is_component

from .. import core, scoring
from . import _nodes as bn

SOURCES_FOLD = 3
"""Source lists longer than this fold into a dropdown; shorter ones stay plain."""


def badge(text: str, *classes: str) -> nodes.inline:
    """A badge (``sd-badge``) holding ``text``; ``classes`` choose its colour in ``briefing.css``.

    Reusable for any short label that marks a kind or a grade: the label is the
    text itself, so colour is never the only cue.
    """
    return nodes.inline(text, text, classes=["sd-sphinx-override", "sd-badge", "briefing-badge", *classes])


def state_badge(state: str) -> nodes.inline:
    """A judgment's state (open, or its outcome's verdict) as a badge that says it."""
    node = badge(scoring.STATES.get(state, state), "briefing-state", f"briefing-state-{state}")
    node["part"] = bn.Part.JUDGMENT_STATE.value  # as for the kind badge: sphinx-design's classes stay
    return node


def card(
    title: nodes.Element,
    body: Iterable[nodes.Node],
    footer: Iterable[nodes.Node] = (),
    classes: Iterable[str] = (),
) -> nodes.container:
    """A card whose title is its link: ``title`` is a reference or ``pending_xref`` naming the card.

    The link takes sphinx-design's ``sd-stretched-link``, so the whole card is
    clickable while the link's own text stays its accessible name.
    """
    title["classes"].append("sd-stretched-link")
    holder = PassthroughTextElement()
    holder += title
    card = create_component(
        "card", ["sd-card", "sd-sphinx-override", "sd-mb-3", "sd-shadow-sm", "sd-card-hover", *classes]
    )
    content = create_component("card-body", ["sd-card-body"])
    content += create_component("card-title", ["sd-card-title", "sd-font-weight-bold"], children=[holder])
    for node in body:
        if isinstance(node, nodes.paragraph):
            node["classes"].append("sd-card-text")
        content += node
    card += content
    footer = list(footer)
    if footer:
        for node in footer:
            if isinstance(node, nodes.paragraph):
                node["classes"].append("sd-card-text")
        card += create_component("card-footer", ["sd-card-footer"], children=footer)
    return card


def dropdown(title: str, body: Iterable[nodes.Node], classes: Iterable[str] = ()) -> nodes.container:
    """A closed dropdown: ``<details>`` on HTML builders, a rubric and its content elsewhere."""
    node = create_component(
        "dropdown",
        opened=False,
        type="dropdown",
        has_title=True,
        icon=None,
        chevron=None,
        container_classes=["sd-mb-3", *classes],
        title_classes=[],
        body_classes=[],
    )
    node += nodes.rubric(title, title)
    node.extend(body)
    return node


def is_dropdown(node: nodes.Node) -> bool:
    return bool(is_component(node, "dropdown"))


def unfold(node: nodes.container) -> nodes.container:
    """A dropdown's content shown in full (for paper): its title as a label, then the content."""
    title = node[0].astext()
    plain = nodes.container("", classes=list(node["container_classes"]))
    if node.get("part"):
        plain["part"] = node["part"]
    plain += nodes.paragraph(title, title, classes=["briefing-sources-label"])
    plain.extend(node.children[1:])
    return plain


def source_paragraph(source: core.SourceData) -> nodes.paragraph:
    """A source's title (linked when it has an address) and its publisher line."""
    para = nodes.paragraph()
    if source.url:
        para += nodes.reference(source.title, source.title, refuri=source.url, classes=["external"])
    else:
        para += nodes.Text(source.title)
    if source.line():
        para += nodes.Text(", " + source.line())
    return para


def source_list(sources: tuple[core.SourceData, ...]) -> nodes.bullet_list:
    items = nodes.bullet_list(classes=["briefing-sources"])
    for source in sources:
        para = source_paragraph(source)
        if source.grade and source.grade_meaning:
            para += nodes.Text(" ")
            para += grade_badge(source.grade, source.grade_meaning)
        items += nodes.list_item("", para)
    return items


def grade_badge(grade: str, meaning: str) -> nodes.Node:
    """The Admiralty grade as a compact badge; its meaning shows on hover and focus."""
    return bn.briefing_grade(grade, grade, grade=grade, meaning=meaning)


def sources_block(sources: tuple[core.SourceData, ...], classes: Iterable[str] = ()) -> nodes.container:
    """A labelled source list: plain up to ``SOURCES_FOLD`` sources, a dropdown beyond."""
    classes = ["briefing-sources-block", *classes]
    if len(sources) > SOURCES_FOLD:
        return dropdown(f"Sources ({len(sources)})", [source_list(sources)], classes)
    block = nodes.container("", classes=classes)
    block += nodes.paragraph("Sources", "Sources", classes=["briefing-sources-label"])
    block += source_list(sources)
    return block
