// The header search box of every page, and what the overview's filter (filter.js)
// shares with it, over the site's one search engine (engine.js, over the index that
// sitesearch.py writes). The box searches the page's language; a button adds the
// other language, and "show all results" continues on the overview.
//
// Untrusted text (titles, summaries, section headings) is only ever set with textContent.

import * as engine from "./engine.js";

const FORM = document.querySelector("form.qi-search");
// The languages that have insights (the header form says which).
export const LANGUAGES = (FORM?.dataset.languages ?? "en nl").split(" ").filter(Boolean);
// The search index this page was built with (sitesearch.py): its files carry it.
const VERSION = FORM?.dataset.index ?? "";
// The page's language: the one the header box searches first.
export const PAGE_LANGUAGE = FORM?.dataset.lang || document.documentElement.lang || LANGUAGES[0];

// A single letter says nothing about what the reader looks for.
export const MIN_QUERY = 2;
export const isQuery = (text) => text.trim().length >= MIN_QUERY;

// Every keystroke searches at once, without waiting for a pause: a search takes a few
// milliseconds once its words' chunks are in (benchmarks/browser_search.py), and a
// keystroke that overtakes another stops it before its chunks (find's `stale`).

// `languages` first, in that order; a language without insights is left out.
function ordered(languages) {
  return [...new Set(languages)].filter((code) => LANGUAGES.includes(code));
}

// The language(s) the header box searches first: the page's, or every one if it has none.
function firstLanguages(lang = PAGE_LANGUAGE) {
  const first = ordered([lang]);
  return first.length ? first : [...LANGUAGES];
}

// Load the index's entry and stemmers as the reader turns to a search box.
export function preload(languages = firstLanguages()) {
  engine.preload(VERSION, ordered(languages)).catch(() => {});
}

// The insights of `languages` matching the words, narrowed to `categories` (any of
// them) and `lang`, with the counts a filter bar shows (see engine.js Hits.counts).
// Null when `stale()` says a newer keystroke took over while the index was loading:
// a reader who types before it is in starts one search per letter, and only the last
// should fetch its words' chunks.
// `correct: false` searches the words as typed (the reader's "search for … instead").
export async function find({ query, categories = [], lang = "" }, { languages = LANGUAGES, stale = () => false, correct = true } = {}) {
  const index = await engine.index(VERSION);
  if (stale()) return null;
  const hits = await index.search(query, ordered(languages), PAGE_LANGUAGE, { correct });
  const chosen = hits.filter({ categories, lang });
  const notes = { ...hits.notes, query, messages: index.messages[PAGE_LANGUAGE] };
  return { total: chosen.length, counts: hits.counts({ categories, lang }), results: new Results(chosen, query), notes };
}

// What the search says about the query (engine.js Hits.notes), in a line after
// `status`: the words it corrected, with a button that searches what was typed
// (`searchOriginal`); the words it found nowhere; that no insight has every word.
export function showNotes(status, notes, searchOriginal) {
  let line = status.nextElementSibling;
  if (!line || !line.classList.contains("qi-search-notes")) {
    line = document.createElement("p");
    line.className = "qi-search-notes";
    line.setAttribute("aria-live", "polite");
    status.after(line);
  }
  const parts = [];
  const say = notes?.messages;
  if (say && notes.corrections.length) {
    let corrected = notes.query.trim();
    for (const [typed, searched] of notes.corrections) {
      const at = corrected.toLowerCase().indexOf(typed);
      if (at >= 0) corrected = corrected.slice(0, at) + searched + corrected.slice(at + typed.length);
    }
    const [before, after = ""] = say.corrected.split("{corrected}");
    const strong = document.createElement("strong");
    strong.textContent = corrected;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "qi-search-notes__original";
    button.textContent = say.original.replace("{original}", `“${notes.query.trim()}”`);
    button.addEventListener("click", searchOriginal);
    parts.push(before, strong, `${after} `, button);
  }
  if (say && notes.missing.length) {
    parts.push(`${parts.length ? " " : ""}${say.missing.replace("{words}", notes.missing.map((w) => `‘${w}’`).join(", "))}`);
  } else if (say && notes.partial) {
    parts.push(`${parts.length ? " " : ""}${say.partial}`);
  }
  line.replaceChildren(...parts);
  line.hidden = parts.length === 0;
}

// Remove the line of showNotes, when there is no query.
export function hideNotes(status) {
  const line = status.nextElementSibling;
  if (line && line.classList.contains("qi-search-notes")) line.hidden = true;
}

// Search results, best first, loaded a page at a time.
export class Results {
  constructor(hits, query = "") {
    this.hits = hits;
    this.query = query.trim();
    this.length = hits.length;
    this.position = 0;
  }

  get done() {
    return this.position >= this.length;
  }

  async next(count) {
    const ids = [...this.hits.ids.subarray(this.position, this.position + count)];
    const page = await this.hits.cards(this.position, count);
    this.position += page.length;
    for (const [i, card] of page.entries()) {
      card.marks = { title: this.hits.marks(card.title, card.lang), summary: this.hits.marks(card.summary, card.lang) };
      card.query = this.query;
      card.id = ids[i];
    }
    return page;
  }

  // The section where the words are of each result in `page` (engine.js Hits.place),
  // as `place` (null when what the result shows, `shown(card)`, says it all): once the
  // reader paused (PLACE_DELAY) and unless `stale()`, as each needs its insight's
  // sections file. False when it was not done.
  async places(page, stale, shown = (card) => `${card.title}\n${card.summary}`) {
    await new Promise((resolve) => { setTimeout(resolve, PLACE_DELAY); });
    if (stale()) return false;
    const places = await Promise.all(page.map((card) => this.hits.place(card.id, shown(card))));
    page.forEach((card, i) => { card.place = places[i]; });
    return !stale();
  }
}

// A result links to the section where the words are: its sections file is fetched
// this long after the results are shown, by which time a reader who types on has
// started another search (and a first query costs the sections of the results the
// reader stopped at, not of every letter's).
const PLACE_DELAY = 150;

// The address of a result, with the query for the article page to highlight
// (highlight.js reads `h`) and, for a section, the heading's anchor.
export function resultUrl(url, query, anchor = "") {
  const target = new URL(url, location.href);
  if (query) target.search = new URLSearchParams({ h: query }).toString();
  if (anchor) target.hash = anchor;
  return `${target.pathname}${target.search}${target.hash}`;
}

// A result's section (Results.next) in `node`: its heading, then its snippet.
export function fillPlace(node, place, className) {
  const heading = document.createElement("span");
  heading.className = `${className}-heading`;
  fill(heading, "", place.heading);
  const snippet = document.createElement("span");
  snippet.className = `${className}-snippet`;
  fill(snippet, "", place.snippet);
  node.replaceChildren(heading, " ", snippet);
}

// Fill `node` with `text`, the words in `pieces` (see engine.js Hits.marks) marked;
// as text nodes only: titles and summaries are untrusted.
export function fill(node, text, pieces) {
  if (!pieces) { node.textContent = text; return; }
  node.replaceChildren(...pieces.map(([piece, matched]) => {
    if (!matched) return document.createTextNode(piece);
    const mark = document.createElement("mark");
    mark.className = "qi-mark";
    mark.textContent = piece;
    return mark;
  }));
}

// Newest first, then by title, then language, all descending: listing.py's order.
export function newer(a, b) {
  if (a.date !== b.date) return a.date > b.date;
  if (a.title !== b.title) return a.title > b.title;
  return a.lang > b.lang;
}

// -- the header search box -------------------------------------------------------

const MAX_SUGGESTIONS = 8;

function headerSearch(form) {
  const input = form.querySelector("input[name=q]");
  const panel = form.querySelector(".qi-search__panel");
  const status = form.querySelector(".qi-search__status");
  const list = form.querySelector(".qi-search__results");
  const also = form.querySelector(".qi-search__also");
  const all = form.querySelector(".qi-search__all");
  // Sent with the form (Enter): the overview then shows what the box searched.
  const scope = form.querySelector("input[name=lang]");
  const texts = form.dataset;
  const first = firstLanguages();
  const others = LANGUAGES.filter((code) => !first.includes(code));
  // Once the reader asked for the other language, every later query searches both.
  let widened = false;
  // The query the reader asked to search as typed, not corrected (showNotes).
  let asTyped = null;
  let sequence = 0;

  const close = () => { panel.hidden = true; input.setAttribute("aria-expanded", "false"); };
  const open = () => { panel.hidden = false; input.setAttribute("aria-expanded", "true"); };

  function item(hit) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    // The article highlights the query's words (highlight.js).
    a.href = resultUrl(hit.url, hit.query);
    a.lang = hit.lang;
    const title = document.createElement("span");
    title.className = "qi-search__title";
    fill(title, hit.title, hit.marks?.title);
    const badge = document.createElement("abbr");
    badge.className = `qi-badge qi-badge--${hit.lang}`;
    badge.textContent = hit.lang.toUpperCase();
    const summary = document.createElement("span");
    summary.className = "qi-search__summary";
    fill(summary, hit.summary, hit.marks?.summary);
    a.append(badge, " ", title, summary);
    li.append(a);
    return li;
  }

  // Once the sections are in (Results.places): a result whose words are in a section
  // goes there, and shows the section's heading and snippet in place of the summary.
  async function showPlaces(results, page, items, mine) {
    list.removeAttribute("data-places");
    // The box shows a line of the summary, often without the word: the title is what
    // a result shows for certain.
    if (!(await results.places(page, () => mine !== sequence, (hit) => hit.title))) return;
    page.forEach((hit, i) => {
      if (!hit.place) return;
      const a = items[i].firstElementChild;
      a.href = resultUrl(hit.url, hit.query, hit.place.anchor);
      const summary = a.querySelector(".qi-search__summary");
      summary.classList.add("qi-search__place");
      fillPlace(summary, hit.place, "qi-search__place");
    });
    // Every result's place is known (and tests can wait for it).
    list.dataset.places = "";
  }

  // Searches the page's language, or every language once widened; resolves to the
  // results shown (or null when a newer keystroke took over).
  async function update() {
    const query = input.value.trim();
    const mine = ++sequence;
    if (!isQuery(query)) { close(); list.replaceChildren(); status.textContent = ""; hideNotes(status); list.removeAttribute("aria-busy"); return null; }
    list.setAttribute("aria-busy", "true");
    let found, page;
    try {
      // Untrimmed: a space after the last word says it is complete (engine.js).
      found = await find({ query: input.value }, {
        languages: widened ? [...first, ...others] : first, stale: () => mine !== sequence, correct: input.value !== asTyped,
      });
      if (mine !== sequence) return null;  // typed on: load no cards for this one
      page = await found.results.next(MAX_SUGGESTIONS);
    } catch (error) {
      if (mine !== sequence) return null;
      status.textContent = texts.unavailable;
      list.removeAttribute("aria-busy");
      open();
      throw error;
    }
    if (mine !== sequence) return null;  // a newer keystroke has its own results coming
    const items = page.map(item);
    list.replaceChildren(...items);
    status.textContent = countText(texts, found.total);
    showNotes(status, found.notes, () => { asTyped = input.value; update(); });
    // Every language searched (widened, or no other language): the overview's "both".
    scope.disabled = widened || others.length === 0;
    const url = new URL(form.action);
    url.search = new URLSearchParams(scope.disabled ? { q: query } : { q: query, lang: scope.value }).toString();
    all.href = url.href;
    all.hidden = found.total <= items.length;
    // Hidden only after focus left it (see widen): a hidden button drops focus.
    if (document.activeElement !== also) also.hidden = widened || others.length === 0;
    list.removeAttribute("aria-busy");
    open();
    showPlaces(found.results, page, items, mine).catch(() => {});  // the results stand without
    return page;
  }

  // "Also search Dutch insights": search the other language too.
  async function widen() {
    widened = true;
    also.setAttribute("aria-disabled", "true");
    const page = await update();
    also.removeAttribute("aria-disabled");
    if (page === null) return;
    // Go on reading at the first result of the other language, else at the box.
    const links = [...list.querySelectorAll("a")];
    (links.find((a) => others.includes(a.lang)) || input).focus();
    also.hidden = true;
  }

  input.addEventListener("focus", () => preload(first), { once: true });
  input.addEventListener("input", () => { update(); });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") { close(); }
    if (event.key === "ArrowDown" && !panel.hidden) {
      const target = panel.querySelector("a:not([hidden]), button:not([hidden])");
      if (target) { event.preventDefault(); target.focus(); }
    }
  });
  // Up and down move through the results, the "also search" button and "show all".
  panel.addEventListener("keydown", (event) => {
    const stops = [...panel.querySelectorAll("a:not([hidden]), button:not([hidden])")];
    const at = stops.indexOf(document.activeElement);
    if (at < 0) return;
    if (event.key === "ArrowDown" && at < stops.length - 1) { event.preventDefault(); stops[at + 1].focus(); }
    if (event.key === "ArrowUp") { event.preventDefault(); (at > 0 ? stops[at - 1] : input).focus(); }
    if (event.key === "Escape") { close(); input.focus(); }
  });
  also.addEventListener("click", () => { if (!widened) widen(); });
  form.addEventListener("focusout", (event) => {
    if (!form.contains(event.relatedTarget)) close();
  });
  form.hidden = false;
}

export function countText(texts, count) {
  const template = count === 0 ? texts.countZero : count === 1 ? texts.countOne : texts.countOther;
  return template.replace("{count}", String(count));
}

for (const form of document.querySelectorAll("form.qi-search")) headerSearch(form);
