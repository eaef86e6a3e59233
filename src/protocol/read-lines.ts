import { StringDecoder } from 'node:string_decoder';

/**
 * The lines of a byte stream (stdin), without their line endings (`\n` or
 * `\r\n`). It pulls the next chunk only when the consumer asks for the next
 * line, so a fast input waits for a slow consumer instead of queueing in
 * memory (readline's async iterator buffers lines without limit).
 */
export async function* readLines(input: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of input) {
    const text = rest + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      yield text.charCodeAt(end - 1) === 13 && end > start ? text.slice(start, end - 1) : text.slice(start, end);
      start = end + 1;
    }
    rest = text.slice(start);
  }
  rest += decoder.end();
  if (rest !== '') yield rest.endsWith('\r') ? rest.slice(0, -1) : rest;
}
