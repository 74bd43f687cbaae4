"""The build starts Material's script on tool pages through cp14-material.js
(hooks/finish.py: defer_theme), and fails loudly if the theme's tag changes."""

import pytest

from modkit import load_file


def _hook():
    return load_file("cp14_finish", "hooks/finish.py")


TAG = '<script src="../../assets/javascripts/bundle.a5f9d56c.min.js"></script>'


def test_the_theme_tag_becomes_the_loader() -> None:
    out = _hook().defer_theme(f"<body>{TAG}<script src='x.js'></script></body>")
    assert TAG not in out
    assert (
        '<script src="../../javascripts/cp14-material.js"'
        ' data-bundle="../../assets/javascripts/bundle.a5f9d56c.min.js"></script>'
    ) in out
    assert "<script src='x.js'></script>" in out


@pytest.mark.parametrize("page", ["<body></body>", f"<body>{TAG}{TAG}</body>"])
def test_a_page_without_exactly_one_theme_tag_stops_the_build(page: str) -> None:
    with pytest.raises(ValueError, match="theme script tag"):
        _hook().defer_theme(page)
