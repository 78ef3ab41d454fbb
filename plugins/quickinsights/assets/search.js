// The site's one search engine, on the reader's side: Pagefind's English and Dutch
// bundles (see sitesearch.py), for the header search box of every page and for the
// overview's filter (filter.js imports `find` from here).
//
// Each language has its own bundle, loaded as its own module: Pagefind stems a query
// with the WebAssembly module of the index it searches, so "organisatie" is stemmed
// as Dutch in the Dutch index and "managers" as English in the English one.
// Pagefind fetches the engine, the index's list of pages and the chunks of the query's
// words, then one fragment per result shown: never the whole index. A bundle costs
// about 125 KB before its first answer at 5,000 insights per language, so a first
// query searches one language: the page's (the header box offers the other on request)
// or, on the overview, the one shown first (figures: benchmarks/browser_search.py).
// Everything comes from this site: the bundles live in /pagefind/<lang>/ next to /assets/.
//
// Untrusted text (titles, summaries) is only ever set with textContent.

const BUNDLES = new URL("../pagefind/", import.meta.url).href;
const FORM = document.querySelector("form.qi-search");
// The languages that have insights, and so a bundle (the header form says which).
export const LANGUAGES = (FORM?.dataset.languages ?? "en nl").split(" ").filter(Boolean);
// The page's language: the one searched first.
export const PAGE_LANGUAGE = FORM?.dataset.lang || document.documentElement.lang || LANGUAGES[0];

// A single letter matches most of the collection: at 5,000 insights per language
// Pagefind needs most of a second for it, and no reader is helped by the answer.
export const MIN_QUERY = 2;
export const isQuery = (text) => text.trim().length >= MIN_QUERY;

// The words Pagefind is asked for. Pagefind reads the last word as a prefix, so a
// last word of one letter while the reader types on ("customer l") would load the
// index chunks of every word in "l" (up to 100 KB more at 5,000 insights per language)
// and rank most of the collection, for seconds on a slow machine: it waits a letter.
export function searchTerm(text) {
  const words = text.trim().split(/\s+/);
  if (words.length > 1 && words[words.length - 1].length < MIN_QUERY) words.pop();
  return words.join(" ");
}

// Milliseconds to wait after a keystroke before searching: a search Pagefind has
// started cannot be stopped, so one per letter of fast typing can delay the last.
// It counts towards the 150 ms budget from the keystroke; benchmarks/browser_search.py
// --debounce measures other values.
export const DEBOUNCE_MS = 0;

// `action` after the keystrokes have paused DEBOUNCE_MS (at once when 0).
export function debounced(action) {
  let timer = 0;
  return () => {
    clearTimeout(timer);
    if (DEBOUNCE_MS > 0) timer = setTimeout(action, DEBOUNCE_MS);
    else action();
  };
}

const engines = new Map();

function engine(lang) {
  if (!engines.has(lang)) {
    const loading = (async () => {
      const pagefind = await import(`${BUNDLES}${lang}/pagefind.js`);
      // In the page, not in a Web Worker: the worker script is another 41 KB per
      // language, and with it searches were no faster (benchmarks/browser_search.py).
      await pagefind.options({ noWorker: true });
      await pagefind.init();
      return { lang, pagefind, filtersLoaded: false, running: Promise.resolve() };
    })();
    loading.catch(() => engines.delete(lang));  // a later search may try again
    engines.set(lang, loading);
  }
  return engines.get(lang);
}

// `languages` first, in that order; a language without a bundle is left out.
export function ordered(languages) {
  return [...new Set(languages)].filter((code) => LANGUAGES.includes(code));
}

// The language(s) a first query searches: the page's, or every one if it has none.
export function firstLanguages(lang = PAGE_LANGUAGE) {
  const first = ordered([lang]);
  return first.length ? first : [...LANGUAGES];
}

// Load the engine of the language(s) searched first, as the reader turns to a box.
export function preload(languages = firstLanguages()) {
  for (const lang of ordered(languages)) engine(lang).catch(() => {});
}

// One language's answer to words + categories: its results, and the count per
// category ignoring the category choice (so a count says what choosing it would give).
// Without `counts` (the header box), no filter data is loaded.
// One search at a time per language: a Pagefind search of a common prefix takes
// 100-300 ms at 5,000 insights and cannot be stopped, so quick typing started one per
// letter, each waiting for the one before. Now each waits for the running one and
// starts only if `stale()` is still false (no newer keystroke): the last keystroke
// waits for at most one other search.
export async function searchLanguage(code, { query, categories = [] }, { counts: wanted = true, stale = () => false } = {}) {
  const term = searchTerm(query);
  // Several categories mean "any of them": each one a reader ticks widens the net.
  const filters = categories.length ? { category: { any: categories } } : {};
  const loaded = await engine(code);
  const { pagefind } = loaded;
  const before = loaded.running;
  let done;
  loaded.running = new Promise((resolve) => { done = resolve; });
  try {
    await before;
    if (stale()) return { lang: code, results: [], categoryCounts: {}, stale: true };
    // Pagefind counts only the filters whose data it has loaded: load it all, once.
    if (wanted && !loaded.filtersLoaded) {
      await pagefind.filters();
      loaded.filtersLoaded = true;
    }
    const main = await pagefind.search(term, { filters });
    let categoryCounts = {};
    if (wanted) categoryCounts = (categories.length ? await pagefind.search(term, {}) : main).filters.category;
    for (const result of main.results) result.lang = code;  // the bundle says the language
    return { lang: code, results: main.results, categoryCounts: categoryCounts || {} };
  } finally {
    done();
  }
}

// Several languages' answers as one, best match first, with the counts a filter bar
// shows: per category for the chosen language (all when `lang` is ""), per language
// ignoring the language choice. Without words there is nothing to search: filter.js
// lists categories and languages from the build's card lists instead.
export function combine(searched, lang = "") {
  const chosen = searched.filter((s) => !lang || s.lang === lang);
  const counts = { category: {}, lang: {}, all: 0 };
  for (const s of searched) {
    counts.lang[s.lang] = s.results.length;
    counts.all += s.results.length;
  }
  for (const s of chosen) {
    for (const [slug, n] of Object.entries(s.categoryCounts)) counts.category[slug] = (counts.category[slug] || 0) + n;
  }
  return {
    languages: searched.map((s) => s.lang),
    total: chosen.reduce((sum, s) => sum + s.results.length, 0),
    counts,
    results: new Results(chosen.flatMap((s) => s.results)),
  };
}

// A search of `languages` (default: all) as one answer; see combine.
export async function find(state, { languages = LANGUAGES, counts = true, stale } = {}) {
  const searched = await Promise.all(ordered(languages).map((code) => searchLanguage(code, state, { counts, stale })));
  return combine(searched, state.lang || "");
}

// A plain object for a card, from a Pagefind result and its fragment.
async function insight(result) {
  const data = await result.data();
  const meta = data.meta || {};
  const filters = data.filters || {};
  return {
    url: data.url,
    title: meta.title || "",
    summary: meta.summary || "",
    date: meta.date || "",
    lang: result.lang,
    categories: filters.category || [],
  };
}

// The results of one search, best first, loaded a page at a time. Scores of the two
// languages' indexes are merged as Pagefind merges indexes.
export class Results {
  constructor(results) {
    this.items = results.sort((a, b) => b.score - a.score);
    this.length = results.length;
    this.position = 0;
  }

  get done() {
    return this.position >= this.length;
  }

  async next(count) {
    const slice = this.items.slice(this.position, this.position + count);
    this.position += slice.length;
    return Promise.all(slice.map(insight));
  }
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
  const input = form.querySelector("input[type=search]");
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
  let sequence = 0;

  const close = () => { panel.hidden = true; input.setAttribute("aria-expanded", "false"); };
  const open = () => { panel.hidden = false; input.setAttribute("aria-expanded", "true"); };

  function item(hit) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = hit.url;
    a.lang = hit.lang;
    const title = document.createElement("span");
    title.className = "qi-search__title";
    title.textContent = hit.title;
    const badge = document.createElement("abbr");
    badge.className = `qi-badge qi-badge--${hit.lang}`;
    badge.textContent = hit.lang.toUpperCase();
    const summary = document.createElement("span");
    summary.className = "qi-search__summary";
    summary.textContent = hit.summary;
    a.append(badge, " ", title, summary);
    li.append(a);
    return li;
  }

  // Searches the page's language, or every language once widened; resolves to the
  // results shown (or null when a newer keystroke took over).
  async function update() {
    const query = input.value.trim();
    const mine = ++sequence;
    if (!isQuery(query)) { close(); list.replaceChildren(); status.textContent = ""; list.removeAttribute("aria-busy"); return null; }
    list.setAttribute("aria-busy", "true");
    let found, page;
    try {
      const stale = () => mine !== sequence;
      found = await find({ query }, { languages: widened ? [...first, ...others] : first, counts: false, stale });
      if (mine !== sequence) return null;  // typed on: load no fragments for this one
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
    // Every language searched (widened, or no other bundle): the overview's "both".
    scope.disabled = widened || others.length === 0;
    const url = new URL(form.action);
    url.search = new URLSearchParams(scope.disabled ? { q: query } : { q: query, lang: scope.value }).toString();
    all.href = url.href;
    all.hidden = found.total <= items.length;
    // Hidden only after focus left it (see widen): a hidden button drops focus.
    if (document.activeElement !== also) also.hidden = widened || others.length === 0;
    list.removeAttribute("aria-busy");
    open();
    return page;
  }

  // "Also search Dutch insights": load the other bundle and merge its results.
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
  const typed = debounced(() => { update(); });
  input.addEventListener("input", typed);
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
