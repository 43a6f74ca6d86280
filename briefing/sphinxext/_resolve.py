"""Fill in what needs every document read: mention links, back-links, listings."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..model import ENTRY_TYPES
from . import _nodes as bn
from ._directives import long_date
from ._domain import BriefingDomain, EntryRecord
from ._warnings import Warn, warn

TYPE_HEADINGS = {
    "element": "Elements",
    "organization": "Organizations",
    "person": "People",
    "place": "Places",
    "event": "Events",
    "concept": "Concepts",
    "document": "Documents",
    "statistic": "Statistics",
}


class ResolveBriefingNodes(SphinxPostTransform):
    default_priority = 5

    @property
    def domain(self) -> BriefingDomain:
        return self.env.get_domain("briefing")  # type: ignore[return-value]

    def uri(self, docname: str, anchor: str = "") -> str:
        builder = self.env._app.builder  # as Sphinx's own ReferencesResolver does
        uri = builder.get_relative_uri(self.env.docname, docname)
        return f"{uri}#{anchor}" if anchor else uri

    def link(self, text: str, docname: str, anchor: str = "", **attrs: Any) -> nodes.reference:
        return nodes.reference(text, text, refuri=self.uri(docname, anchor), internal=True, **attrs)

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(bn.briefing_mention)):
            record = self.domain.entries.get(node["entry"])
            if record is None:
                warn(Warn.UNKNOWN_ENTRY, f"no glossary entry `{node['entry']}`", node)
                node.replace_self(node.children)
                continue
            node["refuri"] = self.uri(record.docname, record.anchor)
        for node in list(self.document.findall(bn.briefing_placeholder)):
            build = {
                "mentioned-in": self.mentioned_in,
                "glossary": self.glossary,
                "briefings": self.briefings,
            }[node["what"]]
            node.replace_self(build(node["target"]))

    def mentioned_in(self, entry_id: str) -> list[nodes.Node]:
        mentions = self.domain.mentions_of(entry_id)
        if not mentions:
            return [nodes.paragraph("", "No briefing mentions this entry yet.")]
        items = nodes.bullet_list(classes=["briefing-backlinks"])
        for m in mentions:
            briefing = self.domain.briefings.get(m.briefing)
            title = briefing.title if briefing else m.briefing
            para = nodes.paragraph()
            para += self.link(f"{title}, ¶{m.paragraph}", m.docname, m.anchor, classes=["briefing-backlink"])
            para += nodes.Text(": “" + m.before)
            para += nodes.strong(m.quote, m.quote)
            para += nodes.Text(m.after + "”")
            items += nodes.list_item("", para)
        return [items]

    def glossary(self, briefing: str) -> list[nodes.Node]:
        """Entries grouped by type; only those ``briefing`` mentions, if given."""
        out: list[nodes.Node] = []
        by_type: dict[str, list[EntryRecord]] = {}
        wanted = {m.entry for m in self.domain.mentions.values() if m.briefing == briefing}
        for record in self.domain.entries.values():
            if briefing and record.id not in wanted:
                continue
            by_type.setdefault(record.type, []).append(record)
        for kind in (*ENTRY_TYPES, *sorted(set(by_type) - set(ENTRY_TYPES))):
            records = by_type.get(kind)
            if not records:
                continue
            out.append(
                nodes.rubric(
                    TYPE_HEADINGS.get(kind, kind.capitalize()),
                    TYPE_HEADINGS.get(kind, kind.capitalize()),
                    ids=[f"type-{kind}"],
                    classes=["briefing-type-heading"],
                )
            )
            if kind == "element":
                out.append(self.element_table(records))
                continue
            items = nodes.bullet_list(classes=["briefing-glossary", f"briefing-type-{kind}"])
            for record in sorted(records, key=lambda r: r.title.casefold()):
                para = nodes.paragraph()
                para += self.link(record.title, record.docname, record.anchor)
                para += nodes.Text(f" — {record.summary}")
                items += nodes.list_item("", para)
            out.append(items)
        return out

    def element_table(self, records: list[EntryRecord]) -> nodes.table:
        headers = ("Element", "Symbol", "Atomic number", "Group", "Export control")
        table = nodes.table(classes=["briefing-elements"])
        group = nodes.tgroup(cols=len(headers))
        table += group
        group.extend(nodes.colspec(colwidth=1) for _ in headers)
        head = nodes.thead()
        head += nodes.row("", *(nodes.entry("", nodes.paragraph(h, h)) for h in headers))
        group += head
        body = nodes.tbody()
        for record in sorted(records, key=lambda r: r.atomic_number or 0):
            control = f"Since {long_date(record.controlled_since)}" if record.controlled_since else "—"
            cells = [
                nodes.paragraph("", "", self.link(record.title, record.docname, record.anchor)),
                nodes.paragraph(record.symbol or "", record.symbol or ""),
                nodes.paragraph(str(record.atomic_number or ""), str(record.atomic_number or "")),
                nodes.paragraph(record.group or "", record.group or ""),
                nodes.paragraph(control, control),
            ]
            body += nodes.row("", *(nodes.entry("", c) for c in cells))
        group += body
        return table

    def briefings(self, _: str) -> list[nodes.Node]:
        items = nodes.bullet_list(classes=["briefing-list"])
        for record in sorted(self.domain.briefings.values(), key=lambda b: b.published, reverse=True):
            para = nodes.paragraph()
            para += self.link(record.title, record.docname)
            para += nodes.Text(f" — {long_date(record.published)}")
            items += nodes.list_item("", para)
            if record.summary:
                items[-1] += nodes.paragraph(record.summary, record.summary)
        return [items]


def setup_resolve(app: Sphinx) -> None:
    app.add_post_transform(ResolveBriefingNodes)
