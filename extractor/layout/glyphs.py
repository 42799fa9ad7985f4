"""Bullet glyphs: which characters start a list item."""

from __future__ import annotations

from extractor.catalogue.labels import labels


def is_bullet_glyph(text: str) -> bool:
    """A word that is nothing but a bullet glyph (•, ▪, the Symbol-font U+F0B7, …).

    Dashes and "o" count only as a standalone word; glued to text they are words.
    """
    return text in labels().bullet_glyphs


def split_bullet(text: str) -> tuple[bool, str]:
    """("• Styrprinciper" -> (True, "Styrprinciper")); glyphs that double as
    punctuation (-, –, o) need a following space to count."""
    stripped = text.lstrip()
    if not stripped:
        return False, text
    first = stripped[0]
    if first in labels().bullet_glyphs:
        rest = stripped[1:]
        if first in labels().bullet_glyphs_need_space and not rest.startswith((" ", "\t", "\u00a0")):
            return False, text
        return True, rest.strip()
    return False, text


def is_glyph_char(c: str) -> bool:
    """A character that is always a bullet, never part of a word (•, ▪, U+F0B7 …).

    Readers cut words at such characters so that a glyph glued to its text stands alone.
    """
    return c in labels().bullet_glyphs and c not in labels().bullet_glyphs_need_space
