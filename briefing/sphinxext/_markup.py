"""Contributor Markdown to docutils nodes, through the restricted parser only.

Nothing here can produce raw HTML, directives or roles: unknown tokens become
plain text and links with a scheme outside http/https/mailto lose their link.
"""

from __future__ import annotations

from docutils import nodes
from markdown_it.token import Token

from ..markup import link_allowed, restricted_parser

_CONTAINERS = {
    "paragraph_open": nodes.paragraph,
    "bullet_list_open": nodes.bullet_list,
    "ordered_list_open": nodes.enumerated_list,
    "list_item_open": nodes.list_item,
}
_INLINE = {"em_open": nodes.emphasis, "strong_open": nodes.strong}


def _inline(tokens: list[Token]) -> list[nodes.Node]:
    root = nodes.inline()
    stack: list[nodes.Element] = [root]
    for token in tokens:
        kind = token.type
        if kind in _INLINE:
            child = _INLINE[kind]()
            stack[-1] += child
            stack.append(child)
        elif kind == "link_open":
            href = str(token.attrGet("href") or "")
            child = (
                nodes.reference(refuri=href, classes=["external"]) if link_allowed(href) else nodes.inline()
            )
            stack[-1] += child
            stack.append(child)
        elif kind.endswith("_close"):
            if len(stack) > 1:
                stack.pop()
        elif kind == "code_inline":
            stack[-1] += nodes.literal(token.content, token.content)
        elif kind in ("softbreak", "hardbreak"):
            stack[-1] += nodes.Text(" ")
        else:
            stack[-1] += nodes.Text(token.content)
    return list(root.children)


def markdown_nodes(text: str) -> list[nodes.Node]:
    """Block-level nodes for a restricted-Markdown body."""
    root = nodes.container()
    stack: list[nodes.Element] = [root]
    for token in restricted_parser().parse(text):
        if token.type in _CONTAINERS:
            child = _CONTAINERS[token.type]()
            if token.type == "bullet_list_open":
                child["bullet"] = "-"
            if token.type == "ordered_list_open":
                child["enumtype"] = "arabic"
                child["prefix"], child["suffix"] = "", "."
            stack[-1] += child
            stack.append(child)
        elif token.type.endswith("_close"):
            if len(stack) > 1:
                stack.pop()
        elif token.type == "inline":
            target = stack[-1]
            if not isinstance(target, nodes.paragraph):  # items of a tight list
                paragraph = nodes.paragraph()
                target += paragraph
                target = paragraph
            target.extend(_inline(token.children or []))
    return list(root.children)
