// Zoom and pan the story's time axis (an SVG drawn by the server). Buttons, keys (+ − ← → 0) and the
// wheel change the visible range; the day-by-day entries outside it are hidden, and the range is kept
// in the URL (?from=&to=) so a zoom is a permalink. Without this script the page shows the whole story.
"use strict";
(function () {
  const svg = document.getElementById("story-axis");
  if (!svg) return;
  const DAY = 86400000;
  const width = Number(svg.dataset.width), pad = Number(svg.dataset.pad), span = Math.max(1, Number(svg.dataset.span));
  const first = Date.parse(svg.dataset.first + "T00:00:00Z");
  const label = document.querySelector(".zoom-range");
  const entries = Array.from(document.querySelectorAll(".story-entries > .entry"));
  const dayX = (iso) => pad + ((Date.parse(iso + "T00:00:00Z") - first) / DAY / span) * (width - 2 * pad);
  // The day at x, rounded inwards (ceil at the left edge, floor at the right), so the range is what is shown.
  const xDay = (x, round) => new Date(first + round(((x - pad) / (width - 2 * pad)) * span - 1e-9 * (round === Math.ceil ? 1 : -1)) * DAY).toISOString().slice(0, 10);
  let view = { x: 0, w: width };

  // Zoom moves the marks, not the viewBox: dots stay round, labels stay legible, the SVG keeps its height.
  const marks = [];
  for (const el of document.querySelectorAll("#story-axis circle, #story-axis .tick, #story-axis .tick-label, svg.growth rect")) {
    const attrs = el.tagName === "circle" ? ["cx"] : el.tagName === "line" ? ["x1", "x2"] : ["x"];
    marks.push({ el, attrs, base: attrs.map((name) => Number(el.getAttribute(name))),
                 width: el.tagName === "rect" ? Number(el.getAttribute("width")) : 0 });
  }
  function place() {
    const scale = width / view.w;
    for (const mark of marks) {
      mark.attrs.forEach((name, i) => mark.el.setAttribute(name, ((mark.base[i] - view.x) * scale).toFixed(1)));
      if (mark.width) mark.el.setAttribute("width", (mark.width * scale).toFixed(1));
    }
  }
  function clamp() {
    view.w = Math.min(width, Math.max(width / 64, view.w));
    view.x = Math.min(width - view.w, Math.max(0, view.x));
  }
  function apply(record) {
    clamp();
    place();
    const whole = view.w >= width - 0.5;
    const from = whole ? "" : xDay(Math.max(pad, view.x), Math.ceil);
    const to = whole ? "" : xDay(Math.min(width - pad, view.x + view.w), Math.floor);
    label.textContent = whole ? "whole story" : from + " – " + to;
    for (const entry of entries) {
      const day = entry.dataset.day;
      entry.hidden = !whole && (day < from || day > to);
    }
    if (record) {
      const url = new URL(window.location.href);
      if (whole) { url.searchParams.delete("from"); url.searchParams.delete("to"); }
      else { url.searchParams.set("from", from); url.searchParams.set("to", to); }
      window.history.replaceState(null, "", url);
      const permalink = document.querySelector(".permalink");
      if (permalink) permalink.setAttribute("href", url.pathname + url.search);
    }
  }
  function zoom(factor, centre) {
    const middle = centre === undefined ? view.x + view.w / 2 : centre;
    view.w = view.w * factor;
    view.x = middle - view.w / 2;
    apply(true);
  }
  function move(share) { view.x += view.w * share; apply(true); }
  function reset() { view = { x: 0, w: width }; apply(true); }

  const actions = { in: () => zoom(0.5), out: () => zoom(2), left: () => move(-0.4), right: () => move(0.4), reset };
  document.querySelectorAll("[data-zoom]").forEach((button) => {
    button.addEventListener("click", () => actions[button.dataset.zoom]());
  });
  svg.addEventListener("keydown", (event) => {
    const key = { "+": "in", "=": "in", "-": "out", "_": "out", ArrowLeft: "left", ArrowRight: "right", "0": "reset" }[event.key];
    if (key) { event.preventDefault(); actions[key](); }
  });
  svg.addEventListener("wheel", (event) => {
    event.preventDefault();
    const box = svg.getBoundingClientRect();
    zoom(event.deltaY < 0 ? 0.8 : 1.25, view.x + ((event.clientX - box.left) / box.width) * view.w);
  }, { passive: false });

  // A narrowed permalink opens zoomed to its range (the server already left only its entries).
  if (svg.dataset.from || svg.dataset.to) {
    const left = svg.dataset.from ? dayX(svg.dataset.from) - pad / 2 : 0;
    const right = svg.dataset.to ? dayX(svg.dataset.to) + pad / 2 : width;
    view = { x: left, w: Math.max(right - left, width / 64) };
    apply(false);
  }
})();
