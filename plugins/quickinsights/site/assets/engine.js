// The search engine on the reader's side, over the static index the build writes
// (sitesearch.py explains the files). One index holds both languages: every insight's
// terms were stemmed with its own language's Snowball stemmer, and a query is stemmed
// here with the same stemmers (translated to JavaScript by stemjs.py) and the same
// rules (analysis.py's, in the entry), once per language searched, so "organisatie"
// meets the Dutch insights that say "organisaties".
//
// A search fetches the entry (index.json: one small row per insight) and the stemmers
// of the languages searched, side by side, then the chunks holding the query's words,
// then one card file per result shown. Every file sits below the index's version,
// which the page names, so a browser may keep them for good. Never the whole index:
// word pairs only for a "phrase", a language's vocabulary only for a word that
// matches nothing (compounds, typos). How a query is matched and ranked: ranking.js,
// the rules of ranking.py.

import * as ranking from "./ranking.js";

const ROOT = new URL("search/", import.meta.url);
// The index files this engine reads (sitesearch.FORMAT).
const FORMAT = 3;

const loaded = new Map();

// `load()` once per key; a failure is forgotten, so that a later search tries again.
function once(key, load) {
  if (!loaded.has(key)) {
    const promise = load();
    promise.catch(() => loaded.delete(key));
    loaded.set(key, promise);
  }
  return loaded.get(key);
}

// A JSON file below the index folder, fetched once per page.
function json(path) {
  return once(path, async () => {
    const url = new URL(path, ROOT);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return response.json();
  });
}

// The entry of index `version`, decoded once per page.
export function index(version) {
  return once(`${version}/index`, async () => {
    const entry = await json(`${version}/index.json`);
    // A cached engine.js older than the index: say so rather than misread it.
    if (entry.format !== FORMAT) throw new Error(`${version}/index.json: format ${entry.format}, this engine reads ${FORMAT}`);
    return new Index(entry);
  });
}

// The stemmer of language `code` in index `version`: stem(word).
function stemmer(version, code) {
  return once(`${version}/stem-${code}.js`, () => import(new URL(`${version}/stem-${code}.js`, ROOT).href).then((m) => m.stem));
}

// The chunk of `keys` (the first key of each chunk, sorted) that holds `key`.
function chunkOf(keys, key) {
  let low = 0;
  let high = keys.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (keys[middle] <= key) low = middle;
    else high = middle - 1;
  }
  return low;
}

class Index {
  constructor(entry) {
    this.version = entry.version;
    this.languages = entry.languages;
    this.categories = entry.categories;
    const { docs, analysis } = entry;
    this.size = docs.lang.length;
    this.lang = Uint8Array.from(docs.lang, (digit) => Number(digit));
    this.cats = Int32Array.from(docs.cats);
    // BM25's lengths, from their codes (ranking.length_code): the same integers as Python's.
    this.length = Float64Array.from(docs.length, (code) => docs.lengths[code]);
    // Each insight's translation (-1: none); the entry has the distance (0: none).
    this.translation = Int32Array.from(docs.translation, (distance, id) => (distance ? id + distance : -1));
    // Python's \w is a letter, digit or underscore of any script.
    this.pattern = new RegExp(analysis.pattern.replaceAll("\\w", "[\\p{L}\\p{N}_]"), "gu");
    this.foldMap = new Map(Object.entries(analysis.fold));
    this.rules = new Map(this.languages.map((code) => [code, {
      stop: new Set(analysis[code].stop), minLength: analysis[code].minLength,
      beforeStem: analysis[code].beforeStem, compounds: analysis[code].compounds,
    }]));
    const c = analysis.compounds;
    this.compoundRules = {
      minHead: c.minHead, minTail: c.minTail, linking: c.linking,
      notHeads: new Set(c.notHeads), notTails: new Set(c.notTails), stop: new Set(c.stop),
      minUnknownPart: c.minUnknownPart, minKnownTail: c.minKnownTail, suffixes: c.suffixes, suffixStarts: c.suffixStarts,
    };
    this.constants = entry.ranking;
    // What the search tells the reader, by page language (i18n.py's words).
    this.messages = entry.messages;
    this.glossary = entry.glossary;
    this.glossaryLanguages = [...new Set(this.glossary.flatMap((e) => Object.keys(e)))].filter((code) => this.rules.has(code));
    this.firstKeys = entry.chunks;
    this.stems = new Map();
    this.analysers = new Map();
    this.fetched = new Map();
  }

  foldWord(word) {
    let out = "";
    for (const letter of word) out += this.foldMap.get(letter) ?? letter;
    return out;
  }

  fold(word) {
    return this.foldWord(word);
  }

  // Load the stemmers of `codes`: analyzer(code) then works without waiting.
  async analyzers(codes) {
    await Promise.all(codes.filter((code) => this.rules.has(code)).map(async (code) => {
      if (this.analysers.has(code)) return;
      const stem = await stemmer(this.version, code);
      this.stems.set(code, stem);  // for marks(), which runs without waiting
      const rules = this.rules.get(code);
      const stems = new Map();
      const stemmed = (word) => {
        let term = stems.get(word);
        if (term === undefined) {
          let before = word;
          for (const [ending, replacement] of rules.beforeStem) {
            if (before.endsWith(ending)) { before = before.slice(0, -ending.length) + replacement; break; }
          }
          term = this.foldWord(stem(before));
          stems.set(word, term);
        }
        return term;
      };
      // analysis.Analyzer.term: '' for a stop word or a single letter.
      const term = (word) => {
        const lower = word.toLowerCase();
        return lower.length < rules.minLength || rules.stop.has(lower) ? "" : stemmed(lower);
      };
      this.analysers.set(code, { term, stem: stemmed });
    }));
  }

  // BM25's figures for language `code`, once: how many insights it has, and per
  // insight k1 * (1 - b + b * length / average length) (ranking.js).
  bm25(code) {
    this.bm25Figures ??= new Map();
    if (!this.bm25Figures.has(code)) {
      const { k1, b } = this.constants;
      const language = this.languages.indexOf(code);
      let n = 0;
      let total = 0;
      for (let id = 0; id < this.size; id += 1) if (this.lang[id] === language) { n += 1; total += this.length[id]; }
      const average = total / Math.max(1, n);
      const norm = Float64Array.from(this.length, (length) => k1 * (1 - b + b * length / average));
      this.bm25Figures.set(code, { n, norm });
    }
    return this.bm25Figures.get(code);
  }

  hasAnalyzer(code) {
    return this.analysers.has(code);
  }

  analyzer(code) {
    return this.analysers.get(code);
  }

  compounds(code) {
    return this.rules.get(code)?.compounds ?? false;
  }

  // The value of `key` in the chunks: the postings [gap, weight, ...] of "<code>:<term>",
  // "<code>:<term> ~" and "<code>><term> <term>", or the parts of "<code>:<term> =";
  // null when there is none. known(key) gives it without waiting once fetched.
  postings(key) {
    if (!this.fetched.has(key)) {
      const [colon, gt] = [key.indexOf(":"), key.indexOf(">")];
      const pair = gt >= 0 && (colon < 0 || gt < colon);
      const terms = pair ? key.slice(gt + 1).split(" ") : [];
      const load = terms.length > 2 ? this.phrase(key.slice(0, gt), terms)
        : (pair ? this.pairChunk(key) : this.chunk(chunkOf(this.firstKeys, key)))
          .then((chunk) => (Object.hasOwn(chunk, key) ? chunk[key] : null));
      this.fetched.set(key, load);
      load.then((value) => { this.fetched.set(key, { value }); }, () => this.fetched.delete(key));
    }
    const found = this.fetched.get(key);
    return found instanceof Promise ? found : Promise.resolve(found.value);
  }

  known(key) {
    const found = this.fetched.get(key);
    return found && !(found instanceof Promise) ? found.value : null;
  }

  chunk(number) {
    return json(`${this.version}/t/${number}.json`);
  }

  async pairChunk(key) {
    const firsts = await json(`${this.version}/pairs.json`);
    return firsts.length ? json(`${this.version}/p/${chunkOf(firsts, key)}.json`) : {};
  }

  // The postings of a phrase of three or more words, "<code>><term> <term> <term>…":
  // the insights where its pairs follow one another in one block, each with the least
  // of its pairs' weights (rankbase.phrase_postings), from the pairs' postings and
  // places ("<code>><term> <term>@").
  async phrase(code, terms) {
    const pairs = terms.slice(1).map((b, i) => `${code}>${terms[i]} ${b}`);
    const [lists, places] = await Promise.all([
      Promise.all(pairs.map((key) => this.postings(key))),
      Promise.all(pairs.map((key) => this.pairChunk(`${key}@`).then((c) => (Object.hasOwn(c, `${key}@`) ? c[`${key}@`] : null)))),
    ]);
    if (!lists.every((entries) => entries && entries.length) || !places.every(Boolean)) return null;
    // Per pair: insight -> [weight, places].
    const maps = lists.map((entries, k) => {
      const map = new Map();
      for (let j = 0, id = -1; j < entries.length; j += 2) {
        id += entries[j] + 1;
        const at = places[k][j / 2];  // one place, or a list of them
        map.set(id, [entries[j + 1], typeof at === "number" ? [at] : at]);
      }
      return map;
    });
    const found = [];
    for (const [id, [first, at]] of [...maps[0]].sort((a, b) => a[0] - b[0])) {
      if (!maps.every((map) => map.has(id))) continue;
      const later = maps.slice(1).map((map) => new Set(map.get(id)[1]));
      if (!at.some((p) => later.every((set, k) => set.has(p + k + 1)))) continue;
      found.push([id, Math.min(first, ...maps.slice(1).map((map) => map.get(id)[0]))]);
    }
    if (!found.length) return null;
    const entries = [];
    let last = -1;
    for (const [id, weight] of found) { entries.push(id - last - 1, weight); last = id; }
    return entries;
  }

  // The known parts of compound `term` in `code` ("nl:<term> ="), or null.
  parts(code, term) {
    return this.compounds(code) && term ? this.postings(`${code}:${term} =`) : Promise.resolve(null);
  }

  // The indexed terms of `code` that begin with `prefix`, in order.
  async prefixed(code, prefix) {
    const from = `${code}:${prefix}`;
    const to = `${from}\uffff`;
    const numbers = [];
    for (let n = chunkOf(this.firstKeys, from); n <= chunkOf(this.firstKeys, to); n += 1) numbers.push(n);
    const found = [];
    for (const chunk of await Promise.all(numbers.map((n) => this.chunk(n)))) {
      for (const key of Object.keys(chunk)) {
        if (key >= from && key < to && !key.includes(" ")) {
          found.push(key.slice(code.length + 1));
          if (!this.fetched.has(key)) this.fetched.set(key, { value: chunk[key] });
        }
      }
    }
    return found;
  }

  // A language's words, most frequent first, and every word and term it knows: only
  // for a query word that matches nothing (ranking.js: compounds, typos).
  vocabulary(code) {
    return once(`${this.version}/v/${code}`, async () => {
      const v = await json(`${this.version}/v/${code}.json`);
      return { words: v.words, written: new Set(v.words), known: new Set([...v.words, ...v.terms]) };
    });
  }

  // The slots of `query` in `code` (ranking.js): how many words it searches there.
  async words(query, code) {
    await this.analyzers([code]);
    return ranking.slotsOf(this, query, code);
  }

  // Every insight in `languages` matching `query`, best first (ranking.js); on equal
  // scores the `preferred` language (the page's) first, then the newest. `correct`:
  // false searches a word as typed, without correcting it.
  async search(query, languages, preferred = languages[0], { correct = true } = {}) {
    const found = await ranking.search(this, query, languages, preferred, { correct });
    return new Hits(this, found.ids, found.keys, found.notes);
  }

  // One insight's card: {url, title, summary, date, lang, categories}.
  async card(id) {
    const c = await json(`${this.version}/d/${id}.json`);
    return {
      url: new URL(c.u, new URL("../", import.meta.url)).pathname,
      title: c.t, summary: c.s, date: c.d, lang: c.l, categories: c.c, tags: c.g || [],
    };
  }

  // One insight's sections as its page shows them (sitesearch.page_sections), from
  // its sections file: [{anchor, heading, text}].
  async sections(id) {
    const found = await json(`${this.version}/s/${id}.json`);
    return found.map(([anchor, heading, text]) => ({ anchor, heading, text }));
  }
}

// A snippet of a section: about SNIPPET_WORDS words from a few ahead of the first
// matched word, as search.py's snippet() for `insights search`.
const SNIPPET_WORDS = 28;
const SNIPPET_BEFORE = 6;

// `pieces` (of Hits.marks) cut to the snippet around their first matched piece, or
// their start when none is; "…" where text was left out.
function excerpt(pieces) {
  const text = pieces.map(([piece]) => piece).join("");
  let first = 0;
  for (const [piece, matched] of pieces) {
    if (matched) break;
    first += piece.length;
  }
  const starts = [...text.matchAll(/\S+/g)].map((word) => word.index);
  const after = starts.findIndex((start) => start > first);
  const from = Math.max(0, (after < 0 ? starts.length : after) - 1 - SNIPPET_BEFORE);
  const to = Math.min(starts.length, from + SNIPPET_WORDS);
  const start = starts[from] ?? 0;
  const end = to < starts.length ? starts[to] : text.length;
  const out = start > 0 ? [["… ", false]] : [];
  let at = 0;
  for (const [piece, matched] of pieces) {
    const cut = piece.slice(Math.max(0, start - at), Math.max(0, end - at));
    if (cut) out.push([cut, matched]);
    at += piece.length;
  }
  if (end < text.length) {
    const last = out[out.length - 1];
    if (!last[1]) last[0] = last[0].trimEnd();
    out.push([" …", false]);
  }
  return out;
}


// The insights a query matched, best first; narrowed and counted by category and
// language without another search.
class Hits {
  constructor(engine, ids, keys = new Set(), notes = { corrections: [], missing: [], partial: false }) {
    this.engine = engine;
    this.ids = ids;
    this.keys = keys;  // the index keys the query matched
    // What the reader is told: words corrected ([typed, searched]), words found
    // nowhere, and whether no insight has every word (ranking.js).
    this.notes = notes;
  }

  // `text` of an insight in `lang` as [piece, matched] pairs: the words the query
  // matched (in any of their forms) are pieces of their own, to be highlighted.
  marks(text, lang) {
    const { engine } = this;
    const stem = engine.stems.get(lang);
    const rules = engine.rules.get(lang);
    if (!stem || !rules || !this.keys.size) return [[text, false]];
    // The terms matched as such (words, word pairs, corrections, the glossary's), and
    // the parts whose compounds matched ("<lang>:<part> ~": any word whose term
    // begins or ends with the part).
    const terms = new Set();
    const parts = [];
    for (const key of this.keys) {
      if (key.startsWith(`${lang}>`)) for (const t of key.slice(lang.length + 1).split(" ")) terms.add(t);
      else if (!key.startsWith(`${lang}:`)) continue;
      else if (key.endsWith(" ~")) parts.push(key.slice(lang.length + 1, -2));
      else terms.add(key.slice(lang.length + 1));
    }
    const pieces = [];
    let at = 0;
    for (const match of text.matchAll(engine.pattern)) {
      const lower = match[0].toLowerCase();
      if (lower.length < rules.minLength || rules.stop.has(lower)) continue;
      const term = engine.foldWord(stem(lower));
      if (!terms.has(term) && !parts.some((part) => term.length > part.length && (term.endsWith(part) || term.startsWith(part)))) continue;
      if (match.index > at) pieces.push([text.slice(at, match.index), false]);
      pieces.push([match[0], true]);
      at = match.index + match[0].length;
    }
    if (at < text.length) pieces.push([text.slice(at), false]);
    return pieces;
  }

  // Where in insight `id` the query's words are, for a result that takes the reader
  // there: the section whose heading and text hold the most of the words matched
  // (then: in its heading, then most often; then the first), when it says more than
  // `shown` (the title and summary the result shows): a word they lack, or a heading
  // that has one. {anchor, heading, snippet}, the last two as marks() pieces; or null.
  async place(id, shown = "") {
    const { engine } = this;
    const lang = engine.languages[engine.lang[id]];
    const stem = engine.stems.get(lang);
    if (!stem || !this.keys.size) return null;
    const sections = await engine.sections(id);
    // The words matched, each once in whatever form ("Organisaties", "organisatie").
    const terms = (pieces) => new Set(pieces.filter(([, matched]) => matched).map(([word]) => engine.foldWord(stem(word.toLowerCase()))));
    const known = terms(this.marks(shown, lang));
    let best = null;
    for (const section of sections) {
      const heading = this.marks(section.heading, lang);
      const text = this.marks(section.text, lang);
      const titled = terms(heading);
      const found = new Set([...titled, ...terms(text)]);
      if (!titled.size && ![...found].some((term) => !known.has(term))) continue;
      const rank = [found.size, titled.size, text.filter(([, matched]) => matched).length];
      const differs = best === null ? -1 : rank.findIndex((value, n) => value !== best.rank[n]);
      if (best === null || (differs >= 0 && rank[differs] > best.rank[differs])) best = { anchor: section.anchor, heading, text, rank };
    }
    return best && { anchor: best.anchor, heading: best.heading, snippet: excerpt(best.text) };
  }

  // The bits of `categories`; a slug the index does not know has none.
  mask(categories) {
    const { engine } = this;
    return categories.reduce((mask, slug) => (engine.categories.includes(slug) ? mask | (1 << engine.categories.indexOf(slug)) : mask), 0);
  }

  // Insights in any of `categories` (all when none) and in language `lang` (all when "").
  filter({ categories = [], lang = "" }) {
    const { engine } = this;
    const mask = this.mask(categories);
    const language = engine.languages.indexOf(lang);
    const kept = this.ids.filter((id) => (mask === 0 || (engine.cats[id] & mask) !== 0)
      && (lang === "" || engine.lang[id] === language));
    return new Hits(engine, kept, this.keys);
  }

  get length() {
    return this.ids.length;
  }

  // Per category, the insights in language `lang` (all when ""); per language, those
  // in `categories`: each count says what choosing it would give.
  counts({ categories = [], lang = "" }) {
    const { engine } = this;
    const counts = { category: {}, lang: {}, all: 0 };
    for (const slug of engine.categories) counts.category[slug] = 0;
    for (const code of engine.languages) counts.lang[code] = 0;
    const mask = this.mask(categories);
    const language = engine.languages.indexOf(lang);
    // Counted in typed arrays, each insight's set bits only: thousands of hits per keystroke.
    const byLang = new Int32Array(engine.languages.length);
    const byBit = new Int32Array(32);
    for (const id of this.ids) {
      const cats = engine.cats[id];
      if (mask === 0 || (cats & mask) !== 0) byLang[engine.lang[id]] += 1;
      if (lang !== "" && engine.lang[id] !== language) continue;
      for (let rest = cats; rest !== 0; rest &= rest - 1) byBit[31 - Math.clz32(rest & -rest)] += 1;
    }
    engine.languages.forEach((code, i) => { counts.lang[code] = byLang[i]; counts.all += byLang[i]; });
    engine.categories.forEach((slug, bit) => { counts.category[slug] = byBit[bit]; });
    return counts;
  }

  // The cards from `start`, at most `count` of them.
  cards(start, count) {
    return Promise.all([...this.ids.subarray(start, start + count)].map((id) => this.engine.card(id)));
  }
}

// Load the entry of index `version` and the stemmers of `languages` (which must have
// insights: the page says which) ahead of a first query, side by side.
export async function preload(version, languages) {
  const [engine] = await Promise.all([index(version), ...languages.map((code) => stemmer(version, code))]);
  // The glossary's languages too: a query is looked up in each (ranking.js).
  await engine.analyzers([...languages, ...engine.glossaryLanguages]);
}
