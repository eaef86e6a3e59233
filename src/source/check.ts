import { ConnectorError } from '../protocol/connector-error.js';
import { connectionStatusMessage, logMessage } from '../protocol/message-factory.js';
import type { AirbyteMessage } from '../protocol/messages.js';
import type { SourceConfig } from './config/source-config-schema.js';
import { indexPath, type Cluster } from './elasticsearch/cluster.js';
import { resolveStreams } from './discover/resolve-streams.js';
import { probeSearchContexts } from './elasticsearch/search-contexts.js';

/**
 * Answers `check`: connects, authenticates, confirms the include patterns
 * match at least one index and that we may read their mappings and
 * documents, and opens and closes the point in time or scroll a read of the
 * first stream would use (so a privilege the read needs is checked too).
 * Yields WARN logs (certificate verification off) and then exactly one
 * CONNECTION_STATUS; it never throws for a connection problem.
 */
export async function* check(cluster: Cluster, config: SourceConfig): AsyncGenerator<AirbyteMessage> {
  if (!config.tls.verify_certificates) {
    yield logMessage('WARN', 'TLS certificate verification is turned off (tls.verify_certificates = false): anyone on the network path could read or change the data. Turn it back on and give tls.ca_certificate or tls.ca_fingerprint instead.');
  }
  try {
    const server = await cluster.info();
    const targets = await resolveStreams(cluster, config);
    const first = targets[0];
    if (first === undefined) {
      yield connectionStatusMessage(false, `Connected to ${server.distribution} ${server.version}, but no open index matches include_indices ${JSON.stringify(config.include_indices)} (minus exclude_indices ${JSON.stringify(config.exclude_indices)}). Fix the patterns, or create the index first.`);
      return;
    }
    const names = targets.map((target) => target.name);
    await cluster.request({ method: 'GET', path: `/${indexPath(names)}/_mapping`, action: `read the mappings of ${names.length} index(es) (privilege view_index_metadata)` });
    await cluster.request({ method: 'POST', path: `/${indexPath(names)}/_search`, querystring: { size: 0, terminate_after: 1 }, body: { track_total_hits: false }, action: `search ${names.length} index(es) (privilege read)` });
    await probeSearchContexts(cluster, server, first.name);
    yield connectionStatusMessage(true, `Connected to ${server.distribution} ${server.version} (read mode ${server.readMode}); ${names.length} stream(s) match.`);
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error;
    yield connectionStatusMessage(false, error.message);
  }
}
