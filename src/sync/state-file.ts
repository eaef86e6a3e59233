import { randomUUID } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import { configError } from '../protocol/connector-error.js';
import type { AirbyteMessage } from '../protocol/messages.js';
import { stringifyExactJson } from '../json/exact-json.js';
import { stateMessageWithoutNulls } from '../protocol/protocol-nulls.js';

/**
 * The sync's state file: the latest acknowledged STATE of each stream, as the
 * JSON array `read --state` takes. Every save writes a temp file beside it
 * and renames it over the old one, so a crash leaves either the old or the
 * new content, never half of one.
 */
export class StateFile {
  private readonly latest = new Map<string, AirbyteMessage>();
  /** Entries of the file that are no STATE message, passed on for the source to refuse. */
  private readonly unusable: unknown[] = [];

  private constructor(readonly path: string) {}

  /**
   * Opens the file, loading its states if it exists (a missing file is an
   * empty state). Entries may be STATE messages or the bare state objects
   * Airbyte passes to `--state`, with null optional fields (treated as
   * absent) and unknown fields; an entry that is no per-stream state is
   * kept as it is and handed to the source, which refuses it by name.
   */
  static async open(path: string): Promise<StateFile> {
    const file = new StateFile(path);
    let text: string | undefined;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw configError(`The state file ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): check its permissions.`);
    }
    if (text !== undefined && text.trim() !== '') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        throw configError(`The state file ${path} is not valid JSON (${(error as Error).message}): restore it from a backup, or delete it to sync from the start.`);
      }
      for (const entry of Array.isArray(parsed) ? parsed : [parsed]) {
        const message = stateMessageWithoutNulls(entry);
        if (message === undefined) file.unusable.push(entry);
        else file.remember(message as unknown as AirbyteMessage);
      }
    }
    return file;
  }

  /** The states, as the array `read --state` takes. */
  messages(): unknown[] {
    return [...this.unusable, ...this.latest.values()];
  }

  get isEmpty(): boolean {
    return this.latest.size === 0 && this.unusable.length === 0;
  }

  private remember(message: AirbyteMessage): void {
    if (message.type !== 'STATE') return;
    const descriptor = message.state.type === 'STREAM' ? (message.state.stream as Partial<typeof message.state.stream> | undefined)?.stream_descriptor : undefined;
    if (descriptor === undefined || typeof descriptor.name !== 'string') {
      this.unusable.push(message);
      return;
    }
    this.latest.set(`${descriptor.namespace ?? ''}/${descriptor.name}`, message);
  }

  /** Records an acknowledged STATE and writes the file atomically. */
  async save(message: AirbyteMessage): Promise<void> {
    this.remember(message);
    const temp = join(dirname(this.path), `.${basename(this.path)}.${randomUUID()}.tmp`);
    await writeFile(temp, stringifyExactJson(this.messages()) + '\n');
    await rename(temp, this.path);
  }
}
