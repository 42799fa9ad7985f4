"""Score sets: the overview tables grouped by the criteria they were scored on.

Most reports have one overview ("Översikt av poängfördelning"). Reports from the
change-over years may print the old criteria's scores beside the new ones: a second
overview section, or the area numbering starting again at 1. Each group is a score
set; its criteria version comes from its own heading when that names one, and
otherwise from its area titles and the report's year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor.catalogue.frameworks import VERSIONS, detect_version
from extractor.catalogue.labels import labels
from extractor.layout.rows import Row
from extractor.report.catalogue_match import ocr_overview_heading, read_by_ocr
from extractor.report.common import fold
from extractor.report.overview import AreaTable, read_overview
from extractor.report.sections import overview_heading_candidates

_VERSION_IN_HEADING = re.compile(r"\b(" + "|".join(VERSIONS) + r")\b")
# The 2002 criteria's reports end in "Poängsammanställning" (issue of the archive);
# the later ones in "Översikt av poängfördelning".
_OLD_OVERVIEW = "poängsammanställning"


@dataclass
class TableSet:
    heading: Row | None
    tables: list[AreaTable] = field(default_factory=list)

    @property
    def heading_text(self) -> str:
        return self.heading.text.strip() if self.heading is not None else ""


def overview_headings(rows: list[Row], toc: set[int], candidates: list[int] | None = None) -> list[int]:
    """Row indices of the overview headings; `candidates`: `overview_heading_candidates(rows)`,
    when the caller has them."""
    wanted = [fold(label) for label in labels().overview_heading]
    found = []
    for i in overview_heading_candidates(rows) if candidates is None else candidates:
        row = rows[i]
        if i in toc or len(row.text) > 120:
            continue
        text = fold(re.sub(r"^\s*\d+([.,]\d+)*[.,]?\s*", "", row.text))
        if any(text.startswith(w) for w in wanted) or (read_by_ocr(row.spans) and ocr_overview_heading(text)):
            found.append(i)
    return found


def group_tables(rows: list[Row], toc: set[int], candidates: list[int] | None = None) -> list[TableSet]:
    heads = overview_headings(rows, toc, candidates)
    sets: list[TableSet] = []
    for k, start in enumerate(heads):
        end = heads[k + 1] if k + 1 < len(heads) else len(rows)
        current = TableSet(heading=rows[start])
        for table in read_overview(rows[start + 1 : end]):
            last = current.tables[-1].number if current.tables else None
            # Numbering that starts again at 1 begins a second set; any other step
            # back is a misprint or a misread number, not a new set.
            if last is not None and table.number == 1 and last >= 1:
                sets.append(current)
                current = TableSet(heading=None)
            current.tables.append(table)
        if current.tables:
            sets.append(current)
    return sets


def set_version(tset: TableSet, year: int | None, several: bool) -> tuple[str | None, list[str]]:
    """The criteria a set of tables was scored on, and why."""
    heading = tset.heading_text
    m = _VERSION_IN_HEADING.search(heading)
    if m:
        return m.group(1), [f"its heading names the {m.group(1)} criteria: {heading!r}"]
    if several and _OLD_OVERVIEW in fold(heading):
        return "2002", [f"a second score set under {heading!r}, the 2002 criteria's section name"]
    titles = {t.number: t.title for t in tset.tables if t.number is not None and t.title}
    return detect_version(year, titles)
