import { constants } from 'node:buffer';
import { errors, UndiciConnection } from '@elastic/transport';
import type { ConnectionRequestOptions, ConnectionRequestOptionsAsStream, ConnectionRequestParams, ConnectionRequestResponse, ConnectionRequestResponseAsStream } from '@elastic/transport';

/** Bytes decoded into one string piece: below the ~1 MB from which Node makes a decoded text an external string. */
const PIECE_BYTES = 256 * 1024;

/**
 * The client's HTTP connection, with response texts decoded on the V8 heap.
 *
 * The stock connection decodes a body with one `Buffer#toString`, and Node
 * turns every text of 1 MB or more (a search page of 1,000 log documents)
 * into an external string: memory outside the heap that only a full garbage
 * collection frees and that V8's heap limits do not see, so dead page texts
 * piled up to ~100 MB with 4 slices (benchmark, 1M documents). Decoding in
 * pieces below that size keeps every text on the heap, where the ordinary
 * collections reclaim it. Same answers as the stock connection: the size
 * limits (`maxResponseSize`, `maxCompressedResponseSize`) and their
 * `RequestAbortedError`, a failed body read as `ConnectionError`, and
 * compressed or binary bodies handed over as a Buffer (the transport
 * decompresses and decodes those itself).
 */
export class OnHeapTextConnection extends UndiciConnection {
  override request(params: ConnectionRequestParams, options: ConnectionRequestOptions): Promise<ConnectionRequestResponse>;
  override request(params: ConnectionRequestParams, options: ConnectionRequestOptionsAsStream): Promise<ConnectionRequestResponseAsStream>;
  override async request(params: ConnectionRequestParams, options: ConnectionRequestOptions | ConnectionRequestOptionsAsStream): Promise<ConnectionRequestResponse | ConnectionRequestResponseAsStream> {
    if ('asStream' in options) return super.request(params, options);
    const response = await super.request(params, { ...options, asStream: true });
    const encoding = headerText(response.headers['content-encoding']).toLowerCase();
    const asBytes = encoding.includes('gzip') || encoding.includes('deflate') || isBinaryType(headerText(response.headers['content-type']));
    const limit = asBytes ? (options.maxCompressedResponseSize ?? constants.MAX_LENGTH) : (options.maxResponseSize ?? constants.MAX_STRING_LENGTH);
    const what = asBytes ? 'buffer' : 'string';
    const declared = response.headers['content-length'];
    if (declared !== undefined && Number(declared) > limit) {
      response.body.destroy();
      throw new errors.RequestAbortedError(`The content length (${Number(declared)}) is bigger than the maximum allowed ${what} (${limit})`);
    }
    const decoder = asBytes ? undefined : new HeapTextDecoder();
    const chunks: Buffer[] = [];
    let length = 0;
    try {
      for await (const chunk of response.body as AsyncIterable<Buffer | string>) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        length += bytes.byteLength;
        if (length > limit) {
          response.body.destroy();
          throw new errors.RequestAbortedError(`The content length (${length}) is bigger than the maximum allowed ${what} (${limit})`);
        }
        if (decoder === undefined) chunks.push(bytes);
        else decoder.write(bytes);
      }
    } catch (error) {
      if (error instanceof errors.RequestAbortedError) throw error;
      throw new errors.ConnectionError((error as Error).message);
    }
    const body = decoder === undefined ? Buffer.concat(chunks) : decoder.end();
    return { statusCode: response.statusCode, headers: response.headers, body };
  }
}

/**
 * Decodes UTF-8 bytes, written in chunks split anywhere, into one string on
 * the V8 heap: pieces of at most `pieceBytes`, each decoded by one streaming
 * `TextDecoder` (a character split between pieces or chunks is completed by
 * the next), joined. The text is what `Buffer#toString('utf8')` of the whole
 * gives: an invalid byte becomes U+FFFD, a byte order mark is kept. Node's
 * StringDecoder gives the same text for about five times the CPU: 3.7-4.5
 * against 0.8 s per million log documents (a quarter of them with a
 * non-ASCII character, so few pieces are ASCII).
 */
export class HeapTextDecoder {
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  private text = '';

  constructor(private readonly pieceBytes = PIECE_BYTES) {}

  write(bytes: Buffer): void {
    for (let at = 0; at < bytes.byteLength; at += this.pieceBytes) this.text += this.decoder.decode(bytes.subarray(at, at + this.pieceBytes), { stream: true });
  }

  /** The whole text; the decoder is done. */
  end(): string {
    return this.text + this.decoder.decode();
  }
}

function headerText(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(',') : (value ?? '');
}

/** The content types the transport treats as binary (its `isBinary`, which it does not export from its entry point). */
function isBinaryType(contentType: string): boolean {
  return ['application/vnd.mapbox-vector-tile', 'application/vnd.apache.arrow.stream', 'application/vnd.elasticsearch+arrow+stream', 'application/smile', 'application/vnd.elasticsearch+smile', 'application/cbor', 'application/vnd.elasticsearch+cbor'].some((type) => contentType.includes(type));
}
