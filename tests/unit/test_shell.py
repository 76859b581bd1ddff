"""Pages poured into a shell page: what the shell must and must not contain."""

from __future__ import annotations

import pytest

from timeline.build import shell


def _page(body: str = "<p>x</p>", edit_url: str | None = None) -> shell.Filling:
    return shell.Filling("sites/a-b/", "A &amp; B", "About A", body, edit_url)


def test_every_marker_is_filled_and_contributor_text_is_never_read_as_a_marker() -> None:
    html = (
        f"<title>{shell.TITLE}</title><meta content='{shell.DESCRIPTION}'>"
        f"<link rel=canonical href='https://x/_tl-shell-edit/x/'><a href='{shell.EDIT_URL}'>e</a>{shell.BODY}"
    )
    filled = shell.Shell(html, "_tl-shell-edit/x/").fill(
        _page(body=f"<p>{shell.TITLE} _tl-shell-edit/x/</p>", edit_url="https://e/?a=1&b=2")
    )
    assert filled == (
        "<title>A &amp; B</title><meta content='About A'><link rel=canonical href='https://x/sites/a-b/'>"
        f"<a href='https://e/?a=1&amp;b=2'>e</a><p>{shell.TITLE} _tl-shell-edit/x/</p>"
    )


def test_a_shell_value_the_timeline_does_not_fill_is_refused() -> None:
    # e.g. Material's "view source" button, made from the edit link: every page would show the shell's.
    html = f"<a href='https://tl-shell.invalid/raw-marker'>view</a>{shell.BODY}"
    with pytest.raises(ValueError, match="does not fill in"):
        shell.Shell(html, "_tl-shell/x/")


def test_a_shell_without_its_body_marker_is_refused() -> None:
    with pytest.raises(ValueError, match="content marker"):
        shell.Shell("<p>nothing</p>", "_tl-shell/x/")


def test_the_themes_indentation_goes_but_white_space_that_shows_and_the_pages_own_text_stay() -> None:
    html = (
        "<html>\n  <head>\n    <title>\n      " + shell.TITLE + "\n    </title>\n  </head>\n\n\n  <body>\n"
        "    <nav>\n      <a href='/'>Home</a>\n    </nav>\n" + shell.BODY + "\n  </body>\n</html>\n"
    )
    body = "<pre>  two\n\n    spaces</pre>\n\n   <p>\n    text\n   </p>"
    filled = shell.Shell(html, "_tl-shell/x/").fill(_page(body=body))
    assert filled == (
        "<html>\n<head>\n<title>\nA &amp; B\n</title>\n</head>\n<body>\n<nav>\n<a href='/'>Home</a>\n</nav>\n"
        + body
        + "\n</body>\n</html>\n"
    )
    with_pre = "<div>\n    <pre>a\n    b</pre>\n</div>" + shell.BODY
    assert shell.Shell(with_pre, "_tl-shell/x/").fill(_page(body="")) == "<div>\n    <pre>a\n    b</pre>\n</div>"
