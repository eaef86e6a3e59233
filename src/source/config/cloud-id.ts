/** What a Cloud ID must look like, for the messages that refuse one. */
const EXPECTED = 'it looks like "deployment-name:BASE64", where BASE64 decodes to "<host>[:<port>]$<elasticsearch id>[$<kibana id>]": copy it whole from the deployment page of the Elastic Cloud console';

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$/;
const ID = /^[A-Za-z0-9-]+$/;

/**
 * Why `cloudId` is not a Cloud ID the client can connect with, as a
 * sentence naming `endpoint.cloud_id` and the expected form, or undefined
 * when it is one. The same rules as the Elasticsearch client (one `:`, a
 * base64 part decoding to at least a host and an Elasticsearch id,
 * `$`-separated), stricter where the client would build a URL of garbage.
 */
export function cloudIdProblem(cloudId: string): string | undefined {
  const parts = cloudId.split(':');
  if (parts.length !== 2) return `"endpoint.cloud_id" is not a Cloud ID (it must hold exactly one ":", between the deployment name and the base64 text): ${EXPECTED}`;
  const encoded = parts[1] ?? '';
  if (!BASE64.test(encoded)) return `"endpoint.cloud_id" is not a Cloud ID (the text after ":" is not base64): ${EXPECTED}`;
  const [host = '', elasticsearch = ''] = Buffer.from(encoded, 'base64').toString('utf8').split('$');
  if (!HOST.test(host) || !ID.test(elasticsearch)) return `"endpoint.cloud_id" is not a Cloud ID (its base64 text does not decode to a host and an Elasticsearch id separated by "$"): ${EXPECTED}`;
  return undefined;
}
