"""Swedish words OCR misread in their å, ä or ö, mended from a Swedish word list.

Tesseract's Swedish model loses or mistakes the marked letters: "fullmaktige",
"Aterkommande", "hushall", "F6rtroendevaldas", "F&" for "Få". A word that is
neither a word of the Swedish Hunspell dictionary (hunspell-sv, through spylls)
nor one of its inflections nor a word of the catalogues is tried with those letters
put back: a, A, o, O for ä/å, Ä/Å, ö, Ö, and "é", "6", "&" (what OCR makes of ö and
å) for them. It is mended only when exactly one such spelling, with as few letters
changed as possible (one, else two), is a dictionary word or inflection. Compounds
count for neither side: the dictionary's compounding rules accept nonsense as
readily as sense ("webbsands" as webb + sands, "örtkorridor" for "ortkorridor"), so
a compound is never the mended spelling, and a compound read right ("ortkorridor")
is left alone because no single word fits; only a word holding "6" or "&", surely
misread, is given ö, å for them when the dictionary accepts the result even as a
compound ("brukarunders6kningar"). A word the dictionary lists ("fora",
"Mora") or the catalogues hold ("omvärldsspanning") is never changed, nor a word
with no such letter.

Applied to the texts that the report gives word for word and that OCR read (bullet
items, sub-areas, question texts the catalogue does not hold).
"""

from __future__ import annotations

import functools
import itertools
import re
import sys
from pathlib import Path
from typing import Any

from extractor.input.ocr import _vocabulary  # the labels' and criteria catalogues' words

# What OCR reads for a Swedish letter, and the letters it may stand for.
_CONFUSIONS = {
    "a": "äå",
    "A": "ÄÅ",
    "o": "ö",
    "O": "Ö",
    "é": "ö",
    "6": "ö",
    "&": "å",
}
# At most this many letters are put back in one word.
_MAX_CHANGES = 2
# Shorter words are too ambiguous ("for", "far" are words in their own right).
_MIN_LENGTH = 3  # unless the word holds a "&" or "6", which no Swedish word does
_WORD = re.compile(r"^([^\wé&]*)([\wé&-]+?)([^\wé&]*)$")


def mend_text(text: str) -> str:
    """`text` with each misread word mended (see the module)."""
    if _dictionary() is None:
        return text
    return " ".join(mend_word(w) for w in text.split(" "))


def mend_word(word: str) -> str:
    m = _WORD.match(word)
    if m is None:
        return word
    head, core, tail = m.groups()
    if "-" in core.strip("-"):
        # A hyphenated compound ("KS-méten"): each part is a word of its own.
        return head + "-".join(mend_word(part) if part else part for part in core.split("-")) + tail
    short = len(core) < _MIN_LENGTH and not ("&" in core or "6" in core)  # "F&" for "Få"
    if short or not any(c in _CONFUSIONS for c in core):
        return word
    if any(c.isdigit() for c in core.replace("6", "")) or not any(c.isalpha() for c in core):
        return word
    if "6" in core and not all(c.isalpha() for c in core.replace("6", "")):
        return word
    if _known(core):
        return word
    spots = [i for i, c in enumerate(core) if c in _CONFUSIONS]
    for changes in range(1, _MAX_CHANGES + 1):
        found = set()
        for where in itertools.combinations(spots, changes):
            for letters in itertools.product(*(_CONFUSIONS[core[i]] for i in where)):
                chars = list(core)
                for i, letter in zip(where, letters, strict=True):
                    chars[i] = letter
                candidate = "".join(chars)
                if _listed(candidate):
                    found.add(candidate)
        if len(found) == 1:
            return head + found.pop() + tail
        if found:
            return word  # two words fit: not ours to choose
    return head + _certain(core) + tail


def _certain(core: str) -> str:
    """A word with "6" or "&" between its letters, which no Swedish word holds, read
    with ö and å for them and nothing else changed, when the dictionary accepts that
    spelling even as a compound ("brukarunders6kningar"): the word as read is surely
    wrong and ö, å are the only letters OCR makes those of. Else the word as read."""
    if not ("6" in core or "&" in core) or not core[:1].isalpha():
        return core
    spelled = core.replace("6", "ö").replace("&", "å")
    dictionary = _dictionary()
    return spelled if dictionary is not None and bool(dictionary.lookup(spelled)) else core


@functools.lru_cache(maxsize=1 << 14)
def _known(word: str) -> bool:
    dictionary = _dictionary()
    if dictionary is None or "&" in word or "6" in word:
        return False
    return word.casefold() in _vocabulary().known or _listed(word)


@functools.lru_cache(maxsize=1 << 14)
def _listed(word: str) -> bool:
    """A word of the dictionary itself or one of its inflections, not a compound its
    compounding rules allow."""
    dictionary = _dictionary()
    if dictionary is None:
        return False
    # lookup() also applies the dictionary's checks (forbidden words, forms that
    # only stand inside a compound) that good_forms() leaves to its caller.
    return bool(dictionary.lookup(word)) and any(
        True for _ in dictionary.lookuper.good_forms(word, compound_forms=False)
    )


def load_dictionary() -> bool:
    """Load the Swedish dictionary now rather than at the first text OCR read (about
    2.5 s of CPU, once per process); False where it is not installed."""
    return _dictionary() is not None


@functools.lru_cache(maxsize=1)
def _dictionary() -> Any:
    """The Swedish Hunspell dictionary (pip package hunspell-sv, installed under the
    environment's share/hunspell), or None where it or spylls is missing."""
    try:
        from spylls.hunspell import Dictionary  # type: ignore[import-untyped]
    except ImportError:
        return None
    for base in (Path(sys.prefix), Path(sys.base_prefix), Path("/usr")):
        stem = base / "share" / "hunspell" / "sv_SE"
        if stem.with_suffix(".dic").exists() and stem.with_suffix(".aff").exists():
            return Dictionary.from_files(str(stem))
    return None
