import { MAX_REQUEST_LINE_BYTES, indexPath, requestLineBytes } from '../elasticsearch/request-line.js';
import type { SourceConfig } from './source-config-schema.js';

/**
 * A sentence naming the first index family whose patterns (with the
 * exclusions a read adds after them) are too long for one request line, or
 * undefined. A family is read through one point in time or one scroll over
 * its patterns, a request that cannot be split (every other request is:
 * `Cluster.requestEach`), so its first line must stay within the
 * 4096 bytes Elasticsearch and OpenSearch accept by default. Measured on the
 * longest request a read sends with them (the first page of a scroll), with
 * the longest path prefix of the node URLs.
 */
export function familyRequestLineProblem(config: SourceConfig): string | undefined {
  const prefix = config.endpoint.mode === 'nodes' ? Math.max(0, ...config.endpoint.urls.map(urlPathBytes)) : 0;
  const exclusions = config.exclude_indices.map((pattern) => `-${pattern}`);
  for (const [position, family] of config.index_families.entries()) {
    const segment = indexPath([...family.patterns, ...exclusions]);
    const line = prefix + requestLineBytes('POST', `/${segment}/_search`, `scroll=${encodeURIComponent(config.keep_alive)}&allow_partial_search_results=false`);
    if (line > MAX_REQUEST_LINE_BYTES) {
      return `"index_families[${position}].patterns"${exclusions.length > 0 ? ' with "exclude_indices"' : ''} make a request line of ${line} bytes, above the ${MAX_REQUEST_LINE_BYTES} bytes Elasticsearch and OpenSearch accept by default (http.max_initial_line_length); a family is read with one point in time over its patterns, which cannot be split: use fewer, broader patterns (wildcards such as logs-*)`;
    }
  }
  return undefined;
}

function urlPathBytes(url: string): number {
  try {
    const path = new URL(url).pathname;
    return path === '/' ? 0 : path.replace(/\/$/, '').length;
  } catch {
    return 0;
  }
}
