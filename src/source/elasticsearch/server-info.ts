import { configError } from '../../protocol/connector-error.js';
import { isJsonObject, type JsonValue } from '../../json/json-value.js';

/** What `GET /` told us about the server, and what it can do. */
export interface ServerInfo {
  readonly distribution: 'elasticsearch' | 'opensearch';
  readonly version: string;
  readonly major: number;
  readonly minor: number;
  /** Full refresh: PIT + `search_after` on `_shard_doc` where the server has both, else scroll on `_doc`. */
  readonly readMode: 'pit' | 'scroll';
  /** The point-in-time API (ES 7.10+, OpenSearch 2.4+). */
  readonly pit: boolean;
  /** The `_shard_doc` sort (ES 7.12+, OpenSearch 3.3+). */
  readonly shardDoc: boolean;
  /** Slicing a PIT search (ES 7.15+); otherwise slices use sliced scroll. */
  readonly pitSlicing: boolean;
}

const atLeast = (major: number, minor: number, wantMajor: number, wantMinor: number): boolean =>
  major > wantMajor || (major === wantMajor && minor >= wantMinor);

/**
 * Reads the version from a `GET /` body. Throws a config_error for servers
 * we do not support (Elasticsearch before 7.10, OpenSearch 1.x).
 */
export function parseServerInfo(body: JsonValue): ServerInfo {
  const version = isJsonObject(body) && isJsonObject(body['version']) ? body['version'] : undefined;
  const number = version?.['number'];
  if (typeof number !== 'string') throw configError('The server did not answer GET / like Elasticsearch or OpenSearch: check that the endpoint URL points at the HTTP port of a node (usually 9200).');
  const [major = 0, minor = 0] = number.split('.').map((part) => Number.parseInt(part, 10));
  const distribution = version?.['distribution'] === 'opensearch' ? 'opensearch' : 'elasticsearch';
  if (distribution === 'elasticsearch') {
    if (!atLeast(major, minor, 7, 10)) throw configError(`Elasticsearch ${number} is not supported: upgrade to 7.10 or later.`);
    const shardDoc = atLeast(major, minor, 7, 12);
    return { distribution, version: number, major, minor, readMode: shardDoc ? 'pit' : 'scroll', pit: true, shardDoc, pitSlicing: atLeast(major, minor, 7, 15) };
  }
  if (major < 2) throw configError(`OpenSearch ${number} is not supported: upgrade to 2.0 or later.`);
  const shardDoc = atLeast(major, minor, 3, 3);
  return { distribution, version: number, major, minor, readMode: shardDoc ? 'pit' : 'scroll', pit: atLeast(major, minor, 2, 4), shardDoc, pitSlicing: shardDoc };
}
