import type { FailureType, StreamDescriptor } from './messages.js';

/**
 * The one error type a connector throws on purpose. `message` is a sentence a
 * user can act on (what is wrong and how to fix it) and never holds a secret;
 * `internalMessage` carries technical detail for the TRACE's internal_message.
 */
export class ConnectorError extends Error {
  readonly failureType: FailureType;
  readonly internalMessage: string | undefined;
  readonly stream: StreamDescriptor | undefined;

  constructor(
    failureType: FailureType,
    message: string,
    options: { internalMessage?: string; stream?: StreamDescriptor; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConnectorError';
    this.failureType = failureType;
    this.internalMessage = options.internalMessage;
    this.stream = options.stream;
  }
}

export const configError = (message: string, options?: ConstructorParameters<typeof ConnectorError>[2]): ConnectorError =>
  new ConnectorError('config_error', message, options);
export const transientError = (message: string, options?: ConstructorParameters<typeof ConnectorError>[2]): ConnectorError =>
  new ConnectorError('transient_error', message, options);
export const systemError = (message: string, options?: ConstructorParameters<typeof ConnectorError>[2]): ConnectorError =>
  new ConnectorError('system_error', message, options);
