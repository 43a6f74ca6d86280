"""Who's who: the parties to a briefing's events, grouped by the country they act for.

Which party acts for which country is worked out from the glossary by
``briefing.records.cast``; this module draws the sides it is given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ._svg import MUTED, TYPE_COLOURS, Figure, fit, frame, link, tag, text, width_of

WIDTH = 600.0


MARGIN = 6.0


COLUMN_GAP = 16.0


SIDE_H = 24.0


ORG_H = 24.0


PERSON_H = 20.0


BLOCK_GAP = 8.0


OTHERS = "Other parties"


@dataclass(frozen=True)
class Node:
    id: str
    title: str
    type: str
    detail: str = ""
    """A person's role; shown as the tooltip."""


@dataclass(frozen=True)
class Team:
    """An organization (or None, for people with no known one) and its people."""

    organization: Node | None
    people: tuple[Node, ...] = ()


@dataclass(frozen=True)
class Side:
    """The parties acting for one country (``country`` is its place entry), or the others."""

    title: str
    country: Node | None
    teams: tuple[Team, ...] = field(default_factory=tuple)


ORG_LINE = 15.0
ORG_LINES = 3


def _org_lines(title: str, room: float) -> list[str]:
    """An organization's name in lines that fit ``room``: wrapped at spaces, not cut
    short while a few lines hold it (only a name longer than that ends in "…")."""
    lines: list[str] = []
    for word in title.split():
        if lines and width_of(f"{lines[-1]} {word}", 12) <= room:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    if len(lines) > ORG_LINES:
        lines[ORG_LINES - 1 :] = [" ".join(lines[ORG_LINES - 1 :])]
    return [fit(line, 12, room) for line in lines] or [""]


def _org_height(team: Team, col_w: float) -> float:
    if not team.organization:
        return 0.0
    return ORG_H + ORG_LINE * (len(_org_lines(team.organization.title, col_w - 12)) - 1)


def _column_height(side: Side, col_w: float) -> float:
    height = SIDE_H
    for team in side.teams:
        height += _org_height(team, col_w) + PERSON_H * len(team.people) + BLOCK_GAP
    return height


def cast_figure(
    sides: Sequence[Side],
    hrefs: Mapping[str, str],
    ident: str = "bf-cast",
    columns: int = 2,
    width: float = WIDTH,
) -> Figure:
    """Sides as columns (``columns`` a row) across ``width``, each organization a box over its people.

    ``hrefs`` maps entry ids to their pages; an id without one is shown unlinked.
    """
    per_row = max(1, min(columns, len(sides) or 1))
    col_w = (width - 2 * MARGIN - COLUMN_GAP * (per_row - 1)) / per_row
    body: list[str] = []
    y_row = MARGIN

    def linked(node: Node, content: str, label: str) -> str:
        href = hrefs.get(node.id, "")
        if not href:
            return tag("g", tag("title", text(label)) + content)
        return link(href, label, content, class_=f"bf-node bf-type-{node.type}")

    for start in range(0, len(sides), per_row):
        row = sides[start : start + per_row]
        for i, side in enumerate(row):
            x = MARGIN + i * (col_w + COLUMN_GAP)
            y = y_row
            heading = tag(
                "text",
                text(fit(side.title, 13, col_w)),
                x=x,
                y=y + 15,
                font_size=13,
                font_weight="bold",
                class_="bf-side",
            )
            body.append(linked(side.country, heading, side.title) if side.country else heading)
            body.append(
                tag(
                    "line",
                    x1=x,
                    y1=y + 20,
                    x2=x + col_w,
                    y2=y + 20,
                    stroke=MUTED,
                    stroke_width=1,
                    class_="bf-axis",
                )
            )
            y += SIDE_H
            for team in side.teams:
                indent = 0.0
                if team.organization:
                    org = team.organization
                    colour = TYPE_COLOURS["organization"]
                    org_h = _org_height(team, col_w)
                    lines = _org_lines(org.title, col_w - 12)
                    box = tag(
                        "rect",
                        x=x,
                        y=y + 2,
                        width=col_w,
                        height=org_h - 4,
                        rx=4,
                        fill="none",
                        stroke=colour,
                        stroke_width=1.4,
                        class_="bf-org-box",
                    ) + tag(
                        "text",
                        " ".join(
                            tag("tspan", text(line), x=x + 6, y=y + 16 + ORG_LINE * n)
                            for n, line in enumerate(lines)
                        ),
                        font_size=12,
                        class_="bf-label",
                    )
                    body.append(linked(org, box, org.title))
                    y += org_h
                    indent = 14.0
                for person in team.people:
                    colour = TYPE_COLOURS["person"]
                    label = f"{person.title}, {person.detail}" if person.detail else person.title
                    content = tag("circle", cx=x + indent + 5, cy=y + 10, r=4.5, fill=colour) + tag(
                        "text",
                        text(fit(person.title, 12, col_w - indent - 16)),
                        x=x + indent + 14,
                        y=y + 14,
                        font_size=12,
                        class_="bf-label",
                    )
                    body.append(linked(person, content, label))
                    y += PERSON_H
                y += BLOCK_GAP
        y_row += max(_column_height(s, col_w) for s in row) + MARGIN * 2
    height = max(y_row, 40.0)

    named = [s.title for s in sides if s.title != OTHERS]
    title = "Who's who"
    if len(named) >= 2:
        title += ": " + " and ".join([", ".join(named[:-1]), named[-1]])
    desc_parts = []
    for side in sides:
        members = []
        for team in side.teams:
            people = ", ".join(p.title for p in team.people)
            if team.organization:
                members.append(team.organization.title + (f" ({people})" if people else ""))
            elif people:
                members.append(people)
        desc_parts.append(f"{side.title}: " + "; ".join(members))
    desc = ". ".join(desc_parts) + "." if desc_parts else "No parties recorded for these events."
    return frame("cast", ident, title, desc, width, height, "".join(body))
