// The search engine on the reader's side, over the static index the build writes
// (sitesearch.py explains the files). One index holds both languages: every insight's
// terms were stemmed with its own language's Snowball stemmer, and a query is stemmed
// here with the same stemmers (translated to JavaScript by stemjs.py), once per
// language searched, so "organisatie" meets the Dutch insights that say "organisaties".
//
// A search fetches the entry (index.json: one small row per insight) and the stemmers
// of the languages searched, side by side, then the chunks holding the query's words,
// then one card file per result shown. Every file sits below the index's version,
// which the page names, so a browser may keep them for good. Never the whole index. Ranking is BM25 over the words' postings;
// every word must match (in any of its forms); the word being typed also matches the
// words it begins.

const ROOT = new URL("search/", import.meta.url);
// The index files this engine reads (sitesearch.FORMAT).
const FORMAT = 1;
const K1 = 1.2;
const B = 0.75;
// Words the last word begins count half as much as the word itself; so do the Dutch
// compounds that end in a word ("klantloyaliteit" for "loyaliteit").
const PREFIX_WEIGHT = 0.5;
const COMPOUND_WEIGHT = 0.5;
// A last word this long or longer also matches the words it begins ("lead" ->
// "leadership"): a two-letter prefix would load and rank a large part of the index.
const MIN_PREFIX = 3;

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

class Index {
  constructor(entry) {
    this.version = entry.version;
    this.languages = entry.languages;
    this.categories = entry.categories;
    const { docs, analysis } = entry;
    this.size = docs.lang.length;
    this.lang = Uint8Array.from(docs.lang, (digit) => Number(digit));
    this.cats = Int32Array.from(docs.cats);
    this.length = Float32Array.from(docs.length);
    this.count = this.languages.map(() => 0);
    const total = this.languages.map(() => 0);
    for (let id = 0; id < this.size; id += 1) {
      this.count[this.lang[id]] += 1;
      total[this.lang[id]] += this.length[id];
    }
    this.average = total.map((sum, i) => sum / Math.max(1, this.count[i]));
    // Python's \w is a letter, digit or underscore of any script.
    this.pattern = new RegExp(analysis.pattern.replaceAll("\\w", "[\\p{L}\\p{N}_]"), "gu");
    this.fold = new Map(Object.entries(analysis.fold));
    this.rules = new Map(this.languages.map((code) => [code, {
      stop: new Set(analysis[code].stop), minLength: analysis[code].minLength, compounds: analysis[code].compounds,
    }]));
    this.firstKeys = entry.chunks;
    this.stems = new Map();
  }

  chunk(number) {
    return json(`${this.version}/t/${number}.json`);
  }

  // The chunk that holds `key`: the last whose first key is not after it.
  chunkOf(key) {
    let low = 0;
    let high = this.firstKeys.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.firstKeys[middle] <= key) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  // The postings of `key`, or null.
  async postings(key) {
    const chunk = await this.chunk(this.chunkOf(key));
    return Object.hasOwn(chunk, key) ? chunk[key] : null;
  }

  // The keys from `from` up to (not including) `to`, with their postings.
  async range(from, to) {
    const numbers = [];
    for (let n = this.chunkOf(from); n <= this.chunkOf(to); n += 1) numbers.push(n);
    const found = [];
    for (const chunk of await Promise.all(numbers.map((n) => this.chunk(n)))) {
      for (const key of Object.keys(chunk)) if (key >= from && key < to) found.push([key, chunk[key]]);
    }
    return found;
  }

  foldWord(word) {
    let out = "";
    for (const letter of word) out += this.fold.get(letter) ?? letter;
    return out;
  }

  // The query's words for language `code`: for each, the keys it matches with their
  // weights. Stop words and single letters are left out, as the build left them out.
  async words(query, code) {
    const rules = this.rules.get(code);
    const stem = await stemmer(this.version, code);
    this.stems.set(code, stem);  // for marks(), which runs without waiting
    const tokens = query.toLowerCase().match(this.pattern) || [];
    const typing = !/\s$/.test(query);
    const words = [];
    for (const [i, token] of tokens.entries()) {
      const last = typing && i === tokens.length - 1;
      // "customer lo": the reader is still typing a word too short to look up as a
      // prefix; it would match nothing and empty the results until its third letter.
      if (last && i > 0 && token.length < MIN_PREFIX) continue;
      const prefix = last && token.length >= MIN_PREFIX;
      const indexed = token.length >= rules.minLength && !rules.stop.has(token);
      if (!indexed && !prefix) continue;
      const keys = new Map();
      if (indexed) {
        const term = this.foldWord(stem(token));
        keys.set(`${code}:${term}`, 1);
        // The merged postings of the compounds that end in the term (sitesearch.py).
        if (rules.compounds) keys.set(`${code}~${term}`, COMPOUND_WEIGHT);
      }
      if (prefix) {
        const start = `${code}:${this.foldWord(token)}`;
        for (const [key] of await this.range(start, `${start}\uffff`)) if (!keys.has(key)) keys.set(key, PREFIX_WEIGHT);
      }
      words.push(keys);
    }
    return words;
  }

  // Scores of every insight in `code` that matches all words (0 for the others); the
  // keys that matched go into `found`.
  async scoreLanguage(query, code, scores, found) {
    const words = await this.words(query, code);
    if (!words.length) return false;
    // Every word's chunks at once, not one word after the other.
    await Promise.all(words.flatMap((keys) => [...keys.keys()].map((key) => this.postings(key))));
    const language = this.languages.indexOf(code);
    const n = this.count[language];
    const average = this.average[language];
    let matched = null;
    for (const keys of words) {
      const word = new Float32Array(this.size);
      const wanted = [...keys.keys()];
      const lists = await Promise.all(wanted.map((key) => this.postings(key)));
      for (const [i, entries] of lists.entries()) {
        if (!entries) continue;
        const key = wanted[i];
        const df = entries.length / 2;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5)) * keys.get(key);
        found.add(key);
        let id = -1;
        for (let j = 0; j < entries.length; j += 2) {
          id += entries[j] + 1;
          const tf = entries[j + 1];
          word[id] += idf * (tf * (K1 + 1)) / (tf + K1 * (1 - B + B * this.length[id] / average));
        }
      }
      if (matched === null) matched = word;
      else for (let id = 0; id < this.size; id += 1) matched[id] = word[id] > 0 ? matched[id] + word[id] : 0;
    }
    // Relative to the language's best match: the two languages' scores are not on one
    // scale (a word rare in one language weighs more there), and "both languages"
    // should interleave them by relevance rather than list the rarer language first.
    let best = 0;
    for (let id = 0; id < this.size; id += 1) best = Math.max(best, matched[id]);
    for (let id = 0; id < this.size; id += 1) if (matched[id] > 0) scores[id] = matched[id] / best;
    return true;
  }

  // Every insight in `languages` matching `query`, best first; on equal scores the
  // `preferred` language (the page's) first, then the newest.
  async search(query, languages, preferred = languages[0]) {
    const scores = new Float32Array(this.size);
    const found = new Set();
    const codes = languages.filter((code) => this.languages.includes(code));
    await Promise.all(codes.map((code) => this.scoreLanguage(query, code, scores, found)));
    const ids = [];
    for (let id = 0; id < this.size; id += 1) if (scores[id] > 0) ids.push(id);
    const other = (id) => (this.languages[this.lang[id]] === preferred ? 0 : 1);
    ids.sort((a, b) => scores[b] - scores[a] || other(a) - other(b) || a - b);
    return new Hits(this, Int32Array.from(ids), found);
  }

  // One insight's card: {url, title, summary, date, lang, categories}.
  async card(id) {
    const c = await json(`${this.version}/d/${id}.json`);
    return {
      url: new URL(c.u, new URL("../", import.meta.url)).pathname,
      title: c.t, summary: c.s, date: c.d, lang: c.l, categories: c.c,
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
  constructor(engine, ids, keys = new Set()) {
    this.engine = engine;
    this.ids = ids;
    this.keys = keys;  // the index keys the query matched
  }

  // `text` of an insight in `lang` as [piece, matched] pairs: the words the query
  // matched (in any of their forms) are pieces of their own, to be highlighted.
  marks(text, lang) {
    const { engine } = this;
    const stem = engine.stems.get(lang);
    const rules = engine.rules.get(lang);
    if (!stem || !rules || !this.keys.size) return [[text, false]];
    // Compounds matched through "<lang>~tail": any word whose stem ends in the tail.
    const tails = [...this.keys].filter((key) => key.startsWith(`${lang}~`)).map((key) => key.slice(lang.length + 1));
    const pieces = [];
    let at = 0;
    for (const match of text.matchAll(engine.pattern)) {
      const lower = match[0].toLowerCase();
      if (lower.length < rules.minLength || rules.stop.has(lower)) continue;
      const term = engine.foldWord(stem(lower));
      if (!this.keys.has(`${lang}:${term}`) && !tails.some((tail) => term.length > tail.length && term.endsWith(tail))) continue;
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
    for (const id of this.ids) {
      const cats = engine.cats[id];
      if (mask === 0 || (cats & mask) !== 0) {
        counts.lang[engine.languages[engine.lang[id]]] += 1;
        counts.all += 1;
      }
      if (lang !== "" && engine.lang[id] !== language) continue;
      engine.categories.forEach((slug, bit) => { if (cats & (1 << bit)) counts.category[slug] += 1; });
    }
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
  await Promise.all([index(version), ...languages.map((code) => stemmer(version, code))]);
}
