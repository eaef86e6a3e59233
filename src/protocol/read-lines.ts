import { StringDecoder } from 'node:string_decoder';

/**
 * The lines of a byte stream (stdin), without their line endings (`\n` or
 * `\r\n`). It pulls the next chunk only when the consumer asks for the next
 * line, so a fast input waits for a slow consumer instead of queueing in
 * memory (readline's async iterator buffers lines without limit). A long
 * line is gathered as pieces and joined once: each chunk is scanned once.
 */
export async function* readLines(input: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let pieces: string[] = [];
  const take = (last: string): string => {
    const line = pieces.length === 0 ? last : pieces.join('') + last;
    pieces = [];
    return line.endsWith('\r') ? line.slice(0, -1) : line;
  };
  for await (const chunk of input) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
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
