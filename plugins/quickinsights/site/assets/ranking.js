// How a query is matched and ranked: ranking.py's rules, step for step, so that the
// reader's search and `insights search` agree (tests/test_search_parity.py runs the
// judged queries through both). ranking.py's docstring explains the rules; the
// constants come from the index's entry (sitesearch.py writes ranking.constants()).
//
// `source` is engine.js's Index: postings(key), parts(code, term), prefixed(code,
// prefix), vocabulary(code), analyzer(code), and per insight lang, length, translation;
// insights are numbered newest first, so an insight's number is its rank.

// -- analysis.py, the query side ---------------------------------------------------

const QUERY_PART = /"([^"]*)"?|(\S+)/gu;
const OPERATORS = new Set(["AND", "OR", "NOT"]);

// querytext.parse_query: words, "phrases", NOT word / -word, AND.
export function parseQuery(text, pattern, typing) {
  const tokens = [];
  let strict = false;
  let negate = false;
  let phrases = 0;
  for (const match of text.matchAll(QUERY_PART)) {
    const [, phrase, bare] = match;
    if (bare !== undefined && OPERATORS.has(bare)) {
      strict = strict || bare === "AND";
      negate = bare === "NOT";
      continue;
    }
    const negated = negate || (bare !== undefined && bare.startsWith("-"));
    negate = false;
    const part = (phrase !== undefined ? phrase : bare).toLowerCase();
    const found = [...part.matchAll(pattern)];
    let number = -1;
    if (phrase !== undefined && found.length) { number = phrases; phrases += 1; }
    found.forEach((word, at) => {
      const next = found[at + 1];
      const hyphen = next !== undefined && part.slice(word.index + word[0].length, next.index) === "-";
      tokens.push({ text: word[0], position: tokens.length, phrase: number, negated, hyphen });
    });
  }
  const unfinished = typing && tokens.length > 0 && !/\s$/.test(text) && !text.trimEnd().endsWith('"');
  return { tokens, strict, typing: unfinished };
}

// analysis.edit_distance: optimal string alignment, or limit + 1 beyond `limit`.
export function editDistance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous2 = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, previous2[j - 2] + 1);
      current[j] = value;
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    previous2 = previous;
    previous = current;
  }
  return previous[b.length];
}

const maxEdits = (word) => (word.length < 5 ? 0 : word.length < 8 ? 1 : 2);

// analysis.split_compound: head + tail, the head a known word or term, the tail a
// word as written (or, after a known head, a long word whose stem is known), the
// longest head first; `relaxed`: one known part is enough (a known head first).
export function splitCompound(word, known, written, stem, rules, relaxed = false) {
  if (word.length < rules.minHead + rules.minTail) return null;
  let knownHead = null;
  let knownTail = null;
  for (let at = word.length - rules.minTail; at >= rules.minHead; at -= 1) {
    const tail = word.slice(at);
    if (rules.notTails.has(tail) || rules.suffixStarts.some((start) => tail.startsWith(start))) continue;
    const head = word.slice(0, at);
    // A linking letter that begins a word of its own stays with the tail ("doel|stelling").
    const heads = [head, ...rules.linking.filter((link) => head.endsWith(link) && at - link.length >= rules.minHead
      && !(written.has(link + tail) || known.has(stem(link + tail))))
      .map((link) => head.slice(0, -link.length))].filter((h) => !rules.notHeads.has(h) && !rules.stop.has(h));
    if (!heads.length) continue;
    const tailWritten = written.has(tail);
    for (const candidate of heads) {
      const headKnown = known.has(candidate);
      const tailKnown = tailWritten || (headKnown && plausible(tail, rules) && known.has(stem(tail)));
      if (headKnown && tailKnown) return { head: candidate, tail, headKnown: true, tailKnown: true };
      if (!relaxed) continue;
      if (headKnown && knownHead === null && plausible(tail, rules)) knownHead = { head: candidate, tail, headKnown: true, tailKnown: false };
      else if (tailKnown && knownTail === null && tail.length >= rules.minKnownTail) {
        knownTail = { head: candidate, tail, headKnown: false, tailKnown: true };
      }
    }
  }
  return knownHead || knownTail;
}

// analysis._plausible: an unknown part long enough, and more than a suffix.
function plausible(part, rules) {
  if (part.length < rules.minUnknownPart) return false;
  return !rules.suffixes.some((suffix) => part.endsWith(suffix) && part.length - suffix.length < rules.minTail);
}

// querytext.glossary_matches: [sequence number, first word, last word] of each match.
function* glossaryMatches(sequences, queryTerms) {
  const indexed = [];
  queryTerms.forEach((term, i) => { if (term) indexed.push([i, term]); });
  for (const [number, sequence] of sequences.entries()) {
    const n = sequence.length;
    if (!n) continue;
    for (let start = 0; start + n <= indexed.length; start += 1) {
      if (sequence.every((term, k) => indexed[start + k][1] === term)) yield [number, indexed[start][0], indexed[start + n - 1][0]];
    }
  }
}

// -- ranking.py --------------------------------------------------------------------

class Slot {
  constructor(position, word, phrase = false) {
    Object.assign(this, { position, word, phrase, alternatives: [] });
  }

  // ranking.Alternative: keys that must all match, or with `union` any of them, their
  // postings merged; `glossary`: a translation, not the word itself.
  add(keys, weight, union = false, glossary = false) {
    if (keys.length && !this.alternatives.some((a) => a.union === union && a.keys.length === keys.length
      && a.keys.every((k, i) => k === keys[i]))) {
      this.alternatives.push({ keys, weight, union, glossary });
    }
  }
}

// queryplan.plan: the slots of the query in `code`, and the keys of its negated words.
function plan(query, code, source, R) {
  const { term } = source.analyzer(code);
  const { tokens } = query;
  const terms = tokens.map((t) => term(t.text));
  const compounds = source.compounds(code);
  const slots = [];
  const byPosition = new Map();
  const phrases = new Map();
  tokens.forEach((token, i) => {
    if (token.negated || !terms[i]) return;
    if (token.phrase >= 0) {
      if (!phrases.has(token.phrase)) phrases.set(token.phrase, []);
      phrases.get(token.phrase).push(token.position);
      return;
    }
    const slot = new Slot(token.position, token.text);
    slot.add([`${code}:${terms[i]}`], 1);
    if (compounds) slot.add([`${code}:${terms[i]} ~`], R.compound);
    byPosition.set(token.position, slot);
    slots.push(slot);
  });
  for (const [number, positions] of phrases) {
    const phraseTerms = positions.map((p) => terms[p]);
    const words = tokens.filter((t) => t.phrase === number);
    // At the phrase's first word, stop word or not: the same place in every language.
    const slot = new Slot(words[0].position, `"${words.map((t) => t.text).join(" ")}"`, true);
    if (phraseTerms.length === 1) slot.add([`${code}:${phraseTerms[0]}`], 1);
    // Two words: their pair; more: the whole phrase (engine.js phrase, rankbase.phrase_postings).
    else slot.add([`${code}>${phraseTerms.join(" ")}`], 1);
    slots.push(slot);
  }
  slots.sort((a, b) => a.position - b.position);
  const free = tokens.filter((t) => t.phrase < 0 && !t.negated);
  for (let i = 0; i + 1 < free.length; i += 1) {
    const [first, second] = [free[i], free[i + 1]];
    if (second.position !== first.position + 1 || first.text.length + second.text.length < R.minJoin) continue;
    const joined = term(first.text + second.text);
    const covered = [first.position, second.position].filter((p) => byPosition.has(p)).map((p) => byPosition.get(p));
    if (joined && covered.length) for (const slot of covered) slot.add([`${code}:${joined}`], R.join / covered.length);
  }
  // Words joined by hyphens, as the index also holds them ("one-to-one": "onetoone").
  let chain = [];
  for (const token of free) {
    chain.push(token);
    if (token.hyphen) continue;
    if (chain.length > 2) {
      const joined = term(chain.map((t) => t.text).join(""));
      const covered = chain.filter((t) => byPosition.has(t.position)).map((t) => byPosition.get(t.position));
      if (joined && covered.length) for (const slot of covered) slot.add([`${code}:${joined}`], R.join / covered.length);
    }
    chain = [];
  }
  const usable = new Set(free.map((t) => t.position));
  for (const entry of source.glossary) {
    for (const [other, sequences] of Object.entries(entry)) {
      if (!source.hasAnalyzer(other)) continue;
      const otherTerm = source.analyzer(other).term;
      const otherTerms = tokens.map((t) => (usable.has(t.position) ? otherTerm(t.text) : ""));
      for (const [number, start, end] of glossaryMatches(sequences, otherTerms)) {
        const covered = [...byPosition].filter(([p]) => start <= p && p <= end).map(([, s]) => s);
        if (!covered.length) continue;
        (entry[code] || []).forEach((equivalent, index) => {
          if ((other === code && index === number) || !equivalent.length) return;
          for (const slot of covered) {
            slot.add(equivalent.map((t) => `${code}:${t}`), R.glossary / covered.length, false, true);
            // A Dutch equivalent in compounds too ("verpleegkundige": "wijkverpleegkundigen").
            if (compounds && equivalent.length === 1) slot.add([`${code}:${equivalent[0]} ~`], R.glossary * R.compound / covered.length, false, true);
          }
        });
      }
    }
  }
  const negated = tokens.flatMap((t, i) => (t.negated && terms[i] ? [`${code}:${terms[i]}`] : []));
  return { slots, negated, terms };
}

// The slots of `text` in `code` before the index is read: what the query searches.
export function slotsOf(source, text, code) {
  const query = parseQuery(text, source.pattern, true);
  if (query.typing && query.tokens.length > 1 && query.tokens.at(-1).text.length < source.constants.minPrefix) query.tokens.pop();
  return plan(query, code, source, source.constants).slots;
}

// ranking._add_parts: a compound's parts together, and each on its own.
function addParts(slot, code, parts, R) {
  if (parts.length > 1) slot.add(parts.map((part) => `${code}:${part}`), R.split);
  for (const part of parts) slot.add([`${code}:${part}`], R.part);
}

// Fetch every key of the slots' alternatives (they are then read without waiting).
async function fetchAll(source, plans) {
  const keys = new Set();
  for (const { slots, negated } of plans.values()) {
    for (const slot of slots) for (const a of slot.alternatives) for (const key of a.keys) keys.add(key);
    for (const key of negated) keys.add(key);
  }
  await Promise.all([...keys].map((key) => source.postings(key)));
}

// ranking._matches; `itself`: leaving the glossary's translations out.
const hasPostings = (source, key) => {
  const entries = source.known(key);
  return Boolean(entries && entries.length > 0);
};
const matches = (source, slot, itself = false) => slot.alternatives.some((a) => !(itself && a.glossary)
  && (a.union ? a.keys.some((key) => hasPostings(source, key)) : a.keys.every((key) => hasPostings(source, key))));

// ranking._contains: `other` begins with `word` before a possible word, or ends with
// it after a possible head ("voorbeeld" is no compound of "beeld").
function contains(other, word, rules) {
  if (other.startsWith(word) && !rules.notHeads.has(word) && !rules.notTails.has(other.slice(word.length))) return true;
  // A suffix is no word whose compounds to find ("lijk" in "duidelijk").
  if (other.endsWith(word) && !rules.notTails.has(word)) {
    const head = other.slice(0, other.length - word.length);
    const heads = [head, ...rules.linking.filter((link) => head.endsWith(link)).map((link) => head.slice(0, -link.length))];
    return !heads.some((h) => rules.notHeads.has(h) || rules.stop.has(h));
  }
  return false;
}

// ranking._unknown: a compound of known words, or the words beginning or ending with it.
async function unknown(source, code, slot, R) {
  const word = source.fold(slot.word);
  const { term, stem } = source.analyzer(code);
  const vocabulary = await source.vocabulary(code);
  const split = splitCompound(word, vocabulary.known, vocabulary.written, stem, source.compoundRules);
  if (split) addParts(slot, code, [stem(split.head), stem(split.tail)], R);
  const found = [];
  for (const other of vocabulary.words) {
    if (other.length >= word.length + 3 && contains(other, word, source.compoundRules)) {
      const key = `${code}:${term(other)}`;
      if (key !== `${code}:` && !found.includes(key)) {
        found.push(key);
        if (found.length >= R.maxExpansions) break;
      }
    }
  }
  slot.add(found, R.compound, true);
}

// ranking._relaxed: a compound with one known part ("besluitvorming": "besluit").
async function relaxed(source, code, slot) {
  const vocabulary = await source.vocabulary(code);
  const { stem } = source.analyzer(code);
  const split = splitCompound(source.fold(slot.word), vocabulary.known, vocabulary.written, stem, source.compoundRules, true);
  if (!split) return;
  for (const [part, known] of [[split.head, split.headKnown], [split.tail, split.tailKnown]]) {
    if (known) slot.add([`${code}:${stem(part)}`], source.constants.split);
  }
}

// ranking._correct: the nearest words, [code, word], the most frequent first.
async function nearest(source, codes, word, R) {
  const limit = maxEdits(word);
  let best = limit + 1;
  const found = [];
  for (const code of codes) {
    for (const other of (await source.vocabulary(code)).words) {
      if (Math.abs(other.length - word.length) > Math.min(limit, best) || other === word) continue;
      const distance = editDistance(word, other, Math.min(limit, best));
      if (distance <= limit && distance <= best) {
        best = distance;
        found.push([distance, code, other]);
      }
    }
  }
  return found.filter(([distance]) => distance === best).slice(0, R.maxCorrections).map(([, code, other]) => [code, other]);
}

// ranking.search: every insight in `languages` matching `text`, best first, with what
// the reader is told ({corrections, missing, partial}) and the keys that matched.
export async function search(source, text, languages, preferred, { typing = true, correct = true } = {}) {
  const R = source.constants;
  const query = parseQuery(text, source.pattern, typing);
  const codes = source.languages.filter((code) => languages.includes(code));
  preferred = preferred || codes[0] || "";
  // "customer lo": a last word too short to look up as a prefix is still being typed.
  if (query.typing && query.tokens.length > 1 && query.tokens.at(-1).text.length < R.minPrefix) query.tokens.pop();
  await source.analyzers([...new Set([...codes, ...source.glossaryLanguages])]);
  const plans = new Map(codes.map((code) => [code, plan(query, code, source, R)]));
  const notes = { corrections: [], missing: [], partial: false };
  const planned = fetchAll(source, plans);  // the planned keys' chunks, meanwhile
  const last = query.typing && query.tokens.length ? query.tokens.at(-1).position : -1;
  // Every slot at once (their chunks load side by side); each adds its alternatives in
  // ranking.py's order: the compound's parts, then the words the typed word begins.
  await Promise.all([...plans].flatMap(([code, p]) => p.slots.filter((slot) => !slot.phrase).map(async (slot) => {
    const own = p.terms[slot.position];
    const typing = slot.position === last && slot.word.length >= R.minPrefix;
    const typed = source.fold(slot.word);
    const shorter = [];
    if (typing) for (let n = typed.length - 1; n >= Math.max(R.minExtended, typed.length - R.extends); n -= 1) shorter.push(typed.slice(0, n));
    const [parts, begins, extended] = await Promise.all([
      source.compounds(code) ? source.parts(code, own) : null,
      typing ? source.prefixed(code, typed) : [],
      Promise.all(shorter.map((term) => (term === own ? null : source.postings(`${code}:${term}`)))),
    ]);
    addParts(slot, code, parts || [], R);
    if (typing) {
      const begun = begins.filter((other) => other !== own).map((other) => `${code}:${other}`);
      // ...and the terms it is on its way to ("managem": "manag"), in its own chunk.
      shorter.forEach((term, i) => { if (extended[i] && extended[i].length) begun.push(`${code}:${term}`); });
      slot.add(begun, R.prefix, true);
    }
  })));
  await planned;
  await fetchAll(source, plans);
  // Words that matched nothing in any language searched: the vocabulary's help.
  const positions = [...new Set([...plans.values()].flatMap((p) => p.slots.map((s) => s.position)))].sort((a, b) => a - b);
  const at = (position) => [...plans].flatMap(([code, p]) => p.slots.filter((s) => s.position === position).map((s) => [code, s]));
  for (const position of positions) {
    const here = at(position);
    // A word the glossary translates may still be a compound to split here.
    if (here.some(([, s]) => matches(source, s, true)) || here[0][1].phrase) continue;
    const word = source.fold(here[0][1].word);
    if (word.length < R.minUnknown) continue;
    for (const [code, slot] of here) await unknown(source, code, slot, R);
    await fetchAll(source, plans);
    if (here.some(([, s]) => matches(source, s))) continue;
    const corrections = correct ? await nearest(source, codes, word, R) : [];
    for (const [code, slot] of here) {
      const { term } = source.analyzer(code);
      const terms = [...new Set(corrections.filter(([c, other]) => c === code && term(other)).map(([, other]) => term(other)))];
      slot.add(terms.map((t) => `${code}:${t}`), 1, true);
      // The corrected word's compounds too, as the word typed right would find them.
      if (source.compounds(code)) slot.add(terms.map((t) => `${code}:${t} ~`), R.compound, true);
    }
    if (corrections.length) notes.corrections.push([here[0][1].word, corrections[0][1]]);
    await fetchAll(source, plans);
    if (!here.some(([, s]) => matches(source, s))) {
      for (const [code, slot] of here) await relaxed(source, code, slot);
      await fetchAll(source, plans);
    }
  }
  const missing = new Set();
  for (const position of positions) {
    const here = at(position);
    if (here.some(([, s]) => matches(source, s))) continue;
    missing.add(position);
    // A stop word of another language searched ("to" in "one-to-one") is no news.
    const [, first] = here[0];
    if (first.phrase || codes.every((code) => source.analyzer(code).term(first.word))) notes.missing.push(first.word);
  }
  for (const p of plans.values()) p.slots = p.slots.filter((s) => !missing.has(s.position));
  return rank(source, plans, codes, preferred, query.strict, notes, R);
}

// ranking._rank. Every step touches only the insights a key names: a search of a
// rare word costs little however large the index (buffers of the index's size are
// kept on `source` and cleaned after use; rank never waits, so no two runs overlap).
function rank(source, plans, codes, preferred, strict, notes, R) {
  const size = source.size;
  const buffers = source.rankBuffers ??= {
    here: new Float64Array(size), score: new Float64Array(size), scores: new Float64Array(size),
    matched: new Int32Array(size), weights: new Int32Array(size), sums: new Float64Array(size),
    counts: new Int32Array(size), excluded: new Uint8Array(size), seen: new Uint8Array(size),
  };
  const { here, score, scores, matched, weights, sums, counts, excluded, seen } = buffers;
  const keys = new Set();
  const wanted = new Map([...plans].map(([code, p]) => [code, p.slots.length]));
  const P = R.precision;
  const all = [];  // every insight scored, in any language
  for (const [code, { slots, negated }] of plans) {
    const { n, norm } = source.bm25(code);
    const idf = (df, weight) => Math.log(1 + (n - df + 0.5) / (df + 0.5)) * weight;
    const bm25 = (w, tf, id) => w * (tf * (R.k1 + 1)) / (tf + norm[id]);
    const inLanguage = [];
    for (const slot of slots) {
      const touched = [];
      const add = (id, value) => {
        if (!seen[id]) { seen[id] = 1; touched.push(id); }
        here[id] += value;
      };
      for (const alternative of slot.alternatives) {
        const lists = alternative.keys.map((key) => source.known(key));
        if (alternative.union) {
          // ranking._union: one posting list of them all, weights summed and capped.
          const merged = [];
          alternative.keys.forEach((key, i) => {
            const entries = lists[i];
            if (!entries || !entries.length) return;
            keys.add(key);
            let id = -1;
            for (let j = 0; j < entries.length; j += 2) {
              id += entries[j] + 1;
              if (weights[id] === 0) merged.push(id);
              weights[id] += entries[j + 1];
            }
          });
          const w = idf(merged.length, alternative.weight);
          for (const id of merged) {
            add(id, bm25(w, Math.min(R.maxWeight, weights[id]), id));
            weights[id] = 0;
          }
          continue;
        }
        if (!lists.every((entries) => entries && entries.length)) continue;
        for (const key of alternative.keys) keys.add(key);
        if (lists.length === 1) {
          const [entries] = lists;
          const w = idf(entries.length / 2, alternative.weight);
          let id = -1;
          for (let j = 0; j < entries.length; j += 2) {
            id += entries[j] + 1;
            add(id, bm25(w, entries[j + 1], id));
          }
          continue;
        }
        // Every key: the insights that have them all, their contributions summed.
        const having = [];
        for (const entries of lists) {
          const w = idf(entries.length / 2, alternative.weight);
          let id = -1;
          for (let j = 0; j < entries.length; j += 2) {
            id += entries[j] + 1;
            if (counts[id] === 0) having.push(id);
            counts[id] += 1;
            sums[id] += bm25(w, entries[j + 1], id);
          }
        }
        for (const id of having) {
          if (counts[id] === lists.length) add(id, sums[id]);
          counts[id] = 0;
          sums[id] = 0;
        }
      }
      for (const id of touched) {
        if (here[id] > 0) {
          if (score[id] === 0 && matched[id] === 0) inLanguage.push(id);
          score[id] += here[id];
          matched[id] += 1;
        }
        here[id] = 0;
        seen[id] = 0;
      }
    }
    let best = 0;
    for (const id of inLanguage) if (score[id] > best) best = score[id];
    for (const id of inLanguage) {
      scores[id] = Math.floor(score[id] / best * P + 0.5) / P;
      score[id] = 0;
      all.push(id);
    }
    for (const key of negated) {
      const entries = source.known(key) || [];
      let id = -1;
      for (let j = 0; j < entries.length; j += 2) { id += entries[j] + 1; excluded[id] = 1; }
    }
  }
  // Two languages: an insight brings its translation, just below it.
  if (codes.length > 1 && R.translation > 0) {
    const brought = new Map();
    for (const id of [...all].sort((a, b) => a - b)) {
      if (!(scores[id] > 0)) continue;
      const other = source.translation[id];
      if (other < 0 || !codes.includes(source.languages[source.lang[other]]) || excluded[other]) continue;
      const candidate = [matched[id], Math.floor(scores[id] * R.translation * P + 0.5) / P];
      const own = brought.get(other) || [matched[other], scores[other]];
      if (candidate[0] > own[0] || (candidate[0] === own[0] && candidate[1] > own[1])) brought.set(other, candidate);
    }
    for (const [id, [count, value]] of brought) {
      if (!(scores[id] > 0) && matched[id] === 0) all.push(id);
      matched[id] = count;
      scores[id] = value;
    }
  }
  const preferredIndex = source.languages.indexOf(preferred);
  const ids = [];
  for (const id of all) {
    const lang = source.languages[source.lang[id]];
    if (scores[id] > 0 && !excluded[id] && (!strict || matched[id] >= wanted.get(lang))) ids.push(id);
  }
  // ranking.py's order (more slots, higher score, the page's language, newer), as one
  // number per insight when it fits in a double's 53 bits: a native sort of numbers
  // is several times faster than a comparator over thousands of matches.
  const other = (id) => (source.lang[id] === preferredIndex ? 0 : 1);
  let packs = size < 2 ** 16;
  for (const id of ids) if (matched[id] >= 32) packs = false;
  if (packs) {
    const packed = new Float64Array(ids.length);
    for (let i = 0; i < ids.length; i += 1) {
      const id = ids[i];
      packed[i] = ((matched[id] * 2 ** 30 + Math.round(scores[id] * P)) * 2 + (1 - other(id))) * 2 ** 16 + (2 ** 16 - 1 - id);
    }
    packed.sort();
    for (let i = 0; i < ids.length; i += 1) ids[i] = 2 ** 16 - 1 - (packed[ids.length - 1 - i] % 2 ** 16);
  } else {
    ids.sort((a, b) => matched[b] - matched[a] || scores[b] - scores[a] || other(a) - other(b) || a - b);
  }
  if (ids.length && matched[ids[0]] < wanted.get(source.languages[source.lang[ids[0]]])) notes.partial = true;
  // Clean the buffers for the next search.
  for (const id of all) { scores[id] = 0; matched[id] = 0; }
  for (let id = 0; id < size; id += 1) excluded[id] = 0;
  return { ids: Int32Array.from(ids), keys, notes };
}
