// An insight opened from a search result (search.js, filter.js link to it with the
// query as ?h=the+words, and to a section's anchor when the words are there): the
// query's words are marked in the article, in any of their forms, by the same engine
// that found them (engine.js: the same search, then Hits.marks), and a small bar says
// what is highlighted and clears it (templates/highlight.html, in the page's language).
//
// The query comes from the address, so it is untrusted text: set with textContent
// only, marks built as DOM nodes. Without JavaScript, or when the index cannot be
// loaded, the page is simply not highlighted.

import * as engine from "./engine.js";

const PARAMETER = "h";
// A longer query is not one a reader typed into a search box.
const MAX_QUERY = 200;
// Text in these is not the article's: the permalinks, the related insights, our bar.
const SKIP = "script, style, template, textarea, .headerlink, .qi-related, .qi-highlight, mark.qi-mark";

const bar = document.querySelector("[data-qi-highlight]");
const query = (new URLSearchParams(location.search).get(PARAMETER) || "").trim().slice(0, MAX_QUERY);
if (bar && query) highlight(bar, query).catch(() => {});

// The text nodes below `root` that belong to the article.
function textNodes(root) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.data.trim() && !node.parentElement.closest(SKIP) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT),
  });
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  return nodes;
}

async function highlight(bar, words) {
  const article = bar.closest("article") || document.querySelector("[role=main]");
  const lang = bar.closest("[lang]")?.lang || document.documentElement.lang;
  // The version this page was built with: the header search form names it.
  const version = document.querySelector("form.qi-search")?.dataset.index;
  if (!article || !version) return;
  const index = await engine.index(version);
  if (!index.languages.includes(lang)) return;
  const hits = await index.search(words, [lang]);
  const marks = [];
  for (const node of textNodes(article)) {
    const pieces = hits.marks(node.data, lang);
    if (!pieces.some(([, matched]) => matched)) continue;
    node.replaceWith(...pieces.map(([piece, matched]) => {
      if (!matched) return document.createTextNode(piece);
      const mark = document.createElement("mark");
      mark.className = "qi-mark qi-highlight-mark";
      mark.textContent = piece;
      marks.push(mark);
      return mark;
    }));
  }
  if (!marks.length) return;
  bar.querySelector(".qi-highlight__words").textContent = words;
  bar.querySelector(".qi-highlight__clear").addEventListener("click", () => clear(bar, marks, article), { once: true });
  bar.hidden = false;
}

// Every mark back to plain text, the parameter out of the address (a reload or a
// shared link then shows the page unmarked), the bar gone; focus to the title, where
// the keyboard goes on, without scrolling away from what the reader was reading.
function clear(bar, marks, article) {
  for (const mark of marks) {
    const parent = mark.parentNode;
    if (!parent) continue;
    mark.replaceWith(mark.textContent);
    parent.normalize();
  }
  const url = new URL(location.href);
  url.searchParams.delete(PARAMETER);
  history.replaceState(history.state, "", url.href);
  bar.hidden = true;
  bar.querySelector(".qi-highlight__words").textContent = "";
  const title = article.querySelector("h1");
  if (title) {
    title.tabIndex = -1;
    title.focus({ preventScroll: true });
  }
}
