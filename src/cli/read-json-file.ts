import { readFile } from 'node:fs/promises';
import { configError } from '../protocol/connector-error.js';

/**
 * Reads and parses a JSON file given on the command line. A missing file or
 * invalid JSON is a config_error naming the option, the file and the fix.
 */
export async function readJsonFile(path: string, option: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'cannot be read (permission denied)' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code ?? 'unknown error'})`;
    throw configError(`The ${option} file ${path} ${why}: pass the path of a JSON file with ${option} ${option === '--config' ? 'config.json' : option === '--catalog' ? 'catalog.json' : 'state.json'}.`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw configError(`The ${option} file ${path} is not valid JSON (${(error as Error).message}): fix the syntax.`);
  }
}
