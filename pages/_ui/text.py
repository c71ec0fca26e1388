"""Text typed by users, made safe to put into Markdown (no links, no formatting injected)."""

import re

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md_escape(text: str) -> str:
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text or "")
