# The native word reader (_stext.c): see its header comment.
MUPDF_VERSION: str

def page_words(
    address: int, glyphs: str, corrections: bool, /
) -> list[tuple[str, float, float, float, float, float, bool]] | None: ...
