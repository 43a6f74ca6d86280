"""Headings never take the ids of the anchors made from contributors' ids.

An entry, mention or note is anchored at ``entry-<id>``, ``m-<id>`` or
``note-<id>``; docutils names a heading's section after its text, so a briefing
titled “Note kj bottom line” would give its page two elements with the id
``note-kj-bottom-line`` and the note's links would land on the title. Section
ids that start with one of those prefixes are moved out of their way.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from .. import core

SECTION_PREFIX = "section-"


class HeadingIds(SphinxTransform):
    default_priority = 999  # last: other transforms may give a section its implicit id again

    def apply(self, **kwargs: object) -> None:
        for section in self.document.findall(nodes.section):
            section["ids"] = [self._moved(section, ident) for ident in section["ids"]]

    def _moved(self, section: nodes.Element, ident: str) -> str:
        if not ident.startswith(core.ANCHOR_PREFIXES):
            return ident
        moved = SECTION_PREFIX + ident
        if self.document.ids.get(ident) is section:
            del self.document.ids[ident]
        self.document.ids[moved] = section
        for name, target in list(self.document.nameids.items()):
            if target == ident:
                self.document.nameids[name] = moved
        return moved


def setup_ids(app: Sphinx) -> None:
    app.add_transform(HeadingIds)
