/**
 * Typed Airbyte protocol messages (protocol version 0.3.2, see
 * `airbyte_protocol.yaml`). snake_case and camelCase field names follow the
 * protocol exactly; nothing here knows about Elasticsearch or S3.
 */
import type { JsonObject } from '../json/json-value.js';

export type SyncMode = 'full_refresh' | 'incremental';
export type DestinationSyncMode = 'append' | 'overwrite' | 'append_dedup' | 'update' | 'soft_delete';
export type FailureType = 'system_error' | 'config_error' | 'transient_error';
export type LogLevel = 'FATAL' | 'ERROR' | 'WARN' | 'INFO' | 'DEBUG' | 'TRACE';
export type StreamStatus = 'STARTED' | 'RUNNING' | 'COMPLETE' | 'INCOMPLETE';

export interface StreamDescriptor {
  name: string;
  namespace?: string;
}

export interface AirbyteRecordMetaChange {
  field: string;
  change: 'NULLED' | 'TRUNCATED';
  reason: string;
}

export interface AirbyteRecord {
  stream: string;
  namespace?: string;
  data: JsonObject;
  emitted_at: number;
  meta?: { changes?: AirbyteRecordMetaChange[] };
}

export interface AirbyteStreamStateMessage {
  type: 'STREAM';
  stream: { stream_descriptor: StreamDescriptor; stream_state?: JsonObject };
  sourceStats?: { recordCount?: number; rejectedRecordCount?: number };
  destinationStats?: { recordCount?: number; rejectedRecordCount?: number };
}

export interface AirbyteGlobalStateMessage {
  type: 'GLOBAL';
  global: { shared_state?: JsonObject; stream_states: Array<{ stream_descriptor: StreamDescriptor; stream_state?: JsonObject }> };
  sourceStats?: { recordCount?: number };
  destinationStats?: { recordCount?: number };
}

export interface AirbyteLegacyStateMessage {
  type?: 'LEGACY';
  data: JsonObject;
}

export type AirbyteState = AirbyteStreamStateMessage | AirbyteGlobalStateMessage | AirbyteLegacyStateMessage;

export interface AirbyteStream {
  name: string;
  namespace?: string;
  json_schema: JsonObject;
  supported_sync_modes: SyncMode[];
  source_defined_cursor?: boolean;
  default_cursor_field?: string[];
  source_defined_primary_key?: string[][];
  is_resumable?: boolean;
}

export interface AirbyteCatalog {
  streams: AirbyteStream[];
}

export interface ConfiguredAirbyteStream {
  stream: AirbyteStream;
  sync_mode: SyncMode;
  destination_sync_mode: DestinationSyncMode;
  cursor_field?: string[];
  primary_key?: string[][];
  generation_id?: number;
  minimum_generation_id?: number;
  sync_id?: number;
}

export interface ConfiguredAirbyteCatalog {
  streams: ConfiguredAirbyteStream[];
}

export interface ConnectorSpecification {
  documentationUrl?: string;
  connectionSpecification: JsonObject;
  supportsIncremental?: boolean;
  supported_destination_sync_modes?: DestinationSyncMode[];
  protocol_version?: string;
}

export interface AirbyteErrorTrace {
  message: string;
  internal_message?: string;
  stack_trace?: string;
  failure_type?: FailureType;
  stream_descriptor?: StreamDescriptor;
}

export type AirbyteTrace =
  | { type: 'ERROR'; emitted_at: number; error: AirbyteErrorTrace }
  | {
      type: 'ESTIMATE';
      emitted_at: number;
      estimate: { name: string; namespace?: string; type: 'STREAM' | 'SYNC'; row_estimate?: number; byte_estimate?: number };
    }
  | { type: 'STREAM_STATUS'; emitted_at: number; stream_status: { stream_descriptor: StreamDescriptor; status: StreamStatus } };

export type AirbyteMessage =
  | { type: 'RECORD'; record: AirbyteRecord }
  | { type: 'STATE'; state: AirbyteState }
  | { type: 'LOG'; log: { level: LogLevel; message: string; stack_trace?: string } }
  | { type: 'SPEC'; spec: ConnectorSpecification }
  | { type: 'CONNECTION_STATUS'; connectionStatus: { status: 'SUCCEEDED' | 'FAILED'; message?: string } }
  | { type: 'CATALOG'; catalog: AirbyteCatalog }
  | { type: 'TRACE'; trace: AirbyteTrace };

export type AirbyteMessageType = AirbyteMessage['type'];
