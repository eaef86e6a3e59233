import { ConnectorError } from '../protocol/connector-error.js';
import { connectionStatusMessage, logMessage } from '../protocol/message-factory.js';
import type { AirbyteMessage } from '../protocol/messages.js';
import type { SourceConfig } from './config/source-config-schema.js';
import type { JsonObject } from '../json/json-value.js';
import { isJsonObject } from '../json/json-value.js';
import type { Cluster } from './elasticsearch/cluster.js';
import { parseQuery } from './read/parse-query.js';
import type { StreamTarget } from './discover/resolve-streams.js';
import { patternsForMessage, resolveStreams } from './discover/resolve-streams.js';
import { RejectedRequestError } from './elasticsearch/classify-error.js';
import { probeSearchContexts } from './elasticsearch/search-contexts.js';

/**
 * Answers `check`: connects, authenticates, confirms the include patterns
 * and index families match at least one index and that we may read their
 * mappings and documents, and opens and closes the point in time or scroll
 * a read of the first stream would use (so a privilege the read needs is
 * checked too), and that the cluster accepts the config's `query` on
 * every selected stream and can sort them on `tiebreaker_field` (what it
 * rejects fails here, not hours later in a scheduled read). Every request
 * names the streams' own search expressions, in as many requests as keep
 * each request line short
 * (`Cluster.requestEach`), whatever the number of indices. Yields WARN logs (certificate verification off, an index
 * family matching no index yet) and then exactly one CONNECTION_STATUS; it
 * never throws for a connection problem.
 */
export async function* check(cluster: Cluster, config: SourceConfig): AsyncGenerator<AirbyteMessage> {
  if (!config.tls.verify_certificates) {
    yield logMessage('WARN', 'TLS certificate verification is turned off (tls.verify_certificates = false): anyone on the network path could read or change the data. Turn it back on and give tls.ca_certificate or tls.ca_fingerprint instead.');
  }
  try {
    const server = await cluster.info();
    const all = await resolveStreams(cluster, config, { emptyFamilies: true });
    for (const family of all.filter((target) => target.kind === 'family' && target.indices.length === 0)) {
      yield logMessage('WARN', `Index family ${family.name} matches no open index now (patterns ${JSON.stringify(family.search)}, minus exclude_indices): discover does not offer it until an index matching its patterns exists.`);
    }
    const targets = all.filter((target) => target.indices.length > 0);
    const first = targets[0];
    if (first === undefined) {
      yield connectionStatusMessage(false, `Connected to ${server.distribution} ${server.version}, but no open index matches include_indices ${patternsForMessage(config.include_indices)} (minus exclude_indices ${patternsForMessage(config.exclude_indices)})${config.index_families.length > 0 ? ' or the patterns of index_families' : ''}. Fix the patterns, or create the index first.`);
      return;
    }
    for (const group of searchGroups(targets)) {
      await cluster.requestEach(group, (segment) => ({ method: 'GET', path: `/${segment}/_mapping`, action: `read the mappings of the ${targets.length} selected stream(s)`, privilege: 'view_index_metadata' }));
      await cluster.requestEach(group, (segment) => ({ method: 'POST', path: `/${segment}/_search`, querystring: { size: 0, terminate_after: 1 }, body: { track_total_hits: false }, action: `search the ${targets.length} selected stream(s)`, privilege: 'read' }));
    }
    const query = parseQuery(config);
    if (query !== undefined) {
      const problem = await searchProblem(cluster, searchGroups(targets), { track_total_hits: false, query }, 'search the selected streams with the config\'s query');
      if (problem !== undefined) {
        yield connectionStatusMessage(false, `The cluster rejects the query of the config ("query") on the selected streams: ${problem}. Fix the Query DSL in "query" (a query object such as {"range": {"@timestamp": {"gte": "now-30d"}}}, without the outer {"query": ...}).`);
        return;
      }
    }
    const tiebreaker = config.tiebreaker_field;
    if (tiebreaker !== undefined) {
      // Indices without the field are read without it (unmapped_type); a field the cluster cannot sort fails every incremental read.
      const sort = [{ [tiebreaker]: { order: 'asc', unmapped_type: 'keyword' } }];
      const problem = await searchProblem(cluster, searchGroups(targets), { track_total_hits: false, sort }, 'sort the selected streams on tiebreaker_field');
      if (problem !== undefined) {
        yield connectionStatusMessage(false, `The cluster cannot sort the selected streams on tiebreaker_field "${tiebreaker}": ${problem}. Set tiebreaker_field to a keyword field with doc values whose value is unique per document (for example event.id), or leave it empty.`);
        return;
      }
    }
    await probeSearchContexts(cluster, server, first.search);
    yield connectionStatusMessage(true, `Connected to ${server.distribution} ${server.version} (read mode ${server.readMode}); ${targets.length} stream(s) match.`);
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error;
    yield connectionStatusMessage(false, error.message);
  }
}

/**
 * The streams' search expressions in groups that can be split into requests
 * freely: the names of indices, aliases and data streams together, and each
 * index family's patterns on their own (its exclusions apply to its own
 * wildcards only).
 */
function searchGroups(targets: readonly StreamTarget[]): string[][] {
  const names = targets.filter((target) => target.kind !== 'family').flatMap((target) => target.search);
  const families = targets.filter((target) => target.kind === 'family').map((target) => [...target.search]);
  return [...(names.length === 0 ? [] : [names]), ...families];
}

/**
 * What the cluster says against a `size: 0` search with this body (a query,
 * a sort) on the groups' indices (every shard must answer), or undefined
 * when it accepts it. A refusal that is not about the body (the cluster
 * unreachable) throws.
 */
async function searchProblem(cluster: Cluster, groups: readonly string[][], body: JsonObject, action: string): Promise<string | undefined> {
  for (const group of groups) {
    try {
      const answers = await cluster.requestEach(group, (segment) => ({ method: 'POST', path: `/${segment}/_search`, querystring: { size: 0, terminate_after: 1, allow_partial_search_results: false }, body, action, idempotent: true }));
      for (const answer of answers) {
        const shards = isJsonObject(answer) && isJsonObject(answer['_shards']) ? answer['_shards'] : undefined;
        if (shards !== undefined && Number(shards['failed'] ?? 0) > 0) return `${String(shards['failed'])} shard(s) failed: ${JSON.stringify(shards['failures'] ?? [])}`;
      }
    } catch (error) {
      if (error instanceof RejectedRequestError) return error.internalMessage ?? error.message;
      throw error;
    }
  }
  return undefined;
}
