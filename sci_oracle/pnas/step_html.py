"""One self-contained, offline HTML page that steps through Theorem 1(a) level by level.

Colbrook–Antun–Hansen, PNAS 119(12) e2107151119 (2022), Theorem 1(a) and the SI proof; the data
come from :func:`sci_oracle.pnas.step.step_through`. A level slider shows, at each level m, both
members' oracle answers for the tied entries (decimal expansions of the exact dyadics, cut as in
:func:`sci_oracle.pnas.step.cut_answer`, a cut marked; agreeing characters green, the rest red), the
algorithm's transcript so far, its forced output, and both exact minimisers digit by digit with
digit K marked; a second panel plots the gap between the members' answers against 2^-m with the
hidden level h(n) marked. The page has inline CSS and JS only (no network), so it works on a
projector without internet. Answers are stored as (shared-prefix length, suffix) against the
limit's expansion, which keeps K = 1000 well under 2 MB.
"""

from __future__ import annotations

import html
import json
import math
from pathlib import Path
from typing import Any

from sci_oracle.core.exact import digits_string
from sci_oracle.pnas.step import StepThrough, answer_decimals, cut_answer, describe_family, plural

__all__ = ["page_data", "render_html", "write_html"]

MAX_TRANSCRIPT = 1000  # queries listed on the page (the rest are counted)


def _common(a: str, b: str) -> int:
    k = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        k += 1
    return k


def page_data(st: StepThrough) -> dict[str, Any]:
    """Everything the page shows, as JSON-ready data (exact decimal strings, no floats except the
    plotted log2 heights, which are display only)."""
    fam, cert = st.family, st.certificate
    top = max((m for m, _, _ in st.rows), default=0)
    limit = fam.limit().A.entries()
    refs = [digits_string(limit[e[0]][e[1]], answer_decimals(top)) for e in st.entries]
    levels = []
    for row in st.rows:
        m, a1, a2 = row
        cuts = [[cut_answer(v, m) for v in a] for a in (a1, a2)]
        packed = [[[_common(s, refs[i]), s[_common(s, refs[i]) :]] for i, (s, _) in enumerate(ss)] for ss in cuts]
        gap = abs(a1[0] - a2[0])
        levels.append(
            {
                "m": m,
                "d": answer_decimals(m),
                "same": a1 == a2,
                "gap": None if not gap else math.log2(gap.numerator) - math.log2(gap.denominator),
                "a": packed,
                "cut": [[int(c) for _, c in ss] for ss in cuts],
            }
        )
    trs = [
        {
            "seq": a.seq,
            "array": a.query.name,
            "entry": "whole array" if a.query.index is None else "[" + ",".join(map(str, a.query.index)) + "]",
            "level": a.query.level,
        }
        for a in st.transcript[:MAX_TRANSCRIPT]
    ]
    mins = st.minimiser_digits()
    return {
        "title": describe_family(fam),
        "algorithm": st.algorithm,
        "K": fam.K,
        "N1": fam.N1,
        "n": st.n,
        "hidden": st.hidden_level,
        "levelsRead": cert.levels_read,
        "verdict": cert.verdict,
        "message": cert.message,
        "entries": [f"A[{e[0]},{e[1]}]" for e in st.entries],
        "refs": refs,
        "levels": levels,
        "transcript": trs,
        "transcriptTotal": len(st.transcript),
        "minimisers": mins[:2],
        "output": mins[2] if len(mins) > 2 else None,
        "firstDigit": st.first_digit,
        "digits": None if st.digits is None else [plural(d, "digit") for d in st.digits],
    }


def render_html(st: StepThrough) -> str:
    data = json.dumps(page_data(st), separators=(",", ":")).replace("</", "<\\/")
    title = html.escape(f"Theorem 1(a) step by step: {describe_family(st.family)}")
    return _PAGE.replace("__TITLE__", title).replace("__DATA__", data)


def write_html(st: StepThrough, path: str | Path) -> int:
    """Write the page to ``path``; return its size in bytes."""
    text = render_html(st)
    Path(path).write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


_PAGE = r"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>__TITLE__</title>
<style>
body{font-family:system-ui,sans-serif;margin:1.2em auto;max-width:1200px;padding:0 1em;color:#222}
h1{font-size:1.35em;margin:.2em 0} h2{font-size:1.1em;margin:.9em 0 .3em}
.mono{font-family:ui-monospace,Menlo,Consolas,monospace}
.agree{color:#17803d;background:#e8f6ec} .differ{color:#b3261e;background:#fde8e6;font-weight:bold}
.badge{display:inline-block;padding:.15em .6em;border-radius:.4em;font-weight:bold}
.badge.same{background:#e8f6ec;color:#17803d} .badge.differ{background:#fde8e6;color:#b3261e}
.controls{display:flex;gap:1em;align-items:center;flex-wrap:wrap;margin:.6em 0}
input[type=range]{width:28em} table{border-collapse:collapse} td,th{padding:.2em .5em;border-bottom:1px solid #ddd;text-align:left}
.digits td{padding:.1em .15em;text-align:center;border:none} .digitK{outline:2px solid #d4a100;background:#fff6d6}
.now{background:#fff6d6} .later{color:#aaa} .grid{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1.2em}
.grid > div{min-width:0} .wrap{overflow-wrap:anywhere;word-break:break-all}
#answers{table-layout:fixed;width:100%} #answers td:first-child,#answers th:first-child{width:4.5em}
#gap{width:100%;max-width:540px;height:auto}
#transcript{max-height:14em;overflow:auto} .note{color:#555;font-size:.92em}
</style></head><body>
<h1 id="title"></h1>
<p class="note" id="story"></p>
<div class="controls">
 <button id="prev" type="button">&larr; previous level</button>
 <label>level <input id="level" type="range" min="0" max="0" step="1" value="0"></label>
 <button id="next" type="button">next level &rarr;</button>
 <button id="play" type="button">&#9654; play</button>
 <span>level m = <b id="level-value" class="mono"></b></span>
 <span id="mark" class="badge"></span>
 <label>characters shown <input id="width" type="number" min="8" max="4000" value="40" style="width:5em"></label>
</div>
<div class="grid">
<div>
<h2>Oracle answers at this level (dyadics k/2<sup>m</sup> within 2<sup>-m</sup> of the entry)</h2>
<table id="answers"><thead><tr><th>entry</th><th>member 1</th><th>member 2</th></tr></thead><tbody></tbody></table>
<p class="note" id="answers-note"></p>
<p class="note" id="cut-note"></p>
<h2>Transcript so far (queries the algorithm made at levels &le; m)</h2>
<div id="transcript"></div>
<h2>Forced output</h2>
<p id="forced" class="wrap"></p>
</div>
<div>
<h2>Gap between the members' answers for A[0,0] against 2<sup>-m</sup></h2>
<svg id="gap" width="540" height="300" viewBox="0 0 540 300" role="img" aria-label="gap against tolerance"></svg>
<p class="note">Red: log<sub>2</sub> of the gap where the answers differ. Dotted: the tolerance 2<sup>-m</sup>.
Green ticks on the bottom strip: levels where the answers are identical (gap exactly 0). Dashed: the hidden level h(n).</p>
</div>
</div>
<h2>Exact minimisers and the forced output, digit by digit (digit K boxed)</h2>
<div class="controls"><label>first decimal place shown <input id="digit-start" type="range" min="1" max="1" value="1"></label>
<span id="digit-range" class="mono"></span></div>
<table class="digits mono" id="digits"></table>
<p id="verdict" class="wrap"></p>
<script id="data" type="application/json">__DATA__</script>
<script>
"use strict";
const D = JSON.parse(document.getElementById("data").textContent);
const $ = id => document.getElementById(id);
const slider = $("level"), widthBox = $("width"), dstart = $("digit-start");
function esc(s){return s.replace(/&/g,"&amp;").replace(/</g,"&lt;")}
function unpack(i, pair){return D.refs[i].slice(0, pair[0]) + pair[1]}
function common(a,b){let k=0; while(k<a.length && k<b.length && a[k]===b[k]) k++; return k}
function windowed(s, other, cut){
  const w = Math.max(8, parseInt(widthBox.value) || 40), k = common(s, other);
  const start = Math.max(0, s.length - w), pre = start ? "\u2026" : "";
  const a = s.slice(start, Math.max(start, k)), b = s.slice(Math.max(start, k));
  return pre + '<span class="agree">' + esc(a) + '</span><span class="differ">' + esc(b) + "</span>" +
    (cut ? '<span class="note" title="cut here: the exact dyadic has more decimals">\u2026</span>' : "");
}
function setup(){
  $("title").textContent = "Theorem 1(a) step by step: " + D.title;
  $("story").textContent = "Algorithm " + D.algorithm + " read oracle levels up to " + D.levelsRead +
    " on the tie (limit) input. The adversary picks pair n = " + D.n + ": both members' oracles answer like the limit at every level up to the hidden level h(n) = " +
    D.hidden + ", so the algorithm's transcript, and therefore its output, is the same on both. Their exact minimisers differ at digit K = " + D.K + ".";
  slider.max = D.levels.length - 1;
  const hiddenIdx = D.levels.findIndex(r => r.m === D.hidden);
  slider.value = hiddenIdx >= 0 ? hiddenIdx : 0;
  dstart.max = Math.max(1, D.K + 5);
  dstart.value = Math.max(1, D.K - 24);
  $("prev").onclick = () => {slider.value = Math.max(0, +slider.value - 1); show()};
  $("next").onclick = () => {slider.value = Math.min(+slider.max, +slider.value + 1); show()};
  slider.oninput = show; widthBox.oninput = show; dstart.oninput = digits;
  let timer = null;
  $("play").onclick = () => {
    if (timer) { clearInterval(timer); timer = null; $("play").innerHTML = "&#9654; play"; return; }
    if (+slider.value >= +slider.max) slider.value = 0;
    $("play").innerHTML = "&#10074;&#10074; pause";
    timer = setInterval(() => {
      if (+slider.value >= +slider.max) { $("play").click(); return; }
      $("next").click();
    }, 900);
  };
  document.addEventListener("keydown", e => {
    if (e.target === widthBox) return;
    if (e.key === "ArrowRight") $("next").click();
    if (e.key === "ArrowLeft") $("prev").click();
    if (e.key === " ") { e.preventDefault(); $("play").click(); }
  });
  digits(); show();
}
function show(){
  const r = D.levels[+slider.value];
  $("level-value").textContent = r.m;
  const mark = $("mark");
  mark.textContent = r.same ? "same" : "differ";
  mark.className = "badge " + (r.same ? "same" : "differ");
  const body = $("answers").tBodies[0]; body.innerHTML = "";
  D.entries.forEach((name, i) => {
    const s1 = unpack(i, r.a[0][i]), s2 = unpack(i, r.a[1][i]), c1 = r.cut[0][i], c2 = r.cut[1][i];
    const tr = document.createElement("tr");
    tr.innerHTML = "<td class=mono>" + name + '</td><td class="mono wrap" id="ans-1-' + i + '" data-value="' + esc(s1) + '" data-cut="' + c1 + '">' + windowed(s1, s2, c1) +
      '</td><td class="mono wrap" id="ans-2-' + i + '" data-value="' + esc(s2) + '" data-cut="' + c2 + '">' + windowed(s2, s1, c2) + "</td>";
    body.appendChild(tr);
  });
  $("answers-note").textContent = r.m <= D.hidden
    ? "Level " + r.m + " \u2264 h(n) = " + D.hidden + ": both oracles give the limit's answer, legal for both members."
    : "Level " + r.m + " > h(n) = " + D.hidden + ": each oracle now answers for its own member, and the answers differ.";
  $("cut-note").textContent = "Shown: each answer's decimal expansion cut (not rounded) after d = 1 + \u23080.30103\u00b7m\u2309 = " + r.d +
    " decimals at level " + r.m + ", enough to tell any two level-" + r.m + " dyadics apart; a trailing \u2026 marks a cut" +
    " (the exact k/2^" + r.m + " has up to " + r.m + " decimals; sci-oracle step --json keeps it). A leading \u2026 hides all but the last 'characters shown'.";
  const seen = D.transcript.filter(q => q.level <= r.m);
  let t = seen.length ? "" : "<p class=note>No queries at levels \u2264 " + r.m + ".</p>";
  if (seen.length) {
    t = "<table><tr><th>#</th><th>array</th><th>entry</th><th>level</th></tr>" + seen.map(q =>
      "<tr class='" + (q.level === r.m ? "now" : "") + "'><td>" + q.seq + "</td><td>" + q.array + "</td><td>" + q.entry + "</td><td>" + q.level + "</td></tr>").join("") + "</table>";
  }
  if (D.transcriptTotal > D.transcript.length) t += "<p class=note>(" + D.transcriptTotal + " queries in all; the first " + D.transcript.length + " are listed)</p>";
  $("transcript").innerHTML = t;
  $("transcript").dataset.count = seen.length;
  const outText = D.output ? "(" + D.output.join(", ") + (D.N1 > 2 ? ", \u2026" : "") + ")" : "none: the algorithm gave no output on the limit input";
  $("forced").innerHTML = "<span class=mono id=forced-value>" + esc(outText) + "</span><br><span class=note>" +
    (r.m < D.levelsRead ? "The algorithm is still reading; every answer so far is the same for both members." :
     "The algorithm has stopped reading (last level " + D.levelsRead + "). It saw identical answers on both members, so this one output is forced on both.") +
    (D.digits ? " Correct digits: " + D.digits[0] + " against member 1, " + D.digits[1] + " against member 2." : "") + "</span>";
  plot(r.m);
}
function digits(){
  const K = D.K, lo = +dstart.value, hi = Math.min(lo + 29, K + 5);
  $("digit-range").textContent = "decimal places " + lo + " to " + hi + " of " + (K + 5);
  const frac = s => s.split(".")[1] || "";
  let h = "<tr><td></td>";
  for (let k = lo; k <= hi; k++) h += "<td class='note" + (k === K ? " digitK" : "") + "'>" + k + "</td>";
  h += "</tr>";
  for (let i = 0; i < D.minimisers[0].length; i++) {
    const rows = [["member 1, x" + (i + 1), D.minimisers[0][i]], ["member 2, x" + (i + 1), D.minimisers[1][i]]];
    if (D.output) rows.push(["forced output, x" + (i + 1), D.output[i]]);
    const firstDiff = common(frac(rows[0][1]), frac(rows[1][1])) + 1;
    rows.forEach(([name, s], r) => {
      const f = frac(s);
      h += "<tr" + (r === 0 && i > 0 ? " style='border-top:8px solid transparent'" : "") + "><td style='text-align:right'>" + name + "</td>";
      for (let k = lo; k <= hi; k++) {
        const cls = (k === K ? "digitK " : "") + (r < 2 ? (k >= firstDiff ? "differ" : "agree") : "");
        h += "<td class='" + cls + "' data-place='" + k + "'>" + (f[k - 1] || "") + "</td>";
      }
      h += "</tr>";
    });
  }
  $("digits").innerHTML = h;
  $("verdict").innerHTML = "The minimisers' expansions first differ at digit <b id='first-digit'>" + D.firstDigit +
    "</b> (K = " + D.K + "). Verdict: <b>K = " + D.K + " digits " + esc(D.verdict) + "</b>. " + esc(D.message);
}
function plot(current){
  const svg = $("gap"), W = 540, H = 300, L = 50, R = 10, T = 10, B = 60, strip = 22;
  const ms = D.levels.map(r => r.m), m0 = ms[0], m1 = ms[ms.length - 1];
  const ys = D.levels.map(r => -r.m).concat(D.levels.filter(r => r.gap !== null).map(r => r.gap));
  const y0 = Math.min(...ys) - 1, y1 = Math.max(...ys, 0) + 1;
  const X = m => L + (m1 === m0 ? 0.5 : (m - m0) / (m1 - m0)) * (W - L - R);
  const Y = v => T + (y1 - v) / (y1 - y0) * (H - T - B);
  let s = "";
  const base = H - B + 8;
  s += "<rect x='" + L + "' y='" + base + "' width='" + (W - L - R) + "' height='" + strip + "' fill='#f4f4f4'/>";
  s += "<text x='" + (L - 4) + "' y='" + (base + 15) + "' font-size='10' text-anchor='end'>gap 0</text>";
  s += "<line x1='" + L + "' y1='" + T + "' x2='" + L + "' y2='" + (H - B) + "' stroke='#333'/>";
  s += "<line x1='" + L + "' y1='" + (H - B) + "' x2='" + (W - R) + "' y2='" + (H - B) + "' stroke='#333'/>";
  const step = Math.max(1, Math.ceil((y1 - y0) / 6));
  for (let v = Math.ceil(y0); v <= y1; v += step) s += "<text x='" + (L - 4) + "' y='" + (Y(v) + 3) + "' font-size='10' text-anchor='end'>2^" + v + "</text>";
  const xs = Math.max(1, Math.ceil((m1 - m0) / 8));
  for (let m = m0; m <= m1; m += xs) s += "<text x='" + X(m) + "' y='" + (base + strip + 14) + "' font-size='10' text-anchor='middle'>" + m + "</text>";
  s += "<text x='" + ((L + W - R) / 2) + "' y='" + (H - 4) + "' font-size='11' text-anchor='middle'>oracle level m</text>";
  s += "<polyline fill='none' stroke='#000' stroke-dasharray='2,3' points='" + ms.map(m => X(m) + "," + Y(-m)).join(" ") + "'/>";
  D.levels.forEach(r => {
    if (r.gap === null) s += "<line x1='" + X(r.m) + "' y1='" + (base + 3) + "' x2='" + X(r.m) + "' y2='" + (base + strip - 3) + "' stroke='#17803d' stroke-width='2'/>";
    else s += "<circle cx='" + X(r.m) + "' cy='" + Y(r.gap) + "' r='3.5' fill='#b3261e'/>";
  });
  if (D.hidden >= m0 && D.hidden <= m1) {
    s += "<line x1='" + X(D.hidden) + "' y1='" + T + "' x2='" + X(D.hidden) + "' y2='" + (base + strip) + "' stroke='#17803d' stroke-dasharray='6,4'/>";
    s += "<text x='" + (X(D.hidden) - 4) + "' y='" + (T + 12) + "' font-size='11' text-anchor='end' fill='#17803d'>hidden level h(n) = " + D.hidden + "</text>";
  }
  s += "<line id='gap-current' x1='" + X(current) + "' y1='" + T + "' x2='" + X(current) + "' y2='" + (base + strip) + "' stroke='#d4a100' stroke-width='2' opacity='0.8'/>";
  svg.innerHTML = s;
}
setup();
</script>
</body></html>
"""
