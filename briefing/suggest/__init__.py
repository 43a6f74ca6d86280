"""``briefing suggest``: propose mentions of existing glossary entries in one briefing.

Precision comes before recall: a wrong link published is worse than a missing
one. So a span is proposed only when a known surface form of an entry occurs
there as whole words, and it is written only when that form names exactly one
entry (or the user chose one with ``--choose``).

Surface forms are each entry's title (also without a trailing ``(qualifier)``)
and aliases, plus every quote already used for it in any briefing, except
quotes that describe rather than name: for events, documents and statistics
("the call", "June 7") only titles and aliases count, and for people, places
and organisations a past quote counts only if it holds a capitalised word
("the president" does not, "Hassett" does). Forms made only of dates and
figures ("June 8", "In April") never count.

Wire copy names things in other words too: ``_forms`` derives spelling
and number variants, the heads of long concept titles, events' dates and "the
October rules", statistics by their figures; a short name ("Bessent", "the
ministry") counts only after the article has named its entry in full, and
"the ministry" only where it acts. ``_context`` leaves out a name that is
a word of a longer proper name or compound the glossary does not hold ("European
Union Chamber", "EU-China"); ``_events`` names an event by its month or
city where a verb of its kind says so ("imposed in April 2025", "agreed in
London"). A one-place dateline ("BEIJING, Dec 4 -") names its place; nothing else
in a dateline or a title line (title lines hold no mentions) is linked, nor
anything inside a longer match; a seat of government after "in" stays ambiguous
unless it opens its sentence ("In Beijing, ..." is the city).

The modules, each importing only those after it: ``_walk`` and ``_report``
(reviewing proposals on a terminal; listing them and writing them into entry
files), ``_core`` (settling what was found into proposals), ``_match`` (every
occurrence of a form that stands as a name), ``_events`` (events named by a
month, a city or a day in context), ``_context`` (where a found name is not a
mention), ``_forms`` (the other words articles name entries by) and ``_variants``
(how a name can be written otherwise).
"""

from ._core import Report, SuggestError, Suggestion, suggest
from ._report import render_json, render_text, write
from ._walk import skip, walk

__all__ = [
    "Report",
    "SuggestError",
    "Suggestion",
    "render_json",
    "render_text",
    "skip",
    "suggest",
    "walk",
    "write",
]
