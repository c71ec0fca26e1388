from pages._ui.text import md_escape


def test_a_typed_link_is_shown_as_text_not_as_a_link():
    assert md_escape("[gagnez](https://evil.example)") == r"\[gagnez\]\(https\:\/\/evil\.example\)".replace(r"\/", "/")


def test_bold_and_html_markers_are_neutralised():
    assert md_escape("**Jean** <b>") == r"\*\*Jean\*\* \<b\>"


def test_a_plain_french_name_is_unchanged():
    assert md_escape("Élodie Lefèvre") == "Élodie Lefèvre"
