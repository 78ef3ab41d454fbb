// The site's one search engine, on the reader's side: Pagefind's English and Dutch
// bundles searched as one (see sitesearch.py), for the header search box of every page
// and for the overview's filter (filter.js imports `find` from here).
//
// Each language has its own bundle, loaded as its own module: Pagefind stems a query
// with the WebAssembly module of the index it searches, so "organisatie" is stemmed
// as Dutch in the Dutch index and "managers" as English in the English one.
// Pagefind fetches the engine, the index's list of pages and the chunks of the query's
// words, then one fragment per result shown: never the whole index (figures for 5,000
// insights per language: benchmarks/browser_search.py). Everything comes from this
// site: the bundles live in /pagefind/<lang>/ next to /assets/.
//
// Untrusted text (titles, summaries) is only ever set with textContent.

const BUNDLES = new URL("../pagefind/", import.meta.url).href;
// The languages that have insights, and so a bundle (the header form says which).
const LANGUAGES = (document.querySelector("form.qi-search")?.dataset.languages ?? "en nl").split(" ").filter(Boolean);

// A single letter matches most of the collection: at 5,000 insights per language
// Pagefind needs most of a second for it, and no reader is helped by the answer.
export const MIN_QUERY = 2;
export const isQuery = (text) => text.trim().length >= MIN_QUERY;

const engines = new Map();

function engine(lang) {
  if (!engines.has(lang)) {
    const loading = (async () => {
      const pagefind = await import(`${BUNDLES}${lang}/pagefind.js`);
      // In the page, not in a Web Worker: the worker script is another 41 KB per
      // language, and with it searches were no faster (benchmarks/browser_search.py).
      await pagefind.options({ noWorker: true });
      await pagefind.init();
      return { lang, pagefind, filtersLoaded: false };
    })();
    loading.catch(() => engines.delete(lang));  // a later search may try again
    engines.set(lang, loading);
  }
  return engines.get(lang);
}

export function preload() {
  for (const lang of LANGUAGES) engine(lang).catch(() => {});
}

// One search over both languages, best match first: the results for words +
// categories + language, and the counts a filter bar shows: per category ignoring the
// category choice, per language ignoring the language choice, so a count says what
// choosing it would give. Without words there is nothing to search: filter.js lists
// categories and languages from the build's card lists instead.
// Without `counts` (the header box), no filter data is loaded.
export async function find({ query, categories = [], lang = "" }, { counts: wanted = true } = {}) {
  const term = query.trim();
  // Several categories mean "any of them": each one a reader ticks widens the net.
  const filters = categories.length ? { category: { any: categories } } : {};
  const searched = await Promise.all(LANGUAGES.map(async (code) => {
    const loaded = await engine(code);
    const { pagefind } = loaded;
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
  }));
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
    total: chosen.reduce((sum, s) => sum + s.results.length, 0),
    counts,
    results: new Results(chosen.flatMap((s) => s.results)),
  };
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
  const all = form.querySelector(".qi-search__all");
  const texts = form.dataset;
  let sequence = 0;

  const close = () => { panel.hidden = true; input.setAttribute("aria-expanded", "false"); };
  const open = () => { panel.hidden = false; input.setAttribute("aria-expanded", "true"); };

  async function update() {
    const query = input.value.trim();
    const mine = ++sequence;
    if (!isQuery(query)) { close(); list.replaceChildren(); status.textContent = ""; list.removeAttribute("aria-busy"); return; }
    list.setAttribute("aria-busy", "true");
    let found, page;
    try {
      found = await find({ query }, { counts: false });
      if (mine !== sequence) return;  // typed on: load no fragments for this one
      page = await found.results.next(MAX_SUGGESTIONS);
    } catch (error) {
      if (mine !== sequence) return;
      status.textContent = texts.unavailable;
      list.removeAttribute("aria-busy");
      open();
      throw error;
    }
    if (mine !== sequence) return;  // a newer keystroke has its own results coming
    const items = page.map((hit) => {
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
    });
    list.replaceChildren(...items);
    status.textContent = countText(texts, found.total);
    const url = new URL(form.action);
    url.search = new URLSearchParams({ q: query }).toString();
    all.href = url.href;
    all.hidden = found.total <= items.length;
    list.removeAttribute("aria-busy");
    open();
  }

  input.addEventListener("focus", preload, { once: true });
  input.addEventListener("input", () => { update(); });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") { close(); }
    if (event.key === "ArrowDown" && !panel.hidden) {
      const first = list.querySelector("a");
      if (first) { event.preventDefault(); first.focus(); }
    }
  });
  list.addEventListener("keydown", (event) => {
    const links = [...list.querySelectorAll("a")];
    const at = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && at < links.length - 1) { event.preventDefault(); links[at + 1].focus(); }
    if (event.key === "ArrowUp") { event.preventDefault(); (at > 0 ? links[at - 1] : input).focus(); }
    if (event.key === "Escape") { close(); input.focus(); }
  });
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
