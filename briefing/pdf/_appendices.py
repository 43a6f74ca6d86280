"""The brief's appendices: the site's own listings, limited to the briefing, and what paper adds.

The glossary, the timeline, the sources list and the track record are placeholders at the end of
the briefing's doctree (:func:`appendices`), which the site's post-transform
fills with the very listings the site shows (``briefing.sphinxext._listings``),
so dates, titles and entries cannot differ between site and print. What only
paper needs is added by :class:`PrintOnly`: each glossary entry as a heading
with its facts and the paragraphs (and pages) that mention it, "(see p. N)"
after each timeline event and each of the briefing's judgments in the track
record, the page of everything that cites a source; the
time axis above the timeline (the strip above the elements comes with the
site's figures). Permalinks go and folded source lists unfold.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..contract import GLOSSARY, SOURCES, TIMELINE, TRACK_RECORD, appendix_label
from ..core import note_anchor
from ..sphinxext import _nodes as bn
from ..sphinxext._design import is_dropdown, unfold
from ..sphinxext._domain import BriefingDomain
from ..sphinxext._figures import briefing_figure
from ..sphinxext._listings import entry_fields
from ..sphinxext._records import EntryRecord, MentionRecord
from ._print import page_ref, see_page

APPENDICES = (
    (GLOSSARY, "Glossary"),
    (TIMELINE, "Timeline"),
    (SOURCES, "Sources"),
    (TRACK_RECORD, "Track record"),
)


def glossary_anchor(entry_id: str) -> str:
    """The id of an entry's place in the brief's glossary."""
    return appendix_label(entry_id)


def appendices(briefing: str) -> list[nodes.section]:
    """A section per listing, to be filled once every document is read."""
    out = []
    for what, title in APPENDICES:
        section = nodes.section(ids=[appendix_label(what)], appendix=what, briefing=briefing)
        section += nodes.title(title, title)
        if what == "timeline":
            section += briefing_figure(kind="timeline", target=briefing, highlight="", data="")
        section += bn.briefing_placeholder(what=what, target=briefing)
        out.append(section)
    return out


class PrintOnly(SphinxPostTransform):
    """What paper needs and cannot do (see the module's docstring)."""

    default_priority = 20  # after the listings (5) and the references (10)
    builders = ("briefingpdf",)

    @property
    def domain(self) -> BriefingDomain:
        return self.env.get_domain("briefing")  # type: ignore[return-value]

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(bn.briefing_note_permalink)):
            node.parent.remove(node)
        for node in list(self.document.findall(is_dropdown)):
            node.replace_self(unfold(node))
        for section in [s for s in self.document.findall(nodes.section) if s.get("appendix")]:
            for_print = getattr(self, section["appendix"].replace("-", "_"))  # glossary, timeline…
            if not for_print(section):
                section.parent.remove(section)  # nothing to list

    def glossary(self, section: nodes.section) -> bool:
        for index in [p for p in section.findall(nodes.paragraph) if bn.part_of(p) is bn.Part.TYPE_INDEX]:
            index.parent.remove(index)  # the headings follow one another on paper
        mentions: dict[str, list[MentionRecord]] = {}
        for mention in self.domain.mentions_in(section["briefing"]):
            mentions.setdefault(mention.entry, []).append(mention)
        listed = False
        for group in section.findall(bn.briefing_type_group):
            ids = [n["entry"] for n in group.findall(nodes.Element) if n.get("entry")]
            for items in [n for n in group.children if isinstance(n, nodes.bullet_list)]:
                group.remove(items)
            records = sorted((self.domain.entries[i] for i in ids), key=lambda r: r.title.casefold())
            group.extend(self.entry(r, mentions.get(r.id, [])) for r in records)
            listed = listed or bool(records)
        return listed

    def entry(self, record: EntryRecord, mentions: list[MentionRecord]) -> nodes.section:
        """An entry's heading, summary and facts, and “Mentioned in ¶2 (p. 1), ¶7 (p. 2)”."""
        section = nodes.section(ids=[glossary_anchor(record.id)])
        section += nodes.title(record.title, record.title)
        section += bn.part(nodes.paragraph(record.summary, record.summary), bn.Part.ENTRY_SUMMARY)
        fields = nodes.field_list()
        for name, value in entry_fields(record):
            fields += nodes.field(
                "", nodes.field_name(name, name), nodes.field_body("", nodes.paragraph(value, value))
            )
        section += fields
        first: dict[int, MentionRecord] = {}
        for mention in mentions:
            first.setdefault(mention.paragraph, mention)
        where = bn.part(nodes.paragraph(), bn.Part.MENTIONED)
        where += nodes.Text("Mentioned in ")
        for i, (number, mention) in enumerate(sorted(first.items())):
            if i:
                where += nodes.Text(", ")
            where += nodes.reference("", f"¶{number}", refid=mention.anchor, internal=True)
            where += page_ref(mention.anchor, parenthesized=True)
        section += where
        return section

    def timeline(self, section: nodes.section) -> bool:
        rows = [row for row in section.findall(nodes.row) if row.get("entry")]
        for row in rows:
            event = row[1][0]  # the Event column's paragraph
            event += see_page(glossary_anchor(row["entry"]))
        return bool(rows)

    def track_record(self, section: nodes.section) -> bool:
        """The briefing's judgments and the desk's score (see ``sphinxext._track``); each of its
        judgments gets the page of its reasoning."""
        judgments = [n for n in section.findall(nodes.list_item) if n.get("judgment")]
        for item in judgments:
            head = item[0]
            _, _, note_id = item["judgment"].partition("/")
            head += see_page(note_anchor(note_id))
        return bool(judgments)

    def sources(self, section: nodes.section) -> bool:
        for cited_by in [p for p in section.findall(nodes.paragraph) if bn.part_of(p) is bn.Part.CITED_BY]:
            for ref in [r for r in cited_by.children if isinstance(r, nodes.reference)]:
                anchor = ref.get("refid") or ref.get("refuri", "").partition("#")[2]
                if anchor:
                    ref.parent.insert(ref.parent.index(ref) + 1, page_ref(anchor, parenthesized=True))
        return bool(list(section.findall(nodes.list_item)))
