// The Insights overview's filter: categories, language and words, over the whole
// collection: with words through the site's search engine (search.js, engine.js),
// without words from card lists written by the build. The page itself holds only the
// newest insights; everything else is loaded twenty cards at a time.
//
// The state lives in the URL (?category=a&category=b&lang=nl&q=words): a filtered view
// can be shared and reloaded, and the back button undoes a filter change.
// Cards are filled with textContent only: titles and summaries are untrusted text.

import { countText, fill, find, hideNotes, isQuery, LANGUAGES, newer, preload, resultUrl, showNotes } from "./search.js";

const PAGE = 20;
// The first answer to words shows fewer: each result is a card file to fetch, and a
// reader who types sees a new answer at every keystroke ("show more" adds PAGE).
const FIRST_ANSWER = 10;
const SITE = new URL("../", import.meta.url);

// -- without words: the card lists written at build time (listing.card_files) -------

// Counts and results for categories and language alone, without the search engine:
// `stats` says how many insights of each language have each combination of categories.
function browse({ categories, lang }, stats) {
  const bit = new Map(stats.categories.map((slug, i) => [slug, 2 ** i]));
  const chosen = categories.reduce((mask, slug) => mask | bit.get(slug), 0);
  const matches = (mask) => chosen === 0 || (mask & chosen) !== 0;
  const languages = Object.keys(stats.masks);
  const counts = { category: {}, lang: {}, all: 0 };
  for (const code of languages) {
    counts.lang[code] = stats.masks[code].reduce((sum, [mask, n]) => sum + (matches(mask) ? n : 0), 0);
    counts.all += counts.lang[code];
    if (lang && lang !== code) continue;
    for (const [slug, b] of bit) {
      counts.category[slug] = (counts.category[slug] || 0)
        + stats.masks[code].reduce((sum, [mask, n]) => sum + (mask & b ? n : 0), 0);
    }
  }
  const wanted = languages.filter((code) => !lang || code === lang);
  const total = wanted.reduce((sum, code) => sum + counts.lang[code], 0);
  const lists = [];
  for (const code of wanted) {
    for (const key of categories.length ? categories : ["all"]) {
      const size = key === "all" ? counts.lang[code]
        : stats.masks[code].reduce((sum, [mask, n]) => sum + (mask & bit.get(key) ? n : 0), 0);
      if (size) lists.push(new CardList(code, key, size));
    }
  }
  return { total, counts, results: new Merged(lists, total) };
}

// One list of cards (a language's, or a category's in a language), a file at a time.
class CardList {
  constructor(lang, key, size) {
    Object.assign(this, { lang, key, size, next: 0, loaded: [], file: 0 });
  }

  get more() { return this.loaded.length > 0 || this.next < this.size; }

  async fill(count) {
    while (this.loaded.length < count && this.next + this.loaded.length < this.size) {
      this.file += 1;
      const url = new URL(`assets/cards/${this.lang}/${this.key}/${this.file}.json`, SITE);
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${url}: ${response.status}`);
      const cards = await response.json();
      this.loaded.push(...cards.map((c) => ({
        url: new URL(c.u, SITE).pathname, title: c.t, summary: c.s, date: c.d, lang: this.lang, categories: c.c, tags: c.g || [],
      })));
      // Skipped cards (see skip) may sit in the first file loaded.
      const drop = Math.max(0, this.next - (this.file - 1) * PAGE);
      if (drop) this.loaded.splice(0, Math.min(drop, this.loaded.length));
    }
  }
}

// Several newest-first lists as one, newest first; an insight in two chosen categories
// is in two lists and shown once.
class Merged {
  constructor(lists, total) {
    Object.assign(this, { lists, length: total, position: 0, seen: new Set() });
  }

  get done() { return this.position >= this.length; }

  // The page as built shows the newest cards of each language (one list each).
  skip(shown) {
    for (const list of this.lists) {
      list.next = Math.min(shown[list.lang] || 0, list.size);
      list.file = Math.floor(list.next / PAGE);
      this.position += list.next;
    }
  }

  async next(count) {
    const page = [];
    while (page.length < count && !this.done) {
      const open = this.lists.filter((l) => l.more);
      if (!open.length) break;
      await Promise.all(open.map((l) => l.fill(1)));
      const newest = open.filter((l) => l.loaded.length)
        .reduce((a, b) => (newer(b.loaded[0], a.loaded[0]) ? b : a));
      const card = newest.loaded.shift();
      newest.next += 1;
      if (this.seen.has(card.url)) continue;
      this.seen.add(card.url);
      page.push(card);
      this.position += 1;
    }
    return page;
  }
}

const root = document.querySelector("[data-qi-overview]");
if (root) overview(root);

function overview(root) {
  const form = root.querySelector("form.qi-filter");
  const query = form.elements.q;
  const boxes = [...form.querySelectorAll("input[name=category]")];
  const radios = [...form.querySelectorAll("input[name=lang]")];
  const status = root.querySelector(".qi-result-count");
  const list = root.querySelector(".qi-cards");
  const empty = root.querySelector(".qi-empty");
  const more = root.querySelector(".qi-more");
  const template = root.querySelector("#qi-card-template");
  const texts = root.dataset;
  const stats = JSON.parse(root.querySelector("#qi-stats").textContent);
  const dates = new Intl.DateTimeFormat(texts.locale, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  const labels = new Map(boxes.map((box) => [box.value, {
    label: box.closest("label").querySelector(".qi-option__label").textContent,
    url: box.dataset.url,
  }]));
  let sequence = 0;
  let results = null;
  // The query the reader asked to search as typed, not corrected (showNotes).
  let asTyped = null;

  function readState(search) {
    const params = new URLSearchParams(search);
    const known = new Set(boxes.map((b) => b.value));
    const lang = params.get("lang") || "";
    return {
      query: params.get("q") || "",
      categories: params.getAll("category").filter((c) => known.has(c)),
      lang: radios.some((r) => r.value === lang) ? lang : "",
    };
  }

  function formState() {
    return {
      query: query.value,
      categories: boxes.filter((b) => b.checked).map((b) => b.value),
      lang: (radios.find((r) => r.checked) || { value: "" }).value,
    };
  }

  function showState(state) {
    query.value = state.query;
    for (const box of boxes) box.checked = state.categories.includes(box.value);
    for (const radio of radios) radio.checked = radio.value === state.lang;
  }

  function urlFor(state) {
    const params = new URLSearchParams();
    for (const c of state.categories) params.append("category", c);
    if (state.lang) params.set("lang", state.lang);
    if (state.query.trim()) params.set("q", state.query.trim());
    const search = params.toString();
    return `${location.pathname}${search ? `?${search}` : ""}${location.hash}`;
  }

  function card(hit) {
    const node = template.content.firstElementChild.cloneNode(true);
    node.lang = hit.lang;
    const link = node.querySelector(".qi-card__link");
    // A search result: the article highlights the query's words (highlight.js).
    link.href = hit.query ? resultUrl(hit.url, hit.query) : hit.url;
    link.hreflang = hit.lang;
    fill(link, hit.title, hit.marks?.title);
    const badge = node.querySelector(".qi-badge");
    badge.textContent = hit.lang.toUpperCase();
    badge.className = `qi-badge qi-badge--${hit.lang}`;
    badge.title = (radios.find((r) => r.value === hit.lang)?.closest("label").querySelector(".qi-option__label").textContent) || "";
    const time = node.querySelector(".qi-card__date");
    time.dateTime = hit.date;
    time.textContent = hit.date ? dates.format(new Date(`${hit.date}T00:00:00Z`)) : "";
    fill(node.querySelector(".qi-card__summary"), hit.summary, hit.marks?.summary);
    const chips = node.querySelector(".qi-chips");
    const chipTemplate = chips.firstElementChild;
    chips.replaceChildren(...hit.categories.filter((slug) => labels.has(slug)).map((slug) => {
      const chip = chipTemplate.cloneNode(true);
      const target = chip.querySelector(".qi-chip");
      target.textContent = labels.get(slug).label;
      if (target.href !== undefined) target.href = labels.get(slug).url;
      return chip;
    }));
    const tags = node.querySelector(".qi-tags");
    if (tags) {
      const tagTemplate = tags.firstElementChild;
      const items = (hit.tags || []).map(([label, url]) => {
        const item = tagTemplate.cloneNode(true);
        const target = item.querySelector(".qi-tag");
        target.textContent = `#${label}`;
        if (target.href !== undefined) target.href = new URL(url, SITE).pathname;
        return item;
      });
      if (items.length) tags.replaceChildren(...items);
      else tags.remove();
    }
    return node;
  }

  function showCounts(counts) {
    for (const node of form.querySelectorAll("[data-count]")) {
      const [key, value] = node.dataset.count.split(":");
      node.textContent = String(key === "lang" && value === "" ? counts.all : counts[key][value] || 0);
    }
  }

  async function showMore(focusFirst) {
    const mine = sequence;
    list.setAttribute("aria-busy", "true");
    if (results === null) {
      // Still the page as built: search now, and go on after the cards it shows.
      const found = browse(formState(), stats);
      if (mine !== sequence) return;
      results = found.results;
      const shown = {};
      for (const card of list.children) shown[card.lang] = (shown[card.lang] || 0) + 1;
      results.skip(shown);
    }
    const page = await results.next(PAGE);
    if (mine !== sequence) return;
    const nodes = page.map(card);
    list.append(...nodes);
    more.hidden = results.done;
    list.removeAttribute("aria-busy");
    showPlaces(results, page, nodes, mine).catch(() => {});
    // After "show more", go on reading where the new cards start.
    if (focusFirst && nodes.length) nodes[0].querySelector("a").focus();
  }

  // The section where the words are, once the sections are in (search.js
  // Results.places): a link to its heading, and its snippet, below the summary.
  async function showPlaces(found, page, nodes, mine) {
    list.removeAttribute("data-places");
    if (!found.places || !(await found.places(page, () => mine !== sequence))) return;
    page.forEach((hit, i) => {
      if (!hit.place) return;
      const place = document.createElement("p");
      place.className = "qi-card__place";
      const section = document.createElement("a");
      section.className = "qi-card__section";
      section.href = resultUrl(hit.url, hit.query, hit.place.anchor);
      section.hreflang = hit.lang;
      fill(section, "", hit.place.heading);
      const snippet = document.createElement("span");
      snippet.className = "qi-card__snippet";
      fill(snippet, "", hit.place.snippet);
      // A dash: the snippet often begins a sentence of its own, right after the heading.
      place.append(section, " — ", snippet);
      nodes[i].querySelector(".qi-card__summary").after(place);
    });
    // Every card's place is known (and tests can wait for it).
    list.dataset.places = "";
  }

  function show(found, first, built) {
    const nodes = built || first.map(card);
    list.replaceChildren(...nodes);
    empty.hidden = found.total !== 0;
    more.hidden = results.done;
    return nodes;
  }

  async function update(initial = false) {
    const mine = ++sequence;
    const state = formState();
    // Busy until this change's results are in (assistive technology waits; so do tests).
    list.setAttribute("aria-busy", "true");
    let found;
    try {
      if (isQuery(state.query)) {
        // Both languages are searched at once: one index holds them (engine.js).
        found = await find(state, { languages: LANGUAGES, stale: () => mine !== sequence, correct: state.query !== asTyped });
      } else {
        found = browse(state, stats);
      }
    } catch (error) {
      if (mine === sequence) {
        status.textContent = texts.unavailable;
        list.removeAttribute("aria-busy");
      }
      throw error;
    }
    if (mine !== sequence) return;  // a newer change has its own results coming
    results = found.results;
    const first = await results.next(isQuery(state.query) ? FIRST_ANSWER : PAGE);
    if (mine !== sequence) return;
    // On load with words in the address, the cards go in with their sections at once:
    // sections added under cards a reader already sees would move the page (layout shift).
    let built = null;
    if (initial && results.places) {
      built = first.map(card);
      await showPlaces(results, first, built, mine).catch(() => {});
      if (mine !== sequence) return;
    }
    const nodes = show(found, first, built);
    status.textContent = countText(texts, found.total);
    // Words corrected or not found (search.js): only with words.
    if (found.notes) showNotes(status, found.notes, () => { asTyped = state.query; update(); });
    else hideNotes(status);
    showCounts(found.counts);
    list.removeAttribute("aria-busy");
    if (built) list.dataset.places = "";
    else showPlaces(results, first, nodes, mine).catch(() => {});  // the cards stand without
  }

  // The first keystroke of a search is a step in the history, the next ones replace
  // it: back then leaves the search in one step rather than one letter at a time.
  let typing = false;

  function remember(push) {
    const url = urlFor(formState());
    if (url !== `${location.pathname}${location.search}${location.hash}`) {
      history[push ? "pushState" : "replaceState"](null, "", url);
    }
  }

  function changed(push) {
    remember(push);
    return update();
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); typing = false; changed(true); });
  query.addEventListener("input", () => { remember(!typing); typing = true; update(); });
  query.addEventListener("blur", () => { typing = false; });
  for (const input of [...boxes, ...radios]) input.addEventListener("change", () => { typing = false; changed(true); });
  for (const button of root.querySelectorAll(".qi-clear")) {
    button.addEventListener("click", () => {
      showState({ query: "", categories: [], lang: "" });
      changed(true);
      query.focus();
    });
  }
  more.addEventListener("click", () => { showMore(true); });
  window.addEventListener("popstate", () => {
    showState(readState(location.search));
    update();
  });

  // Load the search engine as soon as the reader turns to the search box: categories
  // and language alone need no engine (browse).
  const warm = () => preload(LANGUAGES);
  query.addEventListener("focus", warm, { once: true });
  query.addEventListener("pointerenter", warm, { once: true });

  // Phones: the options fold behind one button that says how many are chosen.
  const toggle = form.querySelector(".qi-filter__toggle");
  const active = form.querySelector(".qi-filter__active");
  function showActive() {
    const n = boxes.filter((b) => b.checked).length + (radios.some((r) => r.checked && r.value) ? 1 : 0);
    active.textContent = n ? `(${n})` : "";
  }
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    form.classList.toggle("qi-filter--open", open);
  });
  form.addEventListener("change", showActive);
  for (const button of root.querySelectorAll(".qi-clear")) button.addEventListener("click", showActive);
  window.addEventListener("popstate", showActive);

  const initial = readState(location.search);
  showState(initial);
  showActive();
  if (initial.query || initial.categories.length || initial.lang) {
    update(true);
  } else {
    // No filter: the page as built already shows the newest cards and every count.
    // Nothing is loaded until the reader filters or asks for more.
    const total = Number(texts.total);
    status.textContent = countText(texts, total);
    more.hidden = total <= list.children.length;
  }
  // Set up (tests and tools wait for this; the results may still be on their way: aria-busy).
  root.dataset.qiReady = "";
}
