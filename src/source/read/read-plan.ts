import type { SourceConfig } from '../config/source-config-schema.js';
import type { Cluster } from '../elasticsearch/cluster.js';
import type { ServerInfo } from '../elasticsearch/server-info.js';
import type { StreamTarget } from '../discover/resolve-streams.js';
import type { JsonValue } from '../../json/json-value.js';

/** Everything a page reader needs to read one stream, decided before the first request. */
export interface ReadPlan {
  readonly cluster: Cluster;
  readonly server: ServerInfo;
  readonly config: SourceConfig;
  readonly target: StreamTarget;
  readonly pageSize: number;
  /** Where to start: the last sort values already emitted, or none. */
  readonly searchAfter?: readonly JsonValue[];
}
