"""``briefing new briefing``: start a briefing from an article file.

The article is copied byte for byte. ``briefing.yaml`` records its checksum
and the roles of its lines as detected here: the title line, lines of lone
punctuation or repeating the title (scrape artefacts) and likely photo
captions. Each guess, and each value the user did not give, is marked
``TODO`` so that ``briefing check`` warns until a person has confirmed it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from .article import _lines
from .files import digest, read_regular
from .loading import MAX_ARTICLE_BYTES
from .scaffold import ScaffoldError, commented, field, scalar, schema_line

_FILE_NAME = re.compile(r"^[A-Za-z0-9_.-]+\.txt$")
_CREDIT = re.compile(r"\b[A-Z][\w.-]*(?: [A-Z][\w.-]*)*/(?:[A-Z][\w]*)(?: [A-Z]\w*)*\s*$")
_PHOTO_WORD = r"(?:photo|photograph|picture|image|file|credit|caption)"
_PHOTO = re.compile(rf"\([^()]*\b{_PHOTO_WORD}s?\b[^()]*\)\s*$|^\s*{_PHOTO_WORD}s?\s*:", re.I)
_TITLE_LIMIT = 300


@dataclass(frozen=True)
class Layout:
    """The roles detected for the article's lines (1-based), each to be confirmed."""

    title: int
    title_text: str
    repeats: tuple[int, ...]
    punctuation: tuple[int, ...]
    captions: tuple[int, ...]

    @property
    def artefacts(self) -> tuple[int, ...]:
        return tuple(sorted(self.repeats + self.punctuation))


def detect(text: str) -> Layout:
    lines = [(n, body.strip()) for n, (_, _, body) in enumerate(_lines(text), start=1) if body.strip()]
    if not lines:
        raise ScaffoldError("the article has no text")
    title, title_text = lines[0]
    repeats, punctuation, captions = [], [], []
    for n, body in lines[1:]:
        if body == title_text:
            repeats.append(n)
        elif not any(ch.isalnum() for ch in body):
            punctuation.append(n)
        elif _CREDIT.search(body) or _PHOTO.search(body):
            captions.append(n)
    return Layout(title, title_text, tuple(repeats), tuple(punctuation), tuple(captions))


def read_article(path: Path) -> tuple[bytes, str]:
    """The article's bytes and text; refuses what ``briefing check`` would."""
    try:
        if not path.is_file():
            raise ScaffoldError(f"{path}: no such file")
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise ScaffoldError(f"{path}: the article is {size:,} bytes; the limit is {MAX_ARTICLE_BYTES:,}")
        raw = read_regular(path)
    except OSError as exc:
        raise ScaffoldError(f"{path}: cannot read it: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScaffoldError(
            f"{path}: not valid UTF-8 (byte {exc.start + 1}); save the article as UTF-8 text"
        ) from None
    if not text.strip():
        raise ScaffoldError(f"{path}: the article is empty")
    return raw, text


def _list(numbers: tuple[int, ...]) -> str:
    return "[" + ", ".join(map(str, numbers)) + "]"


def briefing_text(
    seeds: Path,
    briefing_id: str,
    file_name: str,
    raw: bytes,
    layout: Layout,
    *,
    title: str | None,
    published: dt.date | None,
    url: str | None,
    publisher: str | None,
    today: dt.date,
) -> str:
    path = seeds / "briefings" / briefing_id / "briefing.yaml"
    out = [
        schema_line(path, seeds, "briefing"),
        "# Metadata of the article beside it. The article file itself is never edited.\n",
        field("id", briefing_id),
    ]
    if title:
        out.append(field("title", scalar(title)))
    elif len(layout.title_text) <= _TITLE_LIMIT:
        out.append(
            field("title", scalar(layout.title_text), f"TODO: confirm: line {layout.title} of the article")
        )
    else:
        out.append(field("title", scalar("TODO: the headline")))
    out.append(commented("subtitle", "a line that says what the briefing is about"))
    out.append(field("publisher", scalar(publisher or "TODO: who published it")))
    if published:
        out.append(field("published", published.isoformat()))
    else:
        out.append(field("published", today.isoformat(), "TODO: the date the article was published"))
    out.append(
        field("url", scalar(url))
        if url
        else commented("url", "https://...", "TODO: the address of the article")
    )
    out += [
        field("language", "en"),
        field("article", file_name),
        field("sha256", digest(raw)),
        field("lines", ""),
        field("title", str(layout.title), "TODO: confirm: the headline line", indent="  "),
    ]
    why = [f"{n} repeats the title" for n in layout.repeats]
    why += [f"{n} is lone punctuation" for n in layout.punctuation]
    if layout.artefacts:
        out.append(field("artefacts", _list(layout.artefacts), f"TODO: confirm: {'; '.join(why)}", "  "))
    else:
        out.append(
            field("artefacts", "[]", "lines that are not the article (a repeated title, lone dots)", "  ")
        )
    if layout.captions:
        out.append(
            field("captions", _list(layout.captions), "TODO: confirm: these look like photo captions", "  ")
        )
    else:
        out.append(field("captions", "[]", "photo captions, shown apart from the paragraphs", "  "))
    out.append(commented("summary", "one or two sentences shown in the briefing list"))
    return "".join(out)


def new_briefing(
    seeds: Path,
    briefing_id: str,
    article: Path,
    *,
    title: str | None = None,
    published: dt.date | None = None,
    url: str | None = None,
    publisher: str | None = None,
    today: dt.date,
) -> tuple[Path, list[str]]:
    """Create seeds/briefings/ID/ with the article, briefing.yaml and notes/; return the folder."""
    if not seeds.is_dir():
        raise ScaffoldError(f"seeds folder `{seeds}` not found; run from the project root or pass --seeds")
    if not _FILE_NAME.match(article.name):
        raise ScaffoldError(
            f"{article}: name the article file with letters, digits, `.`, `_` or `-` and end it in `.txt`"
        )
    folder = seeds / "briefings" / briefing_id
    if folder.exists():
        raise ScaffoldError(f"{folder} already exists; nothing written")
    raw, text = read_article(article)
    layout = detect(text)
    meta = briefing_text(
        seeds,
        briefing_id,
        article.name,
        raw,
        layout,
        title=title,
        published=published,
        url=url,
        publisher=publisher,
        today=today,
    )
    (folder / "notes").mkdir(parents=True)
    (folder / article.name).write_bytes(raw)
    (folder / "briefing.yaml").write_text(meta, encoding="utf-8")
    notes = [
        f"line {layout.title} taken as the title: “{shortened(layout.title_text)}”; "
        "a title line cannot hold mentions, so `suggest` links nothing in it"
    ]
    if layout.artefacts:
        notes.append(f"lines {_list(layout.artefacts)} marked as artefacts (not shown)")
    if layout.captions:
        notes.append(f"lines {_list(layout.captions)} marked as captions")
    return folder, notes


def shortened(text: str, limit: int = 80) -> str:
    """``text`` cut to at most ``limit`` characters at the end of a word, with an ellipsis
    when cut (a word cut in half reads as a typo in the headline)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1].isalnum() and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-–—") + "…"
