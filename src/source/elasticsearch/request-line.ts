/**
 * Elasticsearch refuses a request whose first line (`GET /path?query HTTP/1.1`)
 * is longer than `http.max_initial_line_length`, 4096 bytes by default
 * (400 too_long_http_line_exception); OpenSearch has the same setting. Index
 * names travel in the path, so a request naming many indices must be split.
 */
export const MAX_REQUEST_LINE_BYTES = 4096;

/**
 * What a request built from a list of names aims for: well under the
 * limit, leaving room for headroom in how proxies rewrite paths.
 */
export const REQUEST_LINE_BUDGET_BYTES = 3000;

/** The length in bytes of `METHOD PATH[?QUERY] HTTP/1.1` (path already percent-encoded). */
export function requestLineBytes(method: string, path: string, query: string): number {
  return Buffer.byteLength(`${method} ${path}${query === '' ? '' : `?${query}`} HTTP/1.1`);
}

/** Path segment for one or more index names or patterns, each percent-encoded, joined by commas. */
export function indexPath(indices: string | readonly string[]): string {
  const names = typeof indices === 'string' ? [indices] : indices;
  return names.map((name) => encodeURIComponent(name)).join(',');
}

const isExclusion = (expression: string): boolean => expression.startsWith('-');
const isWildcard = (expression: string): boolean => expression.includes('*');

/**
 * Splits index expressions into groups whose path segment (`indexPath`)
 * is at most `segmentBudget` bytes, so each group can be one request.
 *
 * Exclusions (`-pattern`) remove names from the wildcards before them, so
 * every group that holds a wildcard gets all the exclusions at its end;
 * a group of concrete names gets none (Elasticsearch 8 refuses an exclusion
 * with no wildcard before it, and an exclusion never removes a concrete
 * name). A search over each group then reads what one search over every
 * expression reads, group by group (groups of overlapping wildcards may
 * both name an index). No expressions make no groups. A single expression
 * longer than the budget is a group of its own: the request-line guard of
 * `Cluster` reports it.
 */
export function chunkIndexExpressions(expressions: readonly string[], segmentBudget: number): string[][] {
  const positives = expressions.filter((expression) => !isExclusion(expression));
  const exclusions = expressions.filter(isExclusion);
  const exclusionBytes = exclusions.reduce((sum, expression) => sum + encodeURIComponent(expression).length + 1, 0);
  const groups: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  let wildcard = false;
  const flush = (): void => {
    if (current.length === 0) return;
    groups.push(wildcard ? [...current, ...exclusions] : current);
    current = [];
    bytes = 0;
    wildcard = false;
  };
  for (const expression of positives) {
    const encoded = encodeURIComponent(expression).length;
    const withExclusions = wildcard || isWildcard(expression) ? exclusionBytes : 0;
    if (current.length > 0 && bytes + 1 + encoded + withExclusions > segmentBudget) flush();
    bytes += (current.length === 0 ? 0 : 1) + encoded;
    current.push(expression);
    wildcard ||= isWildcard(expression);
  }
  flush();
  return groups;
}
