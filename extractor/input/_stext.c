/* The words of a page straight from MuPDF's structured text.

   `page_words(address, glyphs, corrections)` walks the fz_stext_page that a PyMuPDF TextPage
   wraps and returns the page's words exactly as `extractor.input.pdf._words` builds
   them from `extractRAWDICT()`, without the one Python dict per character that
   rawdict costs, and without the two listings (`extractDICT`, `extractWORDS`) the
   Python reader matches up line by line.

   The rules are those of `_words` and `_line_words`:
   - blocks, lines and characters are kept as rawdict keeps them: a block or line
     whose box does not meet the page's, or a character whose box does not overlap
     it, is left out (unless the page box is infinite);
   - a line whose direction's x is below 0.9 is skipped (rotated or vertical text);
   - a character's box is its quad's bounding box, which is what PyMuPDF gives
     with its quad corrections off, and also with them on for a font whose
     ascender and descender span at least 1 em (`corrections` says which applies);
   - a word ends at a character Python's str.isspace() calls whitespace, at a gap
     wider than 0.25 em of the next character's size, and on either side of a
     bullet glyph (`glyphs`);
   - a word's box is the union of its characters', its size their largest, and it
     is bold when more than half its characters are: a character is bold when its
     font says so or the font's name (less a subset prefix "ABCDEF+") holds
     "bold", "black", "heavy", "semibold" or "demi", as `_is_bold` decides.

   It returns a list of (text, x0, y0, x1, y1, size, bold) tuples, texts not yet
   NFC-normalised, or None when the page holds anything on which the two could
   differ, and the caller then reads the page the Python way: vertical writing; a
   character code outside Unicode's scalar values, or a control character; a box
   with a NaN or an infinity; a line that ends in visible characters with empty
   boxes (rawdict leaves out a line's last span when its box is empty, and where
   that span begins depends on styles not compared here); a font name that is not
   plain ASCII; with corrections on, a font whose boxes they would change; a
   structure, vector or grid block.

   Only the public structures of MuPDF's headers are read, never changed, and no
   MuPDF function is called, so nothing here needs MuPDF's context or locks. The
   layout of those structures is that of the MuPDF the headers came from:
   MUPDF_VERSION says which, and the caller uses this module only when PyMuPDF
   runs that same MuPDF.
*/

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <math.h>
#include <string.h>

#include "mupdf/fitz.h"

#define WORD_GAP_EM 0.25
#define MAX_GLYPHS 64

typedef struct
{
    Py_UCS4 *text;
    Py_ssize_t len, cap;
    double x0, y0, x1, y1, size;
    Py_ssize_t bold;
} word_t;

typedef struct
{
    const fz_font *font;
    int bold; /* 1 bold, 0 not, -1 a name we do not read */
    int tall; /* ascender - descender >= 1 em: PyMuPDF's quad corrections leave it alone */
} font_memo_t;

/* Python's str.isspace() for one code point (Py_UNICODE_ISSPACE). */
static int is_py_space(int c)
{
    if (c < 0x80)
        return c == 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
    switch (c)
    {
    case 0x85: case 0xa0: case 0x1680: case 0x2028: case 0x2029:
    case 0x202f: case 0x205f: case 0x3000:
        return 1;
    default:
        return c >= 0x2000 && c <= 0x200a;
    }
}

static int is_glyph(int c, const int *glyphs, int n)
{
    for (int i = 0; i < n; i++)
        if (glyphs[i] == c)
            return 1;
    return 0;
}

static int rect_is_empty(fz_rect r) { return r.x0 >= r.x1 || r.y0 >= r.y1; }

static int rect_is_infinite(fz_rect r)
{
    return r.x0 == FZ_MIN_INF_RECT && r.x1 == FZ_MAX_INF_RECT && r.y0 == FZ_MIN_INF_RECT &&
           r.y1 == FZ_MAX_INF_RECT;
}

/* MuPDF's fz_intersect_rect, which this module does not link against. */
static fz_rect rect_intersect(fz_rect a, fz_rect b)
{
    if (rect_is_infinite(a))
        return b;
    if (rect_is_infinite(b))
        return a;
    if (a.x0 < b.x0) a.x0 = b.x0;
    if (a.y0 < b.y0) a.y0 = b.y0;
    if (a.x1 > b.x1) a.x1 = b.x1;
    if (a.y1 > b.y1) a.y1 = b.y1;
    return a;
}

static int rects_overlap(fz_rect a, fz_rect b)
{
    return !(a.x0 >= b.x1 || a.y0 >= b.y1 || a.x1 <= b.x0 || a.y1 <= b.y0);
}

static float min4(float a, float b, float c, float d)
{
    float m = a < b ? a : b;
    m = m < c ? m : c;
    return m < d ? m : d;
}

static float max4(float a, float b, float c, float d)
{
    float m = a > b ? a : b;
    m = m > c ? m : c;
    return m > d ? m : d;
}

static fz_rect rect_from_quad(fz_quad q)
{
    fz_rect r;
    r.x0 = min4(q.ll.x, q.lr.x, q.ul.x, q.ur.x);
    r.y0 = min4(q.ll.y, q.lr.y, q.ul.y, q.ur.y);
    r.x1 = max4(q.ll.x, q.lr.x, q.ul.x, q.ur.x);
    r.y1 = max4(q.ll.y, q.lr.y, q.ul.y, q.ur.y);
    return r;
}

static int quad_is_finite(fz_quad q)
{
    return isfinite(q.ll.x) && isfinite(q.ll.y) && isfinite(q.lr.x) && isfinite(q.lr.y) &&
           isfinite(q.ul.x) && isfinite(q.ul.y) && isfinite(q.ur.x) && isfinite(q.ur.y);
}

/* Bold by the font's flag or its name; -1 for a name that is not plain ASCII
   (PyMuPDF decodes names as raw-unicode-escape, which this does not repeat). */
static int font_bold(const fz_font *font)
{
    static const char *const names[] = {"bold", "black", "heavy", "semibold", "demi"};
    char lower[sizeof(font->name) + 1];
    const char *name;
    size_t n;
    if (font == NULL)
        return 0;
    name = font->name;
    n = strnlen(name, sizeof(font->name));
    {
        const char *plus = memchr(name, '+', n);
        if (plus != NULL && plus - name == 6)
        {
            n -= 7;
            name += 7;
        }
    }
    for (size_t i = 0; i < n; i++)
    {
        unsigned char b = (unsigned char)name[i];
        if (b >= 0x80 || b == '\\')
            return -1;
        lower[i] = (char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
    }
    lower[n] = '\0';
    if (font->flags.is_bold)
        return 1;
    for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
        if (strstr(lower, names[k]) != NULL)
            return 1;
    return 0;
}

/* The font's weight, or -1 when the page must be read the Python way: a name
   not read here, or, with PyMuPDF's quad corrections on, a font whose boxes they
   would change (ascender - descender below 1 em). */
static int memo_bold(font_memo_t *memo, int *used, const fz_font *font, int corrections)
{
    font_memo_t entry;
    for (int i = 0; i < *used; i++)
        if (memo[i].font == font)
            return corrections && !memo[i].tall ? -1 : memo[i].bold;
    entry.font = font;
    entry.bold = font_bold(font);
    entry.tall = font != NULL && (double)font->ascender - (double)font->descender >= 1.0;
    if (*used < 16)
        memo[(*used)++] = entry;
    return corrections && !entry.tall ? -1 : entry.bold;
}

static int word_push(word_t *w, int c, fz_rect r, float size, int bold)
{
    if (w->len == w->cap)
    {
        Py_ssize_t cap = w->cap ? w->cap * 2 : 64;
        Py_UCS4 *text = PyMem_Realloc(w->text, (size_t)cap * sizeof(Py_UCS4));
        if (text == NULL)
            return -1;
        w->text = text;
        w->cap = cap;
    }
    if (w->len == 0)
    {
        w->x0 = r.x0;
        w->y0 = r.y0;
        w->x1 = r.x1;
        w->y1 = r.y1;
        w->size = size;
        w->bold = 0;
    }
    else
    {
        if (r.x0 < w->x0) w->x0 = r.x0;
        if (r.y0 < w->y0) w->y0 = r.y0;
        if (r.x1 > w->x1) w->x1 = r.x1;
        if (r.y1 > w->y1) w->y1 = r.y1;
        if (size > w->size) w->size = size;
    }
    w->bold += bold;
    w->text[w->len++] = (Py_UCS4)c;
    return 0;
}

/* Append the word to `out` as a tuple and empty it; -1 on a Python error. */
static int word_flush(word_t *w, PyObject *out)
{
    PyObject *text, *item;
    int rc;
    if (w->len == 0)
        return 0;
    text = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, w->text, w->len);
    if (text == NULL)
        return -1;
    item = Py_BuildValue("(NdddddO)", text, w->x0, w->y0, w->x1, w->y1, w->size,
                         w->bold * 2 > w->len ? Py_True : Py_False);
    w->len = 0;
    if (item == NULL)
        return -1;
    rc = PyList_Append(out, item);
    Py_DECREF(item);
    return rc;
}

enum { OK = 0, ERROR = -1, FALLBACK = 1 };

static int read_line(const fz_stext_line *line, fz_rect page, int infinite, const int *glyphs,
                     int nglyphs, int corrections, font_memo_t *memo, int *memo_used, word_t *w,
                     PyObject *out)
{
    int empty_tail = 0;  /* the line so far ends in a visible character with an empty box */
    int last = 0;        /* the word's last character */
    double last_x1 = 0;  /* and the right edge of its box */
    if (line->wmode != 0)
        return FALLBACK;
    for (const fz_stext_char *ch = line->first_char; ch != NULL; ch = ch->next)
    {
        int c = ch->c;
        int bold;
        fz_rect r;
        if (!quad_is_finite(ch->quad) || !isfinite(ch->size))
            return FALLBACK;
        r = rect_from_quad(ch->quad);
        if (!infinite && !rects_overlap(page, r))
            continue;
        if (c < 0 || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
            return FALLBACK;
        if (is_py_space(c))
        {
            if (!rect_is_empty(r))
                empty_tail = 0;
            if (word_flush(w, out) < 0)
                return ERROR;
            continue;
        }
        if (c < 0x20 || (c >= 0x7f && c < 0xa0))
            return FALLBACK;
        empty_tail = rect_is_empty(r);
        bold = memo_bold(memo, memo_used, ch->font, corrections);
        if (bold < 0)
            return FALLBACK;
        if (w->len > 0)
        {
            double size = ch->size > 1.0f ? (double)ch->size : 1.0;
            if ((double)r.x0 - last_x1 > WORD_GAP_EM * size || is_glyph(last, glyphs, nglyphs) ||
                is_glyph(c, glyphs, nglyphs))
            {
                if (word_flush(w, out) < 0)
                    return ERROR;
            }
        }
        if (word_push(w, c, r, ch->size, bold) < 0)
            return ERROR;
        last = c;
        last_x1 = r.x1;
    }
    /* rawdict leaves out a line's last span when its box is empty, and whether such
       a character ends a span of its own depends on its style: not decided here. */
    if (empty_tail)
        return FALLBACK;
    return word_flush(w, out) < 0 ? ERROR : OK;
}

static int read_page(const fz_stext_page *tp, const int *glyphs, int nglyphs, int corrections, word_t *w,
                     PyObject *out)
{
    fz_rect page = tp->mediabox;
    int infinite = rect_is_infinite(page);
    font_memo_t memo[16];
    int memo_used = 0;
    for (const fz_stext_block *block = tp->first_block; block != NULL; block = block->next)
    {
        if (block->type != FZ_STEXT_BLOCK_TEXT)
        {
            if (block->type != FZ_STEXT_BLOCK_IMAGE)
                return FALLBACK; /* structure, vector or grid blocks: not asked for */
            continue;
        }
        if (!infinite && rect_is_empty(rect_intersect(page, block->bbox)))
            continue;
        for (const fz_stext_line *line = block->u.t.first_line; line != NULL; line = line->next)
        {
            int rc;
            if (!infinite && rect_is_empty(rect_intersect(page, line->bbox)))
                continue;
            if (!isfinite(line->dir.x))
                return FALLBACK;
            if ((double)line->dir.x < 0.9)
                continue;
            rc = read_line(line, page, infinite, glyphs, nglyphs, corrections, memo, &memo_used, w, out);
            if (rc != OK)
                return rc;
        }
    }
    return OK;
}

static PyObject *page_words(PyObject *module, PyObject *args)
{
    unsigned long long address;
    PyObject *glyph_text, *out;
    int glyphs[MAX_GLYPHS];
    Py_ssize_t nglyphs;
    word_t w = {0};
    int corrections, rc;
    (void)module;
    if (!PyArg_ParseTuple(args, "KUp:page_words", &address, &glyph_text, &corrections))
        return NULL;
    if (address == 0)
    {
        PyErr_SetString(PyExc_ValueError, "page_words: no structured text page");
        return NULL;
    }
    nglyphs = PyUnicode_GET_LENGTH(glyph_text);
    if (nglyphs > MAX_GLYPHS)
    {
        PyErr_SetString(PyExc_ValueError, "page_words: too many glyphs");
        return NULL;
    }
    for (Py_ssize_t i = 0; i < nglyphs; i++)
        glyphs[i] = (int)PyUnicode_READ_CHAR(glyph_text, i);
    out = PyList_New(0);
    if (out == NULL)
        return NULL;
    rc = read_page((const fz_stext_page *)(uintptr_t)address, glyphs, (int)nglyphs, corrections, &w, out);
    PyMem_Free(w.text);
    if (rc == OK)
        return out;
    Py_DECREF(out);
    if (rc == ERROR)
        return NULL;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"page_words", page_words, METH_VARARGS,
     "page_words(address, glyphs, corrections) -> list of (text, x0, y0, x1, y1, size, bold), or None"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_stext",
    .m_doc = "The words of a page straight from MuPDF's structured text.",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit__stext(void)
{
    PyObject *m = PyModule_Create(&module);
    if (m == NULL)
        return NULL;
    if (PyModule_AddStringConstant(m, "MUPDF_VERSION", FZ_VERSION) < 0)
    {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
