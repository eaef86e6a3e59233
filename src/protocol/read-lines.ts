import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';

/**
 * The lines of a byte stream (stdin), without their line endings (`\n` or
 * `\r\n`). It pulls the next chunk only when the consumer asks for the next
 * line, so a fast input waits for a slow consumer instead of queueing in
 * memory (readline's async iterator buffers lines without limit). A long
 * line is gathered as pieces and joined once: each chunk is scanned once.
 * A chunk of ASCII bytes (the usual case: JSON lines escape little) is
 * copied as Latin-1, which is the same text without the UTF-8 decoder's
 * work, unless the decoder holds the start of a character from the chunk
 * before.
 */
export async function* readLines(input: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let pieces: string[] = [];
  const take = (last: string): string => {
    const line = pieces.length === 0 ? last : pieces.join('') + last;
    pieces = [];
    return line.endsWith('\r') ? line.slice(0, -1) : line;
  };
  // Whether the decoder may hold part of a character: only when the last chunk it decoded ended in a non-ASCII byte.
  let pending = false;
  for await (const chunk of input) {
    let text: string;
    if (typeof chunk === 'string') text = chunk;
    else if (!pending && isAscii(chunk)) text = chunk.toString('latin1');
    else {
      text = decoder.write(chunk);
      pending = chunk.length > 0 && (chunk[chunk.length - 1] as number) >= 0x80;
    }
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      yield take(text.slice(start, end));
      start = end + 1;
    }
    if (start < text.length) pieces.push(text.slice(start));
  }
  const tail = decoder.end();
  if (tail !== '') pieces.push(tail);
  if (pieces.length > 0) yield take('');
}
