"""Addresses are absolute http(s) IRIs (RFC 3987), in the records and in ``--base-url``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.iri import check_base_iri, iri_problem

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

GOOD = [
    "https://example.org",
    "http://example.org:8080/a/b;c=d?x=1&y=%20#frag",
    "https://例え.jp/パス?q=1#top",
    "https://en.wikipedia.org/wiki/People's_Republic_of_China",
    "https://[2001:db8::1]/x",
    "HTTPS://EXAMPLE.ORG/",
]
BAD = {
    "javascript:alert(1)": "not `javascript:`",
    "data:text/html,<b>x</b>": "not `data:`",
    "example.org/briefings": "needs a scheme",
    "ftp://example.org/x": "not `ftp:`",
    "https://example.org/a b": "U+0020 (SPACE)",
    "https://example.org/{x}": "U+007B (LEFT CURLY BRACKET)",
    "https://example.org/a|b": "U+007C (VERTICAL LINE)",
    "https://example.org/a^b": "U+005E (CIRCUMFLEX ACCENT)",
    "https://example.org/`x`": "U+0060 (GRAVE ACCENT)",
    'https://example.org/"x"': "U+0022 (QUOTATION MARK)",
    "https://example.org/<script>": "U+003C (LESS-THAN SIGN)",
    "https://example.org/a\\b": "U+005C (REVERSE SOLIDUS)",
    "https://example.org/100%": "`%` at character 24",
    "https://example.org/%zz": "`%` at character 21",
    "https://example.org/\x1b]52;c;eA==\x07": "U+001B",
    "https://example.org/\ufffe": "U+FFFE",
    "https:///path": "needs a host",
    "https://": "needs a host",
    "https://example.org:99999/": "port 99999",
    "https://[not-ipv6]/": "not",
}


@pytest.mark.parametrize("value", GOOD)
def test_well_formed_iris_pass(value: str) -> None:
    assert iri_problem(value) is None


@pytest.mark.parametrize(("value", "reason"), BAD.items(), ids=list(range(len(BAD))))
def test_malformed_iris_say_why(value: str, reason: str) -> None:
    problem = iri_problem(value)
    assert problem is not None and reason in problem


def test_a_base_has_no_query_fragment_or_user_and_ends_in_a_slash() -> None:
    assert check_base_iri("https://example.org/site") == "https://example.org/site/"
    for value in ("https://example.org/?a=1", "https://example.org/#x", "https://user@example.org/"):
        with pytest.raises(ValueError):
            check_base_iri(value)


@pytest.mark.parametrize("command", ["export", "build"])
@pytest.mark.parametrize(("value", "reason"), BAD.items(), ids=list(range(len(BAD))))
def test_base_url_option_refuses_what_is_not_an_http_iri(
    command: str, value: str, reason: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = ["--out", str(tmp_path / "out")] if command == "build" else []
    assert main([command, "--seeds", str(SEEDS), *out, "--base-url", value]) == 2
    err = capsys.readouterr().err
    assert "Invalid value for '--base-url'" in err and reason in err
    assert "\x1b" not in err and "\x07" not in err
    assert not (tmp_path / "out").exists()


def test_export_with_an_international_base_writes_it_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--seeds", str(SEEDS), "--base-url", "https://例え.jp/ブリーフ"]) == 0
    collection = json.loads(capsys.readouterr().out)
    assert collection["id"].startswith("https://例え.jp/ブリーフ/")
    iris = list(_ids(collection))
    assert len(iris) > 100
    assert [iri for iri in iris if iri_problem(iri) is not None] == []


def _ids(data: object) -> Iterator[str]:
    """Every ``id`` and ``source`` value of a JSON-LD document that is an http(s) address."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("id", "source", "partOf") and isinstance(value, str) and value.startswith("http"):
                yield value
            yield from _ids(value)
    elif isinstance(data, list):
        for item in data:
            yield from _ids(item)


def test_new_briefing_refuses_an_article_url_check_would_refuse(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Headline\n\nBody.\n", encoding="utf-8")
    args = ["new", "briefing", "gamma", "--seeds", str(tmp_path / "seeds"), "--article", str(article)]
    assert main([*args, "--url", "https://example.org/a|b"]) == 2
    assert "U+007C (VERTICAL LINE)" in capsys.readouterr().err
    (tmp_path / "seeds").mkdir()
    assert main([*args, "--url", "https://example.org/a%7Cb"]) == 0
    assert "url: https://example.org/a%7Cb" in (tmp_path / "seeds/briefings/gamma/briefing.yaml").read_text()
