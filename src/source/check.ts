import { ConnectorError } from '../protocol/connector-error.js';
import { connectionStatusMessage, logMessage } from '../protocol/message-factory.js';
import type { AirbyteMessage } from '../protocol/messages.js';
import type { SourceConfig } from './config/source-config-schema.js';
import { indexPath, type Cluster } from './elasticsearch/cluster.js';
import { resolveStreams } from './discover/resolve-streams.js';
import { probeSearchContexts } from './elasticsearch/search-contexts.js';

/**
 * Answers `check`: connects, authenticates, confirms the include patterns
 * and index families match at least one index and that we may read their
 * mappings and documents, and opens and closes the point in time or scroll
 * a read of the first stream would use (so a privilege the read needs is
 * checked too). Yields WARN logs (certificate verification off, an index
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
      yield connectionStatusMessage(false, `Connected to ${server.distribution} ${server.version}, but no open index matches include_indices ${JSON.stringify(config.include_indices)} (minus exclude_indices ${JSON.stringify(config.exclude_indices)})${config.index_families.length > 0 ? ' or the patterns of index_families' : ''}. Fix the patterns, or create the index first.`);
      return;
    }
    // Each stream's own search expressions: an index family's patterns carry its exclusions, which apply to the wildcards before them.
    const search = targets.flatMap((target) => target.search);
    await cluster.request({ method: 'GET', path: `/${indexPath(search)}/_mapping`, action: `read the mappings of ${targets.length} stream(s) (privilege view_index_metadata)` });
    await cluster.request({ method: 'POST', path: `/${indexPath(search)}/_search`, querystring: { size: 0, terminate_after: 1 }, body: { track_total_hits: false }, action: `search ${targets.length} stream(s) (privilege read)` });
    await probeSearchContexts(cluster, server, first.search);
    yield connectionStatusMessage(true, `Connected to ${server.distribution} ${server.version} (read mode ${server.readMode}); ${targets.length} stream(s) match.`);
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error;
    yield connectionStatusMessage(false, error.message);
  }
}
