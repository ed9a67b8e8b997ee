// Wide tables (components.jinja `scroll_table`): while a table overflows its region, show the
// hint above it and a shadow at each edge with more columns beyond it, and keep the region in
// the tab order. Without this script the regions still scroll and take focus; only the cue is
// missing.
function mark(wrap) {
  const region = wrap.querySelector(".app-table-scroll");
  if (!region) return;
  const hidden = region.scrollWidth - region.clientWidth;
  const overflows = hidden > 1;
  wrap.classList.toggle("app-table-scroll-wrap--overflows", overflows);
  // Reachable by keyboard while it scrolls; otherwise no stop on the way through the page.
  if (overflows) region.setAttribute("tabindex", "0");
  else if (document.activeElement !== region) region.removeAttribute("tabindex");
  wrap.classList.toggle("app-table-scroll-wrap--more-left", overflows && region.scrollLeft > 1);
  wrap.classList.toggle("app-table-scroll-wrap--more-right", overflows && region.scrollLeft < hidden - 1);
}

const watched = new WeakSet();
const resized = new ResizeObserver((entries) => {
  for (const entry of entries) mark(entry.target.closest(".app-table-scroll-wrap"));
});

function watch(root) {
  for (const wrap of root.querySelectorAll(".app-table-scroll-wrap")) {
    if (watched.has(wrap)) continue;
    watched.add(wrap);
    const region = wrap.querySelector(".app-table-scroll");
    region.addEventListener("scroll", () => mark(wrap), { passive: true });
    resized.observe(region);
    const table = region.querySelector("table");
    if (table) resized.observe(table);
    mark(wrap);
  }
}

watch(document);
// Parts of pages swapped in by htmx bring their own tables.
document.addEventListener("htmx:load", (event) => watch(event.target.parentElement || document));
// A table in a details element has no size until it opens, and a turned phone changes every
// width: measure again then too.
document.addEventListener(
  "toggle",
  (event) => event.target.querySelectorAll?.(".app-table-scroll-wrap").forEach(mark),
  true,
);
window.addEventListener("resize", () =>
  document.querySelectorAll(".app-table-scroll-wrap").forEach(mark),
);
