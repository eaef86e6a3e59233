import { Transport, type TransportOptions } from '@elastic/transport';

/**
 * The client's transport, made to talk to every server we support. The v9
 * client would send `compatible-with=9` media types (Elasticsearch 8 answers
 * 400 media_type_header_exception) and refuse servers without the
 * `x-elastic-product: Elasticsearch` header (Elasticsearch before 7.14,
 * OpenSearch). Plain JSON media types and no product check work everywhere;
 * which server we talk to is decided once, by `detectServer`.
 */
export class CompatibleTransport extends Transport {
  constructor(options: TransportOptions) {
    const { productCheck: _ignored, ...rest } = options;
    super({
      ...rest,
      vendoredHeaders: {
        jsonContentType: 'application/json',
        ndjsonContentType: 'application/x-ndjson',
        accept: 'application/json, text/plain',
      },
    });
  }
}
