/** How each hit's document is introduced in the compact JSON Elasticsearch and OpenSearch write. */
const SOURCE_KEY = '"_source":{';

/**
 * The text of each hit's `_source` object in a search page's JSON text, in
 * hit order: exactly the bytes the server sent, so forwarding them carries
 * every value exactly (big integers, decimals, escapes). `undefined` for a
 * document whose text spans several lines (pretty-printed at ingest:
 * Elasticsearch returns `_source` as indexed), which a JSON line cannot hold.
 * Returns undefined for the whole page unless it finds exactly `hits`
 * documents: the k-th `"_source":{` after the previous document's end is the
 * k-th hit's own (between two documents stand only the hit's metadata,
 * whose strings cannot hold that text unescaped).
 */
export function sourceTexts(text: string, hits: number): Array<string | undefined> | undefined {
  const texts: Array<string | undefined> = [];
  let from = 0;
  for (let at = text.indexOf(SOURCE_KEY, from); at !== -1; at = text.indexOf(SOURCE_KEY, from)) {
    if (texts.length === hits) return undefined;
    const open = at + SOURCE_KEY.length - 1;
    const close = containerEnd(text, open);
    if (close < 0) return undefined;
    texts.push(lineBreak ? undefined : text.slice(open, close + 1));
    from = close + 1;
  }
  return texts.length === hits ? texts : undefined;
}

/** Whether the last `containerEnd` crossed a line break (outside strings, where JSON allows no raw one). */
let lineBreak = false;

/** The index of the bracket closing the object or array opened at `open`, or -1; sets `lineBreak`. */
function containerEnd(text: string, open: number): number {
  lineBreak = false;
  let depth = 0;
  for (let at = open; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === 0x22) {
      at = stringEnd(text, at);
      if (at < 0) return -1;
    } else if (code === 0x7b || code === 0x5b) {
      depth++;
    } else if (code === 0x7d || code === 0x5d) {
      if (--depth === 0) return at;
    } else if (code === 0x0a || code === 0x0d) {
      lineBreak = true;
    }
  }
  return -1;
}

/** The index of the quote closing the string opened at `open`, or -1. */
function stringEnd(text: string, open: number): number {
  for (let quote = text.indexOf('"', open + 1); quote !== -1; quote = text.indexOf('"', quote + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return quote;
  }
  return -1;
}
