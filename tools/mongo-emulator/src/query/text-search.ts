import { commandError, unsupported } from '../errors/error-codes';
import type { IndexDefinition } from '../indexes/index-definition';
import { isPlainObject, type Doc } from '../values/doc';
import { valuesAtPath } from '../values/paths';

/**
 * `$text` as a documented simplification of the server's: case- and diacritic-insensitive whole-word matching
 * over the text-indexed fields, without stemming or stop words. A document matches when it contains any search
 * term, or, if the search has "quoted phrases", every phrase; a -negated term or -"phrase" excludes it. The score is the
 * number of matching word occurrences plus one per phrase.
 */
export interface TextSearch {
  terms: string[];
  phrases: string[];
  excluded: string[];
  excludedPhrases: string[];
}

export function parseTextSearch(spec: unknown): TextSearch {
  if (!isPlainObject(spec) || typeof spec.$search !== 'string') {
    throw commandError('BadValue', '$text requires a $search string');
  }
  if (spec.$caseSensitive === true) throw unsupported('$text with $caseSensitive: true');
  if (spec.$diacriticSensitive === true) throw unsupported('$text with $diacriticSensitive: true');
  const search: TextSearch = { terms: [], phrases: [], excluded: [], excludedPhrases: [] };
  const source = spec.$search.replace(/(-?)"([^"]*)"/g, (_, negated: string, phrase: string) => {
    const folded = fold(phrase).trim();
    if (folded) (negated ? search.excludedPhrases : search.phrases).push(folded);
    return ' ';
  });
  for (const raw of source.split(/\s+/)) {
    const target = raw.startsWith('-') ? search.excluded : search.terms;
    target.push(...tokenize(raw.replace(/^-/, '')));
  }
  return search;
}

/** Returns the text score of `doc`, or undefined when it does not match. */
export function scoreDocument(search: TextSearch, index: IndexDefinition, doc: Doc): number | undefined {
  const text = fold(textOf(index, doc).join(' '));
  const words = tokenize(text);
  if (search.excluded.some((term) => words.includes(term))) return undefined;
  if (search.excludedPhrases.some((phrase) => text.includes(phrase))) return undefined;
  if (!search.phrases.every((phrase) => text.includes(phrase))) return undefined;
  const termHits = words.filter((word) => search.terms.includes(word)).length;
  if (search.phrases.length === 0 && termHits === 0) return undefined;
  return termHits + search.phrases.length;
}

function textOf(index: IndexDefinition, doc: Doc): string[] {
  if (index.textFields === 'all') return allStrings(doc);
  return (index.textFields ?? []).flatMap((field) =>
    valuesAtPath(doc, field).values.filter((v) => typeof v === 'string'),
  );
}

function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (isPlainObject(value)) return Object.values(value).flatMap(allStrings);
  return [];
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function tokenize(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}
