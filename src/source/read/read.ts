import { configError } from '../../protocol/connector-error.js';
import type { AirbyteMessage, ConfiguredAirbyteCatalog } from '../../protocol/messages.js';
import type { SourceConfig } from '../config/source-config-schema.js';
import type { Cluster } from '../elasticsearch/cluster.js';
import { resolveStreams } from '../discover/resolve-streams.js';
import { parseQuery } from './search-body.js';
import { readStream } from './read-stream.js';

/**
 * Reads every stream of the configured catalog, one after the other.
 * The catalog is checked first, against what the cluster has now: a stream
 * that no longer exists or a sync mode we do not support is a config_error
 * before anything is read.
 */
export async function* read(cluster: Cluster, config: SourceConfig, catalog: ConfiguredAirbyteCatalog): AsyncGenerator<AirbyteMessage> {
  parseQuery(config);
  const server = await cluster.info();
  const targets = new Map((await resolveStreams(cluster, config)).map((target) => [target.name, target]));
  const plans = catalog.streams.map((configured) => {
    const name = configured.stream.name;
    const target = targets.get(name);
    if (target === undefined) throw configError(`Stream "${name}" of the catalog is not in the source: the index, alias or data stream is gone or no longer matches include_indices/exclude_indices. Run discover again and update the connection.`);
    if (configured.sync_mode !== 'full_refresh') throw configError(`Stream "${name}" asks for sync mode "${configured.sync_mode}", which this source does not offer for it: choose full_refresh.`);
    return target;
  });
  for (const target of plans) {
    yield* readStream({ cluster, server, config, target, requestedPageSize: config.page_size });
  }
}
