"""Benchmark: the SPEC §7 speed targets of the site build.

Run with ``python3 noxfile.py -s bench`` or ``python -m tests.benchmarks.site_scale``
(``--sizes 200 1000`` for the full SPEC run). It prints, in one run:

* for each size of a synthetic project (N articles × 40 annotations, one
  shared glossary): the time of ``briefing check`` without its cache (load,
  anchor, validate) and of an HTML-only build, in total and per article, and
  how the per-article build time grows from the smallest size to the largest
  (linear: about 1.0);
* ``briefing check`` alone at ``--check-sizes`` (200 by default; ``200 1000``
  for the issue's figures), the command in a new process as contributors run
  it: cold (no ``.briefing-cache/``, which it writes), warm (nothing changed;
  target under 1 s at 1,000 articles), after editing one note, after editing
  one glossary entry, and with the cache off;
* for the seed briefing: our HTML build against plain Sphinx building
  equivalent hand-written MyST pages (same content and links, same theme,
  extensions and options, minus ours; target: at most 1.05×), in wall-clock
  and in CPU time.

Each figure is the best of ``--runs`` fresh builds. It asserts nothing: it measures.
"""

from __future__ import annotations

import argparse
import gc
import io
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils

from briefing.build import SITE_TITLE, build, sphinx_config
from briefing.cache import CACHE_DIR
from briefing.checks import check_project
from briefing.core import NOTE_KINDS as KIND_LABELS
from briefing.core import long_date, type_heading
from briefing.corpus import Briefing, Corpus, ResolvedNote
from briefing.model import ENTRY_TYPES, Entry, Event, Source
from briefing.records import _entry_fields
from tests.benchmarks.synthetic import generate

ROOT = Path(__file__).resolve().parents[2]


def best(runs: int, measure: Callable[[], float]) -> float:
    return min(measure() for _ in range(runs))


def timed(action: Callable[[], Any]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def our_build(seeds: Path, tmp: Path) -> float:
    out = Path(tempfile.mkdtemp(dir=tmp))
    return timed(lambda: build(seeds, out, pdf=False))


# --- the baseline: the seed briefing as hand-written MyST pages -------------------------------

_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|"})


def md(text: str) -> str:
    """Plain text as Markdown: only the characters Markdown would act on are escaped."""
    return " ".join(text.split()).translate(_SPECIAL)


def _source_line(source: Source) -> str:
    title = f"[{md(source.title)}]({source.url})" if source.url else md(source.title)
    extra = [source.publisher or "", long_date(source.date)]
    return f"- {title}" + "".join(f", {md(e)}" for e in extra if e)


def _note_block(note: ResolvedNote) -> list[str]:
    n = note.note
    head = f"**{note.number} {KIND_LABELS[n.kind]}**" + (f" {md(n.title)}" if n.title else "")
    terms = [f"Likelihood: {n.likelihood}" if n.likelihood else "", f"Confidence: {n.confidence}"]
    meta = " · ".join([md(n.author), long_date(n.date), *(t for t in terms if n.confidence and t)])
    lines = [head, "", meta, "", *n.body.strip().splitlines()]
    if n.sources:
        lines += ["", f"Sources ({len(n.sources)}):", "", *(_source_line(s) for s in n.sources)]
    return [f"> {line}".rstrip() for line in lines] + [""]


def _briefing_page(briefing: Briefing) -> str:
    meta, article = briefing.meta, briefing.article
    out = [f"# {md(meta.title)}", ""]
    if meta.subtitle:
        out += [md(meta.subtitle), ""]
    dateline = [f"Published {long_date(meta.published)}", *([md(meta.publisher)] if meta.publisher else [])]
    links = (
        f'<a href="../pdf/{meta.id}.pdf">Download PDF</a>',
        '<a href="../annotations.jsonld">Annotations (W3C JSON-LD)</a>',
    )
    out += [" · ".join([*dateline, *links]), ""]
    if briefing.key_judgments:
        out += ["```{rubric} Key judgments", "```", ""]
        for i, kj in enumerate(briefing.key_judgments, start=1):
            first = kj.note.body.strip().split("\n\n")[0]
            title = f"**{md(kj.note.title)}.** " if kj.note.title else ""
            out += [f"{i}. {title}{' '.join(first.split())}", ""]
            reasoning = "[Reasoning and sources](#key-judgments-in-full)"
            out += [f"   Confidence: {kj.note.confidence} · {reasoning}", ""]
    out += ["## The article", ""]
    for block in article.blocks:
        text, at = [], block.start
        for m in (m for m in briefing.mentions if m.span.block == block.number):
            text.append(md(article.text[at : m.span.start]))
            quote = md(article.text[m.span.start : m.span.end])
            text.append(f"[{quote}](../glossary/{m.entry}.md)")
            at = m.span.end
        text.append(md(article.text[at : block.end]))
        out += ["".join(text), ""]
        for note in briefing.notes:
            if note.span and note.span.block == block.number:
                out += _note_block(note)
    if briefing.key_judgments:
        out += ["## Key judgments in full", ""]
        for kj in briefing.key_judgments:
            out += _note_block(kj)
    return "\n".join(out)


def _entry_page(entry: Entry, corpus: Corpus) -> str:
    out = ["---", "orphan: true", "---", "", f"# {md(entry.title)}", ""]
    out += [entry.type.capitalize(), "", md(entry.summary), ""]
    for field in _entry_fields(entry):
        if field.entries:
            value = ", ".join(f"[{md(corpus.entries[e].title)}]({e}.md)" for e in field.entries)
        elif field.link:
            value = f"[{field.value}]({field.link})"
        elif isinstance(field.value, tuple):
            value = md("; ".join(field.value))
        else:
            value = md(field.value)
        out.append(f"- **{md(field.label)}:** {value}")
    out += ["", entry.body.strip(), ""]
    if entry.sources:
        out += ["```{rubric} Sources", "```", "", *(_source_line(s) for s in entry.sources), ""]
    out += ["## Mentioned in", ""]
    backlinks = []
    for briefing in corpus.briefings.values():
        for m in briefing.mentions:
            if m.entry == entry.id:
                block = briefing.article.blocks[m.span.block - 1]
                before = block.text[: m.span.start - block.start][-60:]
                after = block.text[m.span.end - block.start :][:60]
                quote = briefing.article.text[m.span.start : m.span.end]
                backlinks.append(
                    f"- [{md(briefing.meta.title)}, ¶{block.number}](../briefings/{briefing.id}.md): "
                    f"“{md(before)}**{md(quote)}**{md(after)}”"
                )
    out += backlinks or ["No briefing mentions this entry yet."]
    return "\n".join(out) + "\n"


def _glossary_page(corpus: Corpus) -> str:
    by_type: dict[str, list[Entry]] = {}
    for entry in corpus.entries.values():
        by_type.setdefault(entry.type, []).append(entry)
    kinds = [k for k in ENTRY_TYPES if k in by_type]
    out = ["# Glossary", "", "Everything the briefings explain, grouped by type.", ""]
    out += [" · ".join(f"[{type_heading(k)} ({len(by_type[k])})](#{k})" for k in kinds), ""]
    for kind in kinds:
        out += [f"({kind})=", f"```{{rubric}} {type_heading(kind)}", "```", ""]
        for entry in sorted(by_type[kind], key=lambda e: e.title.casefold()):
            out.append(f"- [{md(entry.title)}]({entry.id}.md) — {md(entry.summary)}")
        out.append("")
    return "\n".join(out)


def _timeline_page(corpus: Corpus) -> str:
    events = sorted((e for e in corpus.entries.values() if isinstance(e, Event)), key=lambda e: e.start)
    out = ["# Timeline", "", "The dated events the briefings explain, in order.", ""]
    out += ["| Date | Event | What happened |", "| --- | --- | --- |"]
    for e in events:
        when = long_date(e.start) + (f" – {long_date(e.end)}" if e.end and e.end != e.start else "")
        out.append(f"| {when} | [{md(e.title)}](glossary/{e.id}.md) | {md(e.summary)} |")
    return "\n".join(out) + "\n"


def _sources_page(corpus: Corpus) -> str:
    cited: dict[tuple[str, str, str, str], set[str]] = {}
    for entry in corpus.entries.values():
        for s in entry.sources:
            key = (s.title, s.publisher or "", long_date(s.date), str(s.url or ""))
            cited.setdefault(key, set()).add(f"[{md(entry.title)}](glossary/{entry.id}.md)")
    for briefing in corpus.briefings.values():
        for note in briefing.notes:
            for s in note.note.sources:
                key = (s.title, s.publisher or "", long_date(s.date), str(s.url or ""))
                label = f"{KIND_LABELS[note.note.kind]} {note.number}"
                cited.setdefault(key, set()).add(f"[{label}](briefings/{briefing.id}.md)")
    out = ["# Sources", "", "Every source cited by a glossary entry or an analyst note.", ""]
    for (title, publisher, date, url), users in sorted(cited.items(), key=lambda i: i[0][0].casefold()):
        head = f"[{md(title)}]({url})" if url else md(title)
        extra = "".join(f", {md(x)}" for x in (publisher, date) if x)
        out += [f"- {head}{extra}", "", f"  Cited by: {'; '.join(sorted(users))}", ""]
    return "\n".join(out)


def _track_page(corpus: Corpus) -> str:
    """Every key judgment with its likelihood, horizon and outcome (our page adds the score and
    the calibration figure, drawn from the same records)."""
    out = ["# Track record", "", "Every key judgment of the briefings, with its outcome.", ""]
    out += ["| Judgment | Briefing | Likelihood | Horizon | Outcome |", "| --- | --- | --- | --- | --- |"]
    for b in sorted(corpus.briefings.values(), key=lambda b: b.id):
        for resolved in b.notes:
            note = resolved.note
            if note.kind != "key-judgment":
                continue
            outcome = f"{note.outcome.verdict}: {md(note.outcome.basis)}" if note.outcome else "open"
            horizon = long_date(note.horizon) if note.horizon else ""
            out.append(
                f"| {md(note.title or '')} | [{md(b.meta.title)}](briefings/{b.id}.md) "
                f"| {note.likelihood or ''} | {horizon} | {outcome} |"
            )
    return "\n".join(out) + "\n"


def baseline_pages(corpus: Corpus) -> dict[str, str]:
    """The site's pages, hand-written in plain MyST, with the same toctree as ours."""
    briefings = sorted(corpus.briefings.values(), key=lambda b: (b.meta.published, b.id), reverse=True)
    index = [f"# {SITE_TITLE}", "", "Annotated briefings.", ""]
    for b in briefings:
        index += [f"- [{md(b.meta.title)}](briefings/{b.id}.md) — {long_date(b.meta.published)}", ""]
        if b.meta.summary:
            index += [f"  {md(b.meta.summary)}", ""]
    index += ["```{toctree}", ":hidden:", ":maxdepth: 1", ""]
    index += [f"briefings/{b.id}" for b in briefings] + [
        "glossary/index",
        "timeline",
        "sources",
        "track-record",
        "```",
        "",
    ]
    pages = {
        "index.md": "\n".join(index),
        "glossary/index.md": _glossary_page(corpus),
        "timeline.md": _timeline_page(corpus),
        "sources.md": _sources_page(corpus),
        "track-record.md": _track_page(corpus),
    }
    for b in briefings:
        pages[f"briefings/{b.id}.md"] = _briefing_page(b)
    for entry in corpus.entries.values():
        pages[f"glossary/{entry.id}.md"] = _entry_page(entry, corpus)
    return pages


def baseline_config() -> dict[str, Any]:
    """Our Sphinx configuration without our extension and its settings."""
    config = {k: v for k, v in sphinx_config().items() if not k.startswith("briefing_")}
    config["extensions"] = [e for e in config["extensions"] if not e.startswith("briefing")]
    return config


def plain_sphinx(pages: dict[str, str], tmp: Path) -> float:
    work = Path(tempfile.mkdtemp(dir=tmp))
    for rel, text in pages.items():
        (work / "src" / rel).parent.mkdir(parents=True, exist_ok=True)
        (work / "src" / rel).write_text(text, encoding="utf-8")
    log = io.StringIO()
    start = time.perf_counter()
    with patch_docutils(work), docutils_namespace():
        app = Sphinx(
            srcdir=work / "src",
            confdir=None,
            outdir=work / "html",
            doctreedir=work / "doctrees",
            buildername="html",
            confoverrides=baseline_config(),
            status=None,
            warning=log,
        )
        app.build()
    elapsed = time.perf_counter() - start
    if app.statuscode or log.getvalue().strip():
        raise RuntimeError(f"the baseline pages do not build cleanly:\n{log.getvalue()}")
    return elapsed


# --- the runs ---------------------------------------------------------------------------------


def scale(sizes: list[int], annotations: int, runs: int, tmp: Path) -> None:
    print(f"Synthetic corpus: N articles × {annotations} annotations, one shared glossary; best of {runs}")
    print(f"{'N':>6} {'check s':>9} {'ms/article':>11} {'build s':>9} {'ms/article':>11}")
    per_article: list[float] = []
    for n in sizes:
        seeds = generate(tmp / f"synthetic-{n}", n, annotations)
        check = best(runs, partial(timed, partial(check_project, seeds, use_cache=False)))
        built = best(runs, partial(our_build, seeds, tmp))
        per_article.append(built / n)
        print(f"{n:>6} {check:>9.2f} {check / n * 1000:>11.1f} {built:>9.1f} {built / n * 1000:>11.1f}")
    if len(sizes) > 1:
        print(
            f"Build time per article at {sizes[-1]} vs {sizes[0]}: "
            f"{per_article[-1] / per_article[0]:.2f}× (linear: about 1.0)"
        )


def check_scale(sizes: list[int], annotations: int, runs: int, tmp: Path) -> None:
    """``briefing check`` as contributors run it: the command, in a new process each time."""
    print(
        f"briefing check, N articles × {annotations} annotations, the command in a new process; "
        f"best of {runs} (target: warm < 1 s at 1000)"
    )
    heads = ("cold s", "warm s", "note edited s", "entry edited s", "no cache s")
    print(f"{'N':>6} " + " ".join(f"{head:>{len(head) + 1}}" for head in heads))
    for n in sizes:
        seeds = generate(tmp / f"check-{n}", n, annotations)
        figures = _check_times(seeds, n, runs)
        print(
            f"{n:>6} " + " ".join(f"{s:>{len(head) + 1}.2f}" for s, head in zip(figures, heads, strict=True))
        )
        shutil.rmtree(seeds.parent, ignore_errors=True)


def _check_times(seeds: Path, n: int, runs: int) -> list[float]:
    """Cold, warm, after editing a note, after editing an entry, and without the cache."""
    command = [sys.executable, "-m", "briefing", "check", "--seeds", str(seeds)]

    def check(*options: str) -> float:
        return timed(
            partial(
                subprocess.run, [*command, *options], cwd=seeds.parent, stdout=subprocess.DEVNULL, check=True
            )
        )

    def cold() -> float:
        shutil.rmtree(seeds.parent / CACHE_DIR, ignore_errors=True)
        return check()

    edits = iter(range(10**6))

    def edited(path: Path) -> float:
        """A new comment line in a record (new bytes, same meaning), then the check."""
        with path.open("a", encoding="utf-8") as record:
            record.write(f"# edit {next(edits)}\n")
        return check()

    briefing = sorted((seeds / "briefings").iterdir())[n // 2]
    note = sorted((briefing / "notes").glob("*.yaml"))[0]
    entry = sorted((seeds / "glossary").rglob("*.yaml"))[0]
    return [
        best(runs, cold),
        best(runs, check),
        best(runs, partial(edited, note)),
        best(runs, partial(edited, entry)),
        best(runs, partial(check, "--no-cache")),
    ]


def _one_build(kind: str, tmp: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one seed build, ours or plain Sphinx's, in this process."""
    seeds = ROOT / "seeds"
    pages = baseline_pages(check_project(seeds).corpus) if kind == "plain" else {}
    gc.collect()  # neither build pays for the other's (or the set-up's) garbage
    cpu = time.process_time()
    wall = our_build(seeds, tmp) if kind == "ours" else plain_sphinx(pages, tmp)
    return wall, time.process_time() - cpu


def _in_new_process(kind: str, tmp: Path) -> tuple[float, float]:
    """One build in a process of its own, as ``briefing build`` and ``sphinx-build`` run:
    each starts with nothing left over from the other, and neither frees its garbage."""
    code = (
        "import sys; from pathlib import Path; from tests.benchmarks.site_scale import _one_build; "
        "print(*_one_build(sys.argv[1], Path(sys.argv[2])))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, kind, str(tmp)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    wall, cpu = done.stdout.split()
    return float(wall), float(cpu)


def seed_against_baseline(runs: int, tmp: Path) -> None:
    ours, plain, ours_cpu, plain_cpu = [], [], [], []
    for _ in range(runs):  # alternate, so both see the same machine state
        wall, cpu = _in_new_process("ours", tmp)
        ours.append(wall)
        ours_cpu.append(cpu)
        wall, cpu = _in_new_process("plain", tmp)
        plain.append(wall)
        plain_cpu.append(cpu)
    print(
        f"Seed briefing, HTML, each build in a new process: ours {min(ours):.2f} s, plain Sphinx on "
        f"equivalent MyST pages {min(plain):.2f} s: {min(ours) / min(plain):.2f}× (target ≤ 1.05×); "
        f"CPU time {min(ours_cpu):.2f} s against {min(plain_cpu):.2f} s: "
        f"{min(ours_cpu) / min(plain_cpu):.2f}× (steadier on a shared machine)"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[25, 50, 100], help="articles per run")
    parser.add_argument("--annotations", type=int, default=40, help="per article")
    parser.add_argument("--runs", type=int, default=2, help="repeats; the best is shown")
    parser.add_argument("--no-baseline", action="store_true", help="skip the seed vs plain Sphinx run")
    parser.add_argument("--no-scale", action="store_true", help="skip the synthetic corpus runs")
    parser.add_argument(
        "--check-sizes", type=int, nargs="*", default=[200], help="articles per check-only run (cold, warm)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_baseline:
            seed_against_baseline(args.runs, Path(tmp))
        if not args.no_scale:
            scale(sorted(args.sizes), args.annotations, args.runs, Path(tmp))
        if args.check_sizes:
            check_scale(sorted(args.check_sizes), args.annotations, args.runs, Path(tmp))


if __name__ == "__main__":
    main()
