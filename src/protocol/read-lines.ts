import { isAscii } from 'node:buffer';

/**
 * The lines of a byte stream (stdin), without their line endings (`\n` or
 * `\r\n`). It pulls the next chunk only when the consumer asks for the next
 * line, so a fast input waits for a slow consumer instead of queueing in
 * memory (readline's async iterator buffers lines without limit). A long
 * line is gathered as pieces and joined once: each chunk is scanned once.
 *
 * Byte chunks are split at their `\n` bytes and each line is decoded on its
 * own (a `\n` byte is never part of a multi-byte character, so this is the
 * text a decoder of the whole stream gives, invalid bytes included): an
 * ASCII line (most JSON lines) is copied as Latin-1, without the UTF-8
 * decoder's work. A line too long for a string throws a RangeError.
 */
export async function* readLines(input: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  let pieces: Buffer[] = [];
  let texts: string[] = [];
  const decode = (bytes: Buffer): string => {
    try {
      return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
    } catch (error) {
      // Beyond Node's maximum string length (about 512 MB): ERR_STRING_TOO_LONG.
      throw new RangeError((error as Error).message);
    }
  };
  const takeBytes = (last: Buffer): string => {
    const bytes = pieces.length === 0 ? last : Buffer.concat([...pieces, last]);
    pieces = [];
    const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
    return decode(end === bytes.length ? bytes : bytes.subarray(0, end));
  };
  const takeText = (last: string): string => {
    const line = texts.length === 0 ? last : texts.join('') + last;
    texts = [];
    return line.endsWith('\r') ? line.slice(0, -1) : line;
  };
  for await (const chunk of input) {
    if (typeof chunk === 'string') {
      // Text and bytes do not mix in one stream; the pieces of one kind are taken before the other's.
      if (pieces.length > 0) {
        texts.push(decode(Buffer.concat(pieces)));
        pieces = [];
      }
      let start = 0;
      for (let end = chunk.indexOf('\n'); end !== -1; end = chunk.indexOf('\n', start)) {
        yield takeText(chunk.slice(start, end));
        start = end + 1;
      }
      if (start < chunk.length) texts.push(chunk.slice(start));
      continue;
    }
    if (texts.length > 0) {
      pieces.push(Buffer.from(texts.join('')));
      texts = [];
    }
    let start = 0;
    for (let end = chunk.indexOf(0x0a); end !== -1; end = chunk.indexOf(0x0a, start)) {
      yield takeBytes(chunk.subarray(start, end));
      start = end + 1;
    }
    // A copy: the stream may reuse the chunk's memory.
    if (start < chunk.length) pieces.push(Buffer.from(chunk.subarray(start)));
  }
  if (pieces.length > 0) yield takeBytes(Buffer.alloc(0));
  else if (texts.length > 0) yield takeText('');
}
