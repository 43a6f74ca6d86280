"""A deterministic synthetic project: N articles × K annotations over one shared glossary.

Written with the real file formats (``glossary/<type>/<id>.yaml``,
``briefings/<id>/{briefing.yaml, article.txt, notes/*.yaml}``) so that
``briefing check`` accepts it with no errors and no warnings. Names are
invented words from one pool, each used once, so every quote anchors
uniquely: a name only ever starts at a capital letter, and the article
prose is lower case apart from the usual sentence openers.

Run ``python -m tests.benchmarks.synthetic OUT --articles 200`` to write one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from briefing.model import ENTRY_TYPES

_CONSONANTS = "bdfgklmnprstvz"
_VOWELS = "aeiou"
_FIRST_DAY = dt.date(2024, 1, 1)

_TITLE_FORMS: dict[str, tuple[str, ...]] = {
    "organization": ("{} Institute", "{} Group", "{} Council", "{} Ministry"),
    "person": ("{} {}",),
    "place": ("{} Province", "Port {}", "{} Bay"),
    "event": ("{} Summit", "{} Talks", "{} Forum"),
    "concept": ("{} Doctrine", "{} Quotas", "{} Framework"),
    "document": ("{} Accord", "{} Report", "{} Directive"),
    "statistic": ("{} Index", "{} Output Figure"),
    "element": ("{}ium",),
}

_SENTENCES = (
    "The ministry said on the same day that talks with {} had moved slowly, "
    "and that no further meetings were planned before the end of the month.",
    "According to people familiar with the matter, {} has been weighing a change of course "
    "for several weeks, though no decision has been announced.",
    "In recent months the role of {} has drawn closer attention from traders, "
    "who worry that shipments could be held up at short notice.",
    "Some analysts argue that {} stands to gain from the new rules, "
    "while others expect the costs to fall on smaller manufacturers downstream.",
    "However, {} declined to comment on the licences when asked by reporters, "
    "saying only that the matter was under review.",
    "Their concern is that {} will be drawn into a wider dispute over tariffs, "
    "which has already unsettled markets across the region.",
    "It was not the first time that {} had featured in the negotiations, "
    "and officials expect it to come up again at the next round.",
    "Under the current arrangement, exporters must file separate applications that refer to {}, "
    "a process that can take weeks to complete.",
    "While the figures are incomplete, the reports linked to {} point to a steady decline "
    "in shipments over the second quarter.",
    "Many of the companies involved have ties to {}, and several of them have warned investors "
    "about disruption later this year.",
    "These measures followed earlier steps involving {}, which officials described at the time "
    "as a routine update of the control list.",
    "When the talks resume, negotiators are expected to raise {} early, "
    "according to a briefing note seen by the press.",
)

_NOTE_KINDS = ("context", "fact-check", "question", "assessment")
_NOTE_BODIES = {
    "context": "This passage refers to {}, whose background is set out in its glossary entry. "
    "The wider setting is the licence dispute.",
    "fact-check": "The statement matches the published record on {}. We found no source that contradicts it.",
    "question": "What does {} gain from the new licensing rules, and who decides?",
    "assessment": "The arrangement around {} is likely to hold through the next round of talks.\n\n"
    "We hold this with moderate confidence: the record is short.",
    "key-judgment": "The licensing regime for {} is very likely to stay in place this year.\n\n"
    "We hold this judgment with high confidence.",
}


@dataclass(frozen=True)
class _Entry:
    id: str
    type: str
    title: str
    data: dict[str, Any]


def _words(rng: random.Random) -> list[str]:
    """Every invented word, shuffled: three consonant-vowel syllables, capitalised."""
    syllables = [c + v for c in _CONSONANTS for v in _VOWELS]
    words = [(a + b + c).capitalize() for a in syllables for b in syllables for c in syllables]
    rng.shuffle(words)
    return words


def _slug(title: str) -> str:
    return "-".join(title.lower().split())


def _source(title: str, n: int) -> dict[str, Any]:
    return {
        "title": title,
        "publisher": "Synthetic Wire",
        "date": (_FIRST_DAY + dt.timedelta(days=n % 500)).isoformat(),
        "url": f"https://example.org/wire/{n}",
    }


def _entry_fields(kind: str, i: int, word: str, organizations: list[str]) -> dict[str, Any]:
    if kind == "element":
        return {
            "symbol": word[:2],
            "atomic_number": 1 + i % 118,
            "group": ("light", "medium", "heavy")[i % 3],
            "uses": ["Permanent magnets", "Polishing powders"],
        }
    if kind == "person":
        fields: dict[str, Any] = {"role": "Spokesperson"}
        if organizations:
            fields["organization"] = organizations[i % len(organizations)]
        return fields
    if kind == "event":
        return {"start": (_FIRST_DAY + dt.timedelta(days=i)).isoformat(), "place": "Geneva"}
    if kind == "statistic":
        return {"value": f"{100 + i} tonnes", "as_of": (_FIRST_DAY + dt.timedelta(days=i)).isoformat()}
    if kind == "organization":
        return {"full_name": f"The {word} Organisation"}
    return {}


def _glossary(count: int, words: list[str]) -> list[_Entry]:
    entries: list[_Entry] = []
    organizations: list[str] = []
    for i in range(count):
        kind = ENTRY_TYPES[i % len(ENTRY_TYPES)]
        forms = _TITLE_FORMS[kind]
        form = forms[(i // len(ENTRY_TYPES)) % len(forms)]
        title = form.format(*(words.pop() for _ in range(form.count("{}"))))
        entry_id = _slug(title)
        data: dict[str, Any] = {
            "id": entry_id,
            "type": kind,
            "title": title,
            **_entry_fields(kind, i, title.split()[0], organizations),
            "summary": f"A synthetic {kind} used to measure how the site scales.",
            "body": f"{title} is an invented {kind}. It gives the benchmark a realistic page.\n",
            "sources": [_source(f"Profile of {title}", i)],
        }
        entries.append(_Entry(entry_id, kind, title, data))
        if kind == "organization":
            organizations.append(entry_id)
    return entries


def _dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _briefing(
    folder: Path, number: int, annotations: int, entries: list[_Entry], rng: random.Random
) -> dict[str, list[dict[str, Any]]]:
    """Write one briefing; return the mentions it adds, by entry id."""
    briefing_id = f"synthetic-{number:04d}"
    notes = annotations // 4
    mentioned = rng.sample(entries, annotations - notes)
    sentences = [rng.choice(_SENTENCES).format(e.title) for e in mentioned]
    paragraphs: list[list[str]] = []
    while len(paragraphs) * 4 < len(sentences):
        paragraphs.append([])
    for i, sentence in enumerate(sentences):
        paragraphs[i % len(paragraphs)].append(sentence)
    title = f"Synthetic briefing {number}: licences, talks and supply"
    text = title + "\n\n" + "\n\n".join(" ".join(p) for p in paragraphs) + "\n"
    folder.mkdir(parents=True)
    (folder / "article.txt").write_text(text, encoding="utf-8")
    published = _FIRST_DAY + dt.timedelta(days=number)
    meta = {
        "id": briefing_id,
        "title": title,
        "publisher": "Synthetic Wire",
        "published": published.isoformat(),
        "article": "article.txt",
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "lines": {"title": 1},
        "summary": "A generated article for the scale benchmark.",
    }
    (folder / "briefing.yaml").write_text(_dump(meta), encoding="utf-8")
    (folder / "notes").mkdir()
    judgments = min(2, notes)
    for n in range(notes):
        kind = "key-judgment" if n < judgments else _NOTE_KINDS[(n - judgments) % len(_NOTE_KINDS)]
        subject = mentioned[(n * 7) % len(mentioned)]
        note: dict[str, Any] = {"kind": kind}
        if kind == "key-judgment":
            note["title"] = f"Judgment {n + 1} on the licensing regime"
            # open: later than any date the corpus holds
            note["horizon"] = (published + dt.timedelta(days=3650)).isoformat()
        else:
            quote = sentences[mentioned.index(subject)].rstrip(".")
            note["target"] = {"quote": quote}
        note["author"] = "Benchmark desk"
        note["date"] = published.isoformat()
        if kind in ("assessment", "key-judgment"):
            note["confidence"] = "high" if kind == "key-judgment" else "moderate"
            note["likelihood"] = "very likely" if kind == "key-judgment" else "likely"
        note["body"] = _NOTE_BODIES[kind].format(subject.title) + "\n"
        note["sources"] = [_source(f"Report on {subject.title}", number * 100 + n)]
        # a note cites what was published by its date
        note["sources"][0]["date"] = (published - dt.timedelta(days=n % 7)).isoformat()
        if kind in ("assessment", "key-judgment"):
            note["sources"][0] |= {"reliability": "B", "credibility": 2}
        if kind == "key-judgment":
            note["indicators"] = [
                {"signpost": f"New licences are published for {subject.title}", "direction": "raises"},
                {"signpost": "Shipments are halted again", "direction": "lowers"},
            ]
        note["entries"] = [subject.id]
        (folder / "notes" / f"note-{n + 1:02d}.yaml").write_text(_dump(note), encoding="utf-8")
    return {e.id: [{"quote": e.title}] for e in mentioned}


def generate(root: Path, articles: int, annotations: int = 40, entries: int = 320, seed: int = 0) -> Path:
    """Write a project into ``root`` (replaced) and return its seeds folder."""
    if annotations < 4 or annotations - annotations // 4 > entries:
        raise ValueError("need at least 4 annotations per article and enough entries to mention")
    rng = random.Random(seed)
    glossary = _glossary(entries, _words(rng))
    shutil.rmtree(root, ignore_errors=True)
    seeds = root / "seeds"
    mentions: dict[str, dict[str, list[dict[str, Any]]]] = {e.id: {} for e in glossary}
    for number in range(1, articles + 1):
        folder = seeds / "briefings" / f"synthetic-{number:04d}"
        for entry_id, found in _briefing(folder, number, annotations, glossary, rng).items():
            mentions[entry_id][folder.name] = found
    for entry in glossary:
        data = dict(entry.data)
        if mentions[entry.id]:
            data["mentions"] = mentions[entry.id]
        path = seeds / "glossary" / entry.type / f"{entry.id}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_dump(data), encoding="utf-8")
    return seeds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path, help="folder to write (replaced); seeds go in OUT/seeds")
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--annotations", type=int, default=40, help="per article")
    parser.add_argument("--entries", type=int, default=320, help="glossary size")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    seeds = generate(args.out, args.articles, args.annotations, args.entries, args.seed)
    print(f"wrote {seeds}")


if __name__ == "__main__":
    main()
