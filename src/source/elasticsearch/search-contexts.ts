import { isJsonObject, type JsonObject, type JsonValue } from '../../json/json-value.js';
import { systemError } from '../../protocol/connector-error.js';
import { indexPath, type Cluster } from './cluster.js';
import type { ServerInfo } from './server-info.js';

/**
 * Every difference between server versions in how a read is opened, paged
 * and closed lives here: the point-in-time API paths of Elasticsearch and
 * OpenSearch, and scroll. The reader above it is the same for all servers.
 */

export async function openPointInTime(cluster: Cluster, server: ServerInfo, index: string | readonly string[], keepAlive: string): Promise<string> {
  const opensearch = server.distribution === 'opensearch';
  const body = await cluster.request({
    method: 'POST',
    path: opensearch ? `/${indexPath(index)}/_search/point_in_time` : `/${indexPath(index)}/_pit`,
    querystring: { keep_alive: keepAlive },
    action: `open a point in time on ${String(index)}`,
  });
  const id = isJsonObject(body) ? body[opensearch ? 'pit_id' : 'id'] : undefined;
  if (typeof id !== 'string') throw systemError(`Opening a point in time on ${String(index)} returned no id.`);
  return id;
}

export async function closePointInTime(cluster: Cluster, server: ServerInfo, id: string): Promise<void> {
  const opensearch = server.distribution === 'opensearch';
  await cluster.request({
    method: 'DELETE',
    path: opensearch ? '/_search/point_in_time' : '/_pit',
    body: opensearch ? { pit_id: [id] } : { id },
    action: 'close the point in time',
    cleanup: true,
  });
}

type Querystring = Readonly<Record<string, string | number | boolean>>;

/** One page of a PIT search. Idempotent: the same `search_after` gives the same page. `querystring` adds parameters. */
export async function searchPointInTime(cluster: Cluster, body: JsonObject, action: string, querystring: Querystring = {}): Promise<JsonValue> {
  return cluster.request({ method: 'POST', path: '/_search', querystring: { allow_partial_search_results: false, ...querystring }, body, action, idempotent: true });
}

/**
 * One search of a read that is no scroll: in the point in time `pit` when
 * it has one (its id and keep-alive go into the body), else on the indices
 * `search`. Partial results are refused; idempotent. `querystring` adds parameters.
 */
export async function searchRead(cluster: Cluster, search: readonly string[], pit: { readonly id: string; readonly keepAlive: string } | undefined, body: JsonObject, action: string, querystring: Querystring = {}): Promise<JsonValue> {
  if (pit !== undefined) return searchPointInTime(cluster, { ...body, pit: { id: pit.id, keep_alive: pit.keepAlive } }, action, querystring);
  return cluster.request({ method: 'POST', path: `/${indexPath(search)}/_search`, querystring: { allow_partial_search_results: false, ...querystring }, body, action, idempotent: true });
}

/** The first page of a scroll. */
export async function startScroll(cluster: Cluster, index: string | readonly string[], body: JsonObject, keepAlive: string, action: string): Promise<JsonValue> {
  return cluster.request({ method: 'POST', path: `/${indexPath(index)}/_search`, querystring: { scroll: keepAlive, allow_partial_search_results: false }, body, action, idempotent: true });
}

/**
 * The next page of a scroll. Not idempotent: a page whose answer was lost
 * is gone from the scroll, so this request is never retried blindly.
 */
export async function continueScroll(cluster: Cluster, scrollId: string, keepAlive: string, action: string): Promise<JsonValue> {
  return cluster.request({ method: 'POST', path: '/_search/scroll', body: { scroll: keepAlive, scroll_id: scrollId }, action, idempotent: false });
}

export async function clearScroll(cluster: Cluster, scrollId: string): Promise<void> {
  await cluster.request({ method: 'DELETE', path: '/_search/scroll', body: { scroll_id: [scrollId] }, action: 'clear the scroll', cleanup: true });
}

/**
 * Opens, uses and closes the search contexts a read of `index` will use on
 * this server: a point in time where the server has one (incremental reads,
 * and full refresh in PIT mode), and a scroll (opened, continued once,
 * cleared) where full refresh reads by scroll. On a secured cluster these
 * need privileges of their own (on OpenSearch, scroll and clear scroll are
 * cluster permissions), so `check` runs this to find a missing one before a
 * read does. Each context opened here is closed here, also on failure.
 */
export async function probeSearchContexts(cluster: Cluster, server: ServerInfo, index: string | readonly string[]): Promise<void> {
  const keepAlive = '30s';
  if (server.pit) {
    const id = await openPointInTime(cluster, server, index, keepAlive);
    await closePointInTime(cluster, server, id);
  }
  if (server.readMode === 'scroll') {
    const first = await startScroll(cluster, index, { size: 1, sort: ['_doc'] }, keepAlive, `open a scroll on ${String(index)}`);
    const scrollId = isJsonObject(first) ? first['_scroll_id'] : undefined;
    if (typeof scrollId !== 'string') throw systemError(`Opening a scroll on ${String(index)} returned no scroll id.`);
    try {
      await continueScroll(cluster, scrollId, keepAlive, `continue a scroll on ${String(index)}`);
    } catch (error) {
      await clearScroll(cluster, scrollId).catch(() => undefined); // the first refusal is the one to report
      throw error;
    }
    await clearScroll(cluster, scrollId);
  }
}
