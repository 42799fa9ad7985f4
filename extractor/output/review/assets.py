"""The review page's style sheet and script, inlined into the page (no network)."""

CSS = """
:root { --error: #c62828; --warning: #e08a00; --info: #1565c0; --ink: #1d2329; --muted: #5f6b76;
  --line: #d9dee3; --bar: #2e7d6b; --bg: #f6f7f9; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: var(--bg); }
header.top { position: sticky; top: 0; z-index: 5; background: #fff; border-bottom: 1px solid var(--line);
  padding: 10px 20px; display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: baseline; }
header.top h1 { font-size: 18px; margin: 0; }
header.top .totals { color: var(--muted); }
#filters { display: flex; gap: 14px; flex-wrap: wrap; align-items: center; margin-left: auto; }
#filters label { color: var(--muted); font-size: 13px; }
#filters select { font: inherit; padding: 2px 4px; margin-left: 4px; }
#shown { font-size: 13px; color: var(--muted); min-width: 10em; }
main { padding: 12px 20px 40px; max-width: 1500px; }
h2 { font-size: 17px; margin: 0 0 6px; }
h3 { font-size: 14px; margin: 16px 0 6px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
table { border-collapse: collapse; }
table.reports { background: #fff; border: 1px solid var(--line); width: 100%; }
table.reports th, table.reports td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: left;
  vertical-align: middle; }
table.reports th { font-size: 12px; color: var(--muted); font-weight: 600; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.path { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; color: var(--muted);
  word-break: break-all; }
.badge { display: inline-block; min-width: 1.6em; padding: 0 6px; border-radius: 9px; font-size: 12px;
  font-weight: 600; color: #fff; text-align: center; }
.badge.error { background: var(--error); } .badge.warning { background: var(--warning); }
.badge.info { background: var(--info); } .badge.zero { background: #cfd5da; color: #fff; }
.badge.failed { background: #6d4c41; }
section.report, section.failed { background: #fff; border: 1px solid var(--line); border-radius: 6px;
  padding: 14px 18px; margin: 18px 0; }
.meta { color: var(--muted); margin: 0 0 6px; }
.note { background: #fff4e0; border-left: 4px solid var(--warning); padding: 6px 10px; margin: 8px 0; }
article.finding { border: 1px solid var(--line); border-left: 5px solid var(--info); border-radius: 4px;
  margin: 10px 0; padding: 8px 12px; }
article.finding.error { border-left-color: var(--error); }
article.finding.warning { border-left-color: var(--warning); }
article.finding > header { display: flex; gap: 8px; align-items: baseline; flex-wrap: wrap; }
article.finding code { font-weight: 600; }
.finding-body { display: flex; gap: 18px; margin-top: 8px; align-items: flex-start; }
.values { flex: 0 0 190px; display: grid; grid-template-columns: 1fr 1fr; gap: 6px; align-content: start; }
.values .field { grid-column: 1 / -1; margin: 0; }
.value { border: 1px solid var(--line); border-radius: 4px; padding: 4px 8px; }
.value span { display: block; font-size: 11px; color: var(--muted); text-transform: uppercase; }
.value b { font-size: 22px; font-variant-numeric: tabular-nums; }
.value.found b { color: var(--error); }
.field { font-size: 12px; color: var(--muted); }
.evidence { flex: 1 1 auto; display: flex; flex-wrap: wrap; gap: 10px; min-width: 0; }
figure { margin: 0; }
figcaption { font-size: 12px; color: var(--muted); }
.pic { position: relative; display: inline-block; line-height: 0; border: 1px solid var(--line); max-width: 100%; }
.pic img { max-width: 100%; height: auto; }
.outline { position: absolute; border: 2px solid var(--error); border-radius: 2px;
  box-shadow: 0 0 0 1px rgba(255,255,255,.8); }
article.finding.warning .outline { border-color: var(--warning); }
article.finding.info .outline { border-color: var(--info); }
.area .outline, .thumb .outline { border-width: 1.5px; border-color: #d81b60; }
.thumb .pic { cursor: zoom-in; }
.thumb.big .pic { cursor: zoom-out; }
.thumb.big img { width: 560px; }
pre.lines { margin: 0; padding: 6px 0; background: #fafbfc; border: 1px solid var(--line); font-size: 12px;
  line-height: 1.5; overflow-x: auto; white-space: pre-wrap; word-break: break-word; max-width: 900px; }
pre.lines .ln { display: inline-block; width: 4.5em; padding-right: 8px; text-align: right; color: #98a2ab;
  user-select: none; }
pre.lines .hit { background: #ffe3e3; display: block; }
pre.lines .hit .ln { color: var(--error); font-weight: 600; }
pre.lines > span { display: block; padding-left: 4.5em; text-indent: -4.5em; tab-size: 4; }
details.area { border-top: 1px solid var(--line); padding: 4px 0; }
details.area > summary { cursor: pointer; padding: 3px 0; }
details.area > summary .flag { color: var(--error); font-weight: 600; }
.area-body { display: flex; gap: 20px; align-items: flex-start; padding: 6px 0 10px 16px; }
.area-data { flex: 1 1 0; min-width: 0; }
.area-pics { flex: 0 1 620px; display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-start; }
table.questions td, table.questions th { padding: 1px 8px; border-bottom: 1px solid #eef0f2; font-size: 13px; }
table.questions th { color: var(--muted); font-weight: 600; font-size: 12px; text-align: left; }
table.questions tr.flagged td { background: #ffe3e3; }
table.questions tr.total td { font-weight: 600; border-top: 1px solid var(--ink); }
.bullets { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 10px; margin-top: 8px; }
.bullets h4 { margin: 0 0 2px; font-size: 12px; color: var(--muted); }
.bullets ul { margin: 0; padding-left: 18px; font-size: 13px; }
.bars text { font: 8px system-ui, sans-serif; fill: var(--muted); }
.bars text.v { font-size: 9px; font-weight: 600; fill: var(--ink); }
.empty { color: var(--muted); font-style: italic; }
"""

JS = """
(function () {
  var code = document.getElementById('f-code'), sev = document.getElementById('f-severity'),
      mun = document.getElementById('f-municipality'), shown = document.getElementById('shown');
  function apply() {
    var total = 0, visible = 0, filtering = code.value || sev.value;
    document.querySelectorAll('section.report').forEach(function (report) {
      var count = 0;
      report.querySelectorAll('article.finding').forEach(function (f) {
        var ok = (!code.value || f.dataset.code === code.value) &&
                 (!sev.value || f.dataset.severity === sev.value);
        f.hidden = !ok; total += 1; if (ok) { count += 1; }
      });
      var hide = (mun.value && report.dataset.municipality !== mun.value) || (filtering && count === 0);
      report.hidden = hide;
      if (!hide) { visible += count; }
      var row = document.querySelector('tr[data-report="' + report.id + '"]');
      if (row) { row.hidden = hide; }
    });
    document.querySelectorAll('section.failed').forEach(function (s) { s.hidden = !!(filtering || mun.value); });
    shown.textContent = visible + ' of ' + total + ' findings shown';
  }
  [code, sev, mun].forEach(function (s) { s.addEventListener('change', apply); });
  document.querySelectorAll('.thumb .pic').forEach(function (pic) {
    pic.addEventListener('click', function () { pic.parentNode.classList.toggle('big'); });
  });
  apply();
})();
"""
