"""Links to a file in the other language, and images, work in the built site (crosslinks.py)."""

from __future__ import annotations

import pytest
from conftest import build_site, make_project
from quickinsights.model.linkcheck import check_site
from quickinsights.site import crosslinks

EN = """
---
title: Strategy on one page
date: 2025-01-10
author: Anna de Vries
categories: [strategy]
summary: Why one page is enough.
translation_key: one-page
---

Read it [in Dutch](../nl/strategie-op-een-a4.md), see [its reasons](../nl/strategie-op-een-a4.md#waarom),
[the Dutch home](../nl/index.md), [about us](about.md) and [ref][nl].

![A picture next to the insight](img/dot.png)

[nl]: ../nl/about.md
"""

NL = """
---
title: Strategie op een A4
date: 2025-01-10
author: Anna de Vries
categories: [strategie]
summary: Waarom een pagina genoeg is.
translation_key: one-page
---

Lees het [in het Engels](../en/strategy-on-one-page.md) of `[niet](../en/code.md)`.

## Waarom

Omdat het werkt.
"""


@pytest.mark.parametrize(
    "markdown,src_uri,page_url,expected",
    [
        ("[a](../nl/x.md)", "en/a.md", "a/", "[a](../nl/x/)"),
        ("[a](../nl/x.md#h)", "en/a.md", "a/", "[a](../nl/x/#h)"),
        ("[a](../en/x.md)", "nl/a.md", "nl/a/", "[a](../../x/)"),
        ("[a](../nl/index.md)", "en/a.md", "a/", "[a](../nl/)"),
        ("[a](../en/index.md)", "nl/a.md", "nl/a/", "[a](../../)"),
        ("[r]: ../nl/x.md", "en/a.md", "a/", "[r]: ../nl/x/"),
        ('<a href="../nl/x.md">a</a>', "en/a.md", "a/", '<a href="../nl/x/">a</a>'),
        # Same language, other sites and code stay as they are: MkDocs handles them.
        ("[a](x.md) [b](../en/x.md) [c](https://e.org/x.md) `[d](../nl/x.md)`", "en/a.md", "a/", None),
        ("```\n[a](../nl/x.md)\n```", "en/a.md", "a/", None),
    ],
)
def test_rewrite(markdown, src_uri, page_url, expected):
    assert crosslinks.rewrite(markdown, src_uri, page_url) == (expected or markdown)


def test_links_across_languages_build_strictly_and_lead_to_the_pages(tmp_path):
    project = make_project(
        tmp_path,
        {
            "content/en/strategy-on-one-page.md": EN,
            "content/nl/strategie-op-een-a4.md": NL,
            "content/en/img/dot.png": "png",
        },
    )
    site = build_site(project)
    english = (site / "strategy-on-one-page" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../nl/strategie-op-een-a4/">in Dutch</a>' in english
    assert '<a href="../nl/strategie-op-een-a4/#waarom">its reasons</a>' in english
    assert '<a href="../nl/">the Dutch home</a>' in english
    assert '<a href="../about/">about us</a>' in english
    assert '<a href="../nl/about/">ref</a>' in english
    assert '<img alt="A picture next to the insight" src="../img/dot.png">' in english
    dutch = (site / "nl" / "strategie-op-een-a4" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../strategy-on-one-page/">in het Engels</a>' in dutch
    assert check_site(site, "http://127.0.0.1:8000/").problems == []
