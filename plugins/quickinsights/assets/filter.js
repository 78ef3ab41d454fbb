// The Insights overview's filter: categories, language and words, over the whole
// collection, through the Pagefind index (search.js). The page itself holds only the
// newest insights; everything else is loaded twenty cards at a time.
//
// The state lives in the URL (?category=a&category=b&lang=nl&q=words): a filtered view
// can be shared and reloaded, and the back button undoes a filter change.
// Cards are filled with textContent only: titles and summaries are untrusted text.

import { countText, find, preload } from "./search.js";

const PAGE = 20;

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
  const dates = new Intl.DateTimeFormat(texts.locale, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  const labels = new Map(boxes.map((box) => [box.value, {
    label: box.closest("label").querySelector(".qi-option__label").textContent,
    url: box.dataset.url,
  }]));
  let sequence = 0;
  let results = null;

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
    link.href = hit.url;
    link.hreflang = hit.lang;
    link.textContent = hit.title;
    const badge = node.querySelector(".qi-badge");
    badge.textContent = hit.lang.toUpperCase();
    badge.className = `qi-badge qi-badge--${hit.lang}`;
    badge.title = (radios.find((r) => r.value === hit.lang)?.closest("label").querySelector(".qi-option__label").textContent) || "";
    const time = node.querySelector(".qi-card__date");
    time.dateTime = hit.date;
    time.textContent = hit.date ? dates.format(new Date(`${hit.date}T00:00:00Z`)) : "";
    node.querySelector(".qi-card__summary").textContent = hit.summary;
    const chips = node.querySelector(".qi-chips");
    const chipTemplate = chips.firstElementChild;
    chips.replaceChildren(...hit.categories.filter((slug) => labels.has(slug)).map((slug) => {
      const chip = chipTemplate.cloneNode(true);
      const target = chip.querySelector(".qi-chip");
      target.textContent = labels.get(slug).label;
      if (target.href !== undefined) target.href = labels.get(slug).url;
      return chip;
    }));
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
      const found = await find(formState());
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
    // After "show more", go on reading where the new cards start.
    if (focusFirst && nodes.length) nodes[0].querySelector("a").focus();
  }

  async function update() {
    const mine = ++sequence;
    const state = formState();
    // Busy until this change's results are in (assistive technology waits; so do tests).
    list.setAttribute("aria-busy", "true");
    let found;
    try {
      found = await find(state);
    } catch (error) {
      if (mine === sequence) {
        status.textContent = texts.unavailable;
        list.removeAttribute("aria-busy");
      }
      throw error;
    }
    if (mine !== sequence) return;  // a newer change has its own results coming
    results = found.results;
    const first = await results.next(PAGE);
    if (mine !== sequence) return;
    list.replaceChildren(...first.map(card));
    status.textContent = countText(texts, found.total);
    showCounts(found.counts);
    empty.hidden = found.total !== 0;
    more.hidden = results.done;
    list.removeAttribute("aria-busy");
  }

  // The first keystroke of a search is a step in the history, the next ones replace
  // it: back then leaves the search in one step rather than one letter at a time.
  let typing = false;

  function changed(push) {
    const url = urlFor(formState());
    if (url !== `${location.pathname}${location.search}${location.hash}`) {
      history[push ? "pushState" : "replaceState"](null, "", url);
    }
    return update();
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); typing = false; changed(true); });
  query.addEventListener("input", () => { changed(!typing); typing = true; });
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

  // Load the search engine as soon as the reader turns to the filter.
  form.addEventListener("focusin", preload, { once: true });
  form.addEventListener("pointerenter", preload, { once: true });

  const initial = readState(location.search);
  showState(initial);
  form.hidden = false;
  if (initial.query || initial.categories.length || initial.lang) {
    update();
  } else {
    // No filter: the page as built already shows the newest cards and every count.
    // Nothing is loaded until the reader filters or asks for more.
    const total = Number(texts.total);
    status.textContent = countText(texts, total);
    more.hidden = total <= list.children.length;
  }
}
