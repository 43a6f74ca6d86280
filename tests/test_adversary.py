"""The whole input as the adversary.

``test_security`` varies the text of fields inside a well-formed project. Here a
stranger's pull request may change anything: any value of any YAML document (a
number where a date belongs, a list nested thousands deep, a reserved id, a
``javascript:`` address), the article's text (runs of combining marks, astral
noncharacters, characters no font draws, terminal escapes), whole files
replaced by arbitrary text. For every such project, run as a contributor and CI
run it (``python -m briefing`` in its own process, under a memory and time
limit), the product keeps its promises:

- ``check`` ends with 0 or 1, never a traceback, and every line it prints is a
  located diagnostic or its summary;
- what ``check`` accepts, ``build`` builds (site and PDF) within the limits;
- a ``build`` that stops leaves the previous output exactly as it was.
"""

from __future__ import annotations

import hashlib
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from briefing.loading._yaml import MAX_DEPTH

from .conftest import SCENARIOS

MEMORY_LIMIT = 6 * 1024**3
"""Address space for one command and each of its processes: far above what the seed needs."""
TIME_LIMIT = 240
"""Seconds for one command; a two-briefing build takes a few."""

SCENARIO = SCENARIOS / "two-briefings"

HOSTILE_STRINGS = [
    "index",
    "glossary",
    "timeline",
    "sources",
    "genindex",
    "search",
    "_static",
    "0",
    "1749340800",
    "0001-01-01",
    "9999-12-31",
    "2025-02-30",
    "javascript:alert(1)",
    "data:text/html,<b>x</b>",
    "https://example.org/{a}|^`b",
    "https://example.org/%zz",
    "https://example.org/ok path",
    "\U0001fffe",
    "\U0010ffff",
    "\ufdd0",
    "\u3164",
    "\u0eb1",
    "\U0001f9d1\u200d\U0001f680",
    "\U0001f1fa\U0001f1f8",
    "\x1b]0;title\x07",
    "\x1b]52;c;ZWNobyBwd25lZA==\x07",
    "\x1b[2J",
    "\x9b31m",
    "\u202eevil\u202c",
    "{{ config }}",
    "</script><script>alert(1)</script>",
    ":::{raw} html\n<b>x</b>\n:::",
    "---\ntitle: front matter\n---",
    "*a *a *a *a *a *a *a *a *a *a *a *a *a *a *a *a *a *a x",
    "Qqzx",
    "dysprosium",
]
"""Values shaped like the classes of attack this project has met: reserved names,
numbers and impossible dates where dates belong, addresses no IRI allows, characters
that fonts, terminals or parsers mishandle, markup of every output language."""

ANY_CHARS = st.characters(blacklist_categories=("Cs",))


@st.composite
def combining_run(draw: st.DrawFn) -> str:
    base = draw(st.sampled_from("aиאกक"))
    mark = draw(st.sampled_from("\u0301\u0308\u0327\u05b4\u0e49\u093c\u20d7"))
    return base + mark * draw(st.integers(1, 5000))


TEXT = st.one_of(
    st.text(ANY_CHARS, max_size=40),
    st.sampled_from(HOSTILE_STRINGS),
    combining_run(),
    st.lists(st.sampled_from(HOSTILE_STRINGS), min_size=2, max_size=4).map(" ".join),
)


class Deep:
    """A sequence nested ``depth`` deep, written as flow YAML (no dumper survives it)."""

    def __init__(self, depth: int) -> None:
        self.depth = depth

    def __repr__(self) -> str:
        return f"Deep({self.depth})"

    def token(self) -> str:
        return f"deep-{self.depth}-nesting"


SCALAR = st.one_of(
    TEXT,
    st.integers(min_value=-(2**63), max_value=2**63),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.dates(),
)
VALUE = st.one_of(
    st.recursive(
        SCALAR,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
        ),
        max_leaves=10,
    ),
    st.integers(2, 6000).map(Deep),
)


def _paths(doc: Any, here: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every key path in a loaded YAML document, the document itself first."""
    yield here
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from _paths(value, (*here, key))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            yield from _paths(value, (*here, index))


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    holder = doc
    for key in path[:-1]:
        holder = holder[key]
    holder[path[-1]] = value
    return doc


def _dump(doc: Any) -> str:
    deep: list[Deep] = []

    def swap(value: Any) -> Any:
        if isinstance(value, Deep):
            deep.append(value)
            return value.token()
        if isinstance(value, dict):
            return {k: swap(v) for k, v in value.items()}
        if isinstance(value, list):
            return [swap(v) for v in value]
        return value

    text = yaml.safe_dump(swap(doc), allow_unicode=True, sort_keys=False, width=10_000)
    for d in deep:
        text = text.replace(d.token(), "[" * d.depth + "]" * d.depth, 1)
    return text


@st.composite
def mutation(draw: st.DrawFn, files: list[Path]) -> tuple[str, ...] | tuple[Any, ...]:
    kind = draw(st.sampled_from(["value", "value", "value", "rename", "article", "event", "raw"]))
    if kind in ("value", "rename", "raw"):
        return (kind, draw(st.sampled_from([f for f in files if f.suffix == ".yaml"])), draw(st.data()))
    return (kind, draw(st.data()))


@st.composite
def hostile_project(draw: st.DrawFn) -> list[tuple[Any, ...]]:
    files = sorted(p.relative_to(SCENARIO) for p in SCENARIO.rglob("*") if p.is_file())
    return draw(st.lists(mutation(files), min_size=1, max_size=4))


def _nesting(doc: Any) -> int:
    """How deep lists and mappings nest in ``doc``, counted without recursion."""
    deepest, stack = 0, [(doc, 1)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        for child in children:
            if isinstance(child, (dict, list)):
                deepest = max(deepest, depth)
                stack.append((child, depth + 1))
    return deepest


def _load(path: Path) -> Any:
    """A file's YAML, or None where an earlier mutation left it no YAML this test can read
    and write back: unparsable, or nested deeper than the product reads (PyYAML's writer
    recurses, so a document a few thousand levels deep cannot be dumped again)."""
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, RecursionError, UnicodeDecodeError):
        return None
    return None if _nesting(doc) > MAX_DEPTH else doc


def _apply(seeds: Path, mutations: list[tuple[Any, ...]]) -> None:
    for kind, *args in mutations:
        if kind == "value":
            rel, data = args
            path = seeds / rel
            if not path.exists():
                continue
            doc = _load(path)
            where = data.draw(st.sampled_from(list(_paths(doc))))
            path.write_text(_dump(_set(doc, where, data.draw(VALUE))), encoding="utf-8")
        elif kind == "rename":  # an entry or a note under another name, its id changed to match
            rel, data = args
            path = seeds / rel
            if not path.exists():
                continue
            name = data.draw(st.one_of(st.sampled_from(HOSTILE_STRINGS), st.text(ANY_CHARS, max_size=12)))
            name = name.replace("/", "-").replace("\x00", "")
            if name in ("", ".", "..") or len(name.encode()) > 200:
                continue
            doc = _load(path)
            if isinstance(doc, dict) and "id" in doc:
                doc["id"] = name
            path.unlink()
            path.with_name(f"{name}.yaml").write_bytes(_dump(doc).encode("utf-8", "surrogatepass"))
        elif kind == "raw":  # a file replaced by any text at all
            rel, data = args
            text = data.draw(
                st.one_of(
                    st.text(ANY_CHARS, max_size=200),
                    st.integers(2, 6000).map(lambda n: "k: " + "[" * n + "]" * n),
                    st.integers(2, 3000).map(lambda n: "k:\n" + "".join(f"{' ' * i}- \n" for i in range(n))),
                    st.integers(2, 3000).map(lambda n: "k: " + "{a: " * n + "1" + "}" * n),
                )
            )
            (seeds / rel).write_bytes(text.encode("utf-8", "surrogatepass"))
        elif kind == "article":  # hostile lines added, the checksum updated as a contributor would
            (data,) = args
            folder = seeds / "briefings" / data.draw(st.sampled_from(["alpha", "beta"]))
            article = folder / "article.txt"
            lines = data.draw(st.lists(TEXT, min_size=1, max_size=4))
            text = article.read_text(encoding="utf-8") + "\n" + "\n\n".join(lines) + "\n"
            raw = text.encode("utf-8", "surrogatepass")
            article.write_bytes(raw)
            meta = folder / "briefing.yaml"
            doc = _load(meta)
            if not isinstance(doc, dict):
                continue
            doc["sha256"] = hashlib.sha256(raw).hexdigest()
            meta.write_text(_dump(doc), encoding="utf-8")
        elif kind == "event":  # a dated entry, for the timeline, the who's who and the track of dates
            (data,) = args
            start = data.draw(st.one_of(st.dates(), SCALAR))
            event = {
                "id": "hostile-event",
                "type": "event",
                "title": data.draw(TEXT),
                "summary": data.draw(TEXT),
                "start": start,
                "end": data.draw(st.one_of(st.none(), st.dates(), SCALAR)),
                "parties": ["mofcom"],
                "sources": [{"title": data.draw(TEXT), "url": data.draw(TEXT)}],
                "mentions": {"alpha": [{"quote": "dysprosium", "occurrence": 1}]},
            }
            event = {k: v for k, v in event.items() if v is not None}
            (seeds / "glossary" / "hostile-event.yaml").write_text(_dump(event), encoding="utf-8")


def _limits() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def briefing(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m briefing ARGS`` as a contributor runs it, bounded in memory and time."""
    try:
        return subprocess.run(
            [sys.executable, "-m", "briefing", *map(str, args)],
            cwd=cwd,
            capture_output=True,
            text=True,
            errors="surrogateescape",
            timeout=TIME_LIMIT,
            preexec_fn=_limits,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"`briefing {' '.join(map(str, args))}` ran past {TIME_LIMIT} s")


DIAGNOSTIC = re.compile(r"^\S.*:\d+:\d+: (error|warning)\[[a-z-]+\]: .+$|^  hint: .+$")
SUMMARY = re.compile(
    r"^\d+ briefing\(s\), \d+ entries, \d+ anchored annotations: \d+ error\(s\), \d+ warning\(s\)$"
)


def assert_clean_output(run: subprocess.CompletedProcess[str]) -> None:
    for stream in (run.stdout, run.stderr):
        assert "Traceback" not in stream, stream[-3000:]
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", stream), stream[-3000:]


def tree_digest(root: Path) -> str:
    """The names and bytes of every file under ``root``."""
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and ".work" not in path.relative_to(root).parts:
            h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def good_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The scenario built once, site and PDF: the output a hostile build must never spoil."""
    root = tmp_path_factory.mktemp("good")
    shutil.copytree(SCENARIO, root / "seeds")
    run = briefing("build", "--seeds", "seeds", "--out", "out", cwd=root)
    assert run.returncode == 0, run.stderr
    return root / "out"


@settings(
    max_examples=int(os.environ.get("BRIEFING_ADVERSARY_EXAMPLES", "24")),
    deadline=None,
    derandomize=os.environ.get("CI") == "true",  # CI replays one fixed set; locally each run explores anew
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # shrinking builds would take many minutes
)
@given(mutations=hostile_project())
def test_check_locates_or_build_builds_and_keeps_the_last_output(
    mutations: list[tuple[Any, ...]], good_output: Path
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        seeds = root / "seeds"
        shutil.copytree(SCENARIO, seeds)
        _apply(seeds, mutations)
        before = {p: p.read_bytes() for p in seeds.rglob("*") if p.is_file() and not p.is_symlink()}

        check = briefing("check", "--seeds", "seeds", "--no-cache", cwd=root)
        assert_clean_output(check)
        assert check.returncode in (0, 1), (check.returncode, check.stderr[-3000:])
        lines = [line for line in (check.stdout + check.stderr).splitlines() if line]
        assert lines and SUMMARY.match(lines[-1]), lines[-3:]
        for line in lines[:-1]:
            assert DIAGNOSTIC.match(line), line

        out = root / "out"
        shutil.copytree(good_output, out)
        last = tree_digest(out)
        build = briefing("build", "--seeds", "seeds", "--out", "out", cwd=root)
        assert_clean_output(build)
        if check.returncode == 0:
            assert build.returncode == 0, f"check passed but build failed:\n{build.stderr[-3000:]}"
            assert (out / "html" / "index.html").is_file()
            assert sorted(p.name for p in (out / "pdf").glob("*.pdf")) == ["alpha.pdf", "beta.pdf"]
        else:
            assert build.returncode == 1, build.stderr[-3000:]
            assert tree_digest(out) == last, "a stopped build changed the previous output"
        after = {p: p.read_bytes() for p in seeds.rglob("*") if p.is_file() and not p.is_symlink()}
        assert after == before, "check or build changed the sources"
