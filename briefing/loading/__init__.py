"""Load a seeds folder into typed records, reporting every problem with its location.

Layout (one record per file, so a pull request adding an entry or a note
touches one file)::

    seeds/
      glossary/<any folders>/<entry-id>.yaml
      briefings/<briefing-id>/briefing.yaml     article metadata
      briefings/<briefing-id>/<article>.txt     the article, byte for byte
      briefings/<briefing-id>/notes/<note-id>.yaml
"""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Diagnostic, Severity
from ._briefings import MAX_ARTICLE_BYTES, MAX_NOTES, load_briefing, note_file
from ._folders import no_briefings, seeds_problem
from ._glossary import Glossary, load_glossary, load_sources
from ._records import BriefingSource, Loaded, Project, display_path
from ._yaml import LocatedYaml, PathKey

__all__ = [
    "MAX_ARTICLE_BYTES",
    "MAX_NOTES",
    "BriefingSource",
    "Glossary",
    "Loaded",
    "LocatedYaml",
    "PathKey",
    "Project",
    "display_path",
    "load_briefing",
    "load_glossary",
    "load_project",
    "load_sources",
    "no_briefings",
    "note_file",
    "seeds_problem",
]


def load_project(seeds: Path) -> tuple[Project, list[Diagnostic]]:
    """Every record under ``seeds``, and the problems found loading them."""
    unusable = seeds_problem(seeds)
    if unusable is not None:
        return Project(seeds, {}, {}), [unusable]
    glossary = load_glossary(seeds, None)
    problems = list(glossary.problems)
    rejected = list(glossary.rejected)
    briefings: dict[str, BriefingSource] = {}
    broken: set[str] = set()
    for folder in glossary.folders:
        source, found, unused = load_briefing(folder, None)
        problems.extend(found)
        rejected.extend(unused)
        if source is not None:
            briefings[folder.name] = source
        else:
            broken.add(folder.name)
    if not briefings and not any(p.severity is Severity.ERROR for p in problems):
        problems.append(no_briefings(seeds))
    project = Project(
        seeds,
        glossary.entries,
        briefings,
        invalid_entries=glossary.invalid,
        invalid_briefings=frozenset(broken),
        rejected=tuple(rejected),
    )
    return project, problems
