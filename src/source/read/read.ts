import { configError } from '../../protocol/connector-error.js';
import type { AirbyteMessage, ConfiguredAirbyteCatalog } from '../../protocol/messages.js';
import type { SourceConfig } from '../config/source-config-schema.js';
import type { Cluster } from '../elasticsearch/cluster.js';
import { resolveStreams } from '../discover/resolve-streams.js';
import type { StreamStateV1 } from '../state/stream-state.js';
import { readEmptyFamily } from './read-empty-family.js';
import { readStream } from './read-stream.js';

/**
 * Reads every stream of the configured catalog, one after the other.
 * The catalog and state are checked first, against what the cluster has now:
 * a stream that no longer exists, or a state for a stream not in the
 * catalog, is a config_error before anything is read. Streams are resolved
 * afresh on every read, so an index family reads the indices its patterns
 * match now (one created since discover included); a family matching no
 * index yields no records and a WARN.
 */
export async function* read(cluster: Cluster, config: SourceConfig, catalog: ConfiguredAirbyteCatalog, states: ReadonlyMap<string, StreamStateV1> = new Map()): AsyncGenerator<AirbyteMessage> {
  const server = await cluster.info();
  const targets = new Map((await resolveStreams(cluster, config, { emptyFamilies: true })).map((target) => [target.name, target]));
  const names = new Set(catalog.streams.map((configured) => configured.stream.name));
  for (const name of states.keys()) {
    if (!names.has(name)) throw configError(`The --state input holds a state for stream "${name}", which is not in the catalog: pass the state of this connection's streams, or remove that entry.`);
  }
  const reads = catalog.streams.map((configured) => {
    const name = configured.stream.name;
    const target = targets.get(name);
    if (target === undefined) throw configError(`Stream "${name}" of the catalog is not in the source: the index, alias or data stream is gone or no longer matches include_indices/exclude_indices, or the index family is no longer in index_families. Run discover again and update the connection.`);
    return { configured, target };
  });
  for (const { configured, target } of reads) {
    const saved = states.get(target.name);
    if (target.kind === 'family' && target.indices.length === 0) yield* readEmptyFamily(target, server, configured, saved);
    else yield* readStream({ cluster, server, config, configured, target, saved });
  }
}
