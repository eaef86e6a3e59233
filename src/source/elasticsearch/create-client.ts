import { Client } from '@elastic/elasticsearch';
import type { ClientOptions } from '@elastic/elasticsearch/client';
import type { SourceConfig } from '../config/source-config-schema.js';
import { CompatibleTransport } from './compatible-transport.js';
import { ExactJsonSerializer } from './exact-serializer.js';
import { OnHeapTextConnection } from './on-heap-text-connection.js';

/**
 * Builds the one Elasticsearch client a command uses. The transport never
 * retries on its own (`maxRetries: 0`): retries happen in one place,
 * `withRetries`, so they are counted, logged and bounded once.
 * Response texts are decoded on the V8 heap (see OnHeapTextConnection).
 * The caller must `close()` the client when done.
 */
export function createClient(config: SourceConfig): Client {
  const options: ClientOptions = {
    Transport: CompatibleTransport as unknown as ClientOptions['Transport'],
    Serializer: ExactJsonSerializer,
    Connection: OnHeapTextConnection as unknown as ClientOptions['Connection'],
    maxRetries: 0,
    requestTimeout: config.request_timeout_seconds * 1000,
    compression: false,
    enableMetaHeader: false,
    tls: tlsOptions(config),
  };
  if (config.endpoint.mode === 'nodes') options.nodes = [...config.endpoint.urls];
  else options.cloud = { id: config.endpoint.cloud_id };
  const { ca_fingerprint: fingerprint } = config.tls;
  if (fingerprint !== undefined) options.caFingerprint = normaliseFingerprint(fingerprint);
  const auth = config.authentication;
  switch (auth.method) {
    case 'basic':
      options.auth = { username: auth.username, password: auth.password };
      break;
    case 'api_key':
      options.auth = { apiKey: auth.api_key };
      break;
    case 'api_key_id':
      options.auth = { apiKey: { id: auth.api_key_id, api_key: auth.api_key_secret } };
      break;
    case 'bearer':
      options.auth = { bearer: auth.token };
      break;
    case 'none':
      break;
  }
  return new Client(options);
}

/**
 * Certificates are verified against the system CAs, or `ca_certificate`.
 * With only `ca_fingerprint`, the pinned CA fingerprint is the verification
 * (as Elasticsearch's own enrollment does): the chain must contain that CA,
 * or the connection is refused.
 */
function tlsOptions(config: SourceConfig): NonNullable<ClientOptions['tls']> {
  const { ca_certificate: ca, ca_fingerprint: fingerprint, verify_certificates: verify } = config.tls;
  const pinnedOnly = fingerprint !== undefined && ca === undefined;
  const tls: NonNullable<ClientOptions['tls']> = { rejectUnauthorized: verify && !pinnedOnly };
  if (ca !== undefined) tls.ca = ca;
  return tls;
}

/** The client compares fingerprints as upper-case hex pairs joined by colons. */
export function normaliseFingerprint(fingerprint: string): string {
  const hex = fingerprint.replace(/:/g, '').toUpperCase();
  return hex.match(/.{2}/g)?.join(':') ?? hex;
}
