from __future__ import annotations

import pytest
from docutils import nodes

from briefing.markup import problems
from briefing.sphinxext._markup import markdown_nodes


def test_allowed_subset_has_no_problems() -> None:
    text = "Some *emphasis*, **strong**, `code`, [a link](https://example.org) and\n\n- a\n- list\n"
    text += "[plain](http://example.org), [mail](mailto:desk@example.org)\n"
    assert problems(text) == []


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("<b>bold</b>", "raw HTML"),
        ("<div>\nblock\n</div>\n", "raw HTML"),
        ("![x](/etc/passwd)", "images"),
        ("# Heading", "headings"),
        ("```{include} /etc/passwd\n```", "MyST directives"),
        (":::{raw} html\n<b>x</b>\n:::", "MyST directives"),
        ("{eval-rst}`x`", "MyST roles"),
        ("{{ secrets }}", "template syntax"),
        ("{% if x %}", "template syntax"),
        ("{# a note #}", "template syntax"),
        ("[x](data:text/html,x)", "`data:`"),
        (".. raw:: html", "reStructuredText directives"),
        ("[x](javascript:alert(1))", "`javascript:`"),
        ("[x](file:///etc/passwd)", "`file:`"),
        ("> quoted", "block quotes"),
    ],
)
def test_forbidden_constructs_are_reported(text: str, fragment: str) -> None:
    found = problems(text)
    assert found, text
    assert any(fragment in p.message for p in found), [p.message for p in found]


def test_rendering_never_produces_raw_nodes_or_bad_links() -> None:
    tree = nodes.container()
    tree.extend(
        markdown_nodes("<script>x</script> [a](javascript:x) [b](https://ok.example) *e*\n\n1. one\n2. two")
    )
    assert not list(tree.findall(nodes.raw))
    refs = [r["refuri"] for r in tree.findall(nodes.reference)]
    assert refs == ["https://ok.example"]
    assert "<script>x</script>" in tree.astext()
    assert len(list(tree.findall(nodes.enumerated_list))) == 1
    assert len(list(tree.findall(nodes.emphasis))) == 1
