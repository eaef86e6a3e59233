/**
 * Constructors for the Airbyte messages the connectors print. Each returns a
 * plain value; printing is the CLI's job (see message-writer.ts).
 */
import type { JsonObject } from '../json/json-value.js';
import type {
  AirbyteCatalog,
  AirbyteErrorTrace,
  AirbyteMessage,
  AirbyteStreamStateMessage,
  ConnectorSpecification,
  LogLevel,
  StreamDescriptor,
  StreamStatus,
} from './messages.js';

export function recordMessage(stream: string, data: JsonObject, emittedAt: number, namespace?: string): AirbyteMessage {
  const record = namespace === undefined ? { stream, data, emitted_at: emittedAt } : { stream, namespace, data, emitted_at: emittedAt };
  return { type: 'RECORD', record };
}

export function streamStateMessage(descriptor: StreamDescriptor, streamState: JsonObject, recordCount: number): AirbyteMessage {
  const state: AirbyteStreamStateMessage = {
    type: 'STREAM',
    stream: { stream_descriptor: descriptor, stream_state: streamState },
    sourceStats: { recordCount },
  };
  return { type: 'STATE', state };
}

export function logMessage(level: LogLevel, message: string): AirbyteMessage {
  return { type: 'LOG', log: { level, message } };
}

export function specMessage(spec: ConnectorSpecification): AirbyteMessage {
  return { type: 'SPEC', spec };
}

export function catalogMessage(catalog: AirbyteCatalog): AirbyteMessage {
  return { type: 'CATALOG', catalog };
}

export function connectionStatusMessage(succeeded: boolean, message?: string): AirbyteMessage {
  const status = succeeded ? 'SUCCEEDED' : 'FAILED';
  return { type: 'CONNECTION_STATUS', connectionStatus: message === undefined ? { status } : { status, message } };
}

export function errorTraceMessage(error: AirbyteErrorTrace): AirbyteMessage {
  return { type: 'TRACE', trace: { type: 'ERROR', emitted_at: Date.now(), error } };
}

export function streamStatusMessage(descriptor: StreamDescriptor, status: StreamStatus): AirbyteMessage {
  return { type: 'TRACE', trace: { type: 'STREAM_STATUS', emitted_at: Date.now(), stream_status: { stream_descriptor: descriptor, status } } };
}

export function streamEstimateMessage(descriptor: StreamDescriptor, rowEstimate: number, byteEstimate?: number): AirbyteMessage {
  const estimate: { name: string; namespace?: string; type: 'STREAM'; row_estimate: number; byte_estimate?: number } = {
    name: descriptor.name,
    type: 'STREAM',
    row_estimate: rowEstimate,
  };
  if (descriptor.namespace !== undefined) estimate.namespace = descriptor.namespace;
  if (byteEstimate !== undefined) estimate.byte_estimate = byteEstimate;
  return { type: 'TRACE', trace: { type: 'ESTIMATE', emitted_at: Date.now(), estimate } };
}
