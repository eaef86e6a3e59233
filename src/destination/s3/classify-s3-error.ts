import { ConnectorError, configError, transientError, systemError } from '../../protocol/connector-error.js';

/** What the destination was doing when S3 failed, for the message. */
export interface S3Action {
  /** IAM action name, e.g. `s3:PutObject`. */
  action: string;
  /** The S3 operation that failed, when it says more than the action, e.g. `UploadPart of part 2 of 3`. */
  operation?: string | undefined;
  bucket: string;
  key?: string;
  /** Where the bucket is expected: region and endpoint, for messages. */
  region: string;
  endpoint?: string | undefined;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/**
 * Turns an S3 SDK error into one ConnectorError with a sentence a user can
 * act on. Distinct messages for: missing bucket, access denied (naming the
 * action), wrong region, unreachable endpoint, bad credentials, a feature
 * the store does not implement (a config_error blaming "encryption", the
 * one setting that asks for optional features; never retried). Called once
 * the SDK's own retries are used up.
 */
export function classifyS3Error(error: unknown, at: S3Action): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const e = error as { name?: string; Code?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number }; cause?: { code?: string } };
  const name = e.name ?? e.Code ?? '';
  const status = e.$metadata?.httpStatusCode;
  const where = `s3://${at.bucket}${at.key === undefined ? '' : `/${at.key}`}`;
  const doing = at.operation === undefined ? at.action : `${at.operation} (${at.action})`;
  const internalMessage = `${name}: ${e.message ?? String(error)} (HTTP ${status ?? 'none'}) during ${doing} on ${where}`;
  const endpoint = at.endpoint ?? `the AWS S3 endpoint for region ${at.region}`;
  const options = { internalMessage, cause: error };
  const networkCode = e.code ?? e.cause?.code ?? (/(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH)/.exec(e.message ?? '')?.[1]);
  if (name === 'NoSuchBucket') return configError(`Bucket "${at.bucket}" does not exist at ${endpoint}: create it, or fix "bucket" (and "region"/"endpoint") in the config.`, options);
  if (name === 'AccessDenied' || name === 'Forbidden' || name === 'AllAccessDisabled') {
    return configError(`Access denied: the credentials may not perform ${at.action} on ${where}. Grant ${at.action} on this bucket and prefix to the user or role.`, options);
  }
  if (name === 'InvalidAccessKeyId') return configError('The access key id is not known to S3: fix "credentials.access_key_id" (or the credentials in the default chain).', options);
  if (name === 'SignatureDoesNotMatch') return configError('S3 rejected the request signature: the secret access key does not match the access key id. Fix "credentials.secret_access_key".', options);
  if (name === 'ExpiredToken' || name === 'InvalidToken' || name === 'InvalidTokenId' || name === 'TokenRefreshRequired') return configError('The session token is expired or invalid: renew the temporary credentials.', options);
  if (name === 'CredentialsProviderError') return configError('No AWS credentials were found in the default chain (environment, profile, web identity, instance role): configure one, or give an access key in "credentials".', options);
  if (name === 'AuthorizationHeaderMalformed' || name === 'PermanentRedirect' || name === 'IllegalLocationConstraintException' || name === 'InvalidRegion' || /region/i.test(e.message ?? '') && (status === 400 || status === 301)) {
    return configError(`Bucket "${at.bucket}" is not in region "${at.region}" (S3 said: ${e.message ?? name}): set "region" to the bucket's region.`, options);
  }
  if (name === 'NotImplemented' || status === 501) {
    return configError(
      `The store at ${endpoint} does not implement a feature ${doing} on ${where} asked for (S3 said: ${e.message ?? name}). The likely cause is "encryption": S3-compatible stores often lack SSE-KMS or SSE-S3, so set "encryption" to "none" (the bucket default) or to a method the store supports; otherwise check "endpoint" points to an S3 service.`,
      options,
    );
  }
  if (networkCode !== undefined && NETWORK_CODES.has(networkCode) || name === 'TimeoutError' || name === 'RequestTimeout') {
    return transientError(`Could not reach ${endpoint} (${networkCode ?? name}) during ${doing} on ${where}, after retries: check "endpoint", the network and that the S3 service is running.`, options);
  }
  if (name === 'SlowDown' || name === 'ServiceUnavailable' || name === 'InternalError' || (status !== undefined && status >= 500)) {
    return transientError(`S3 kept failing during ${doing} on ${where} (${name || `HTTP ${status}`}) after retries: try again later.`, options);
  }
  return systemError(`S3 ${at.action} on ${where} failed: ${name || 'unknown error'}: ${e.message ?? String(error)}`, options);
}
