/**
 * A spool directory that cannot be created is a config_error naming
 * local_spool_directory, in write and in check (found by the property test,
 * issue 14: it was "Unexpected internal error: ENOENT mkdtemp").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check } from '../../../src/destination/check.js';
import { parseDestinationConfig } from '../../../src/destination/config/parse-destination-config.js';
import { MemoryObjectStore } from '../../../src/destination/object-store/memory-object-store.js';
import { createSpoolDirectory } from '../../../src/destination/spool-directory.js';
import { ConnectorError } from '../../../src/protocol/connector-error.js';

test('a spool directory is created under local_spool_directory', async () => {
  const parent = await mkdtemp(join(tmpdir(), 'spool-parent-'));
  try {
    const created = await createSpoolDirectory({ local_spool_directory: parent });
    assert.ok(created.startsWith(join(parent, 'destination-s3-parquet-')));
    assert.equal((await readdir(parent)).length, 1);
  } finally {
    await rm(parent, { recursive: true, force: true });
  }
});

test('a missing directory, or a file, is a config_error naming local_spool_directory', async () => {
  const parent = await mkdtemp(join(tmpdir(), 'spool-parent-'));
  try {
    const file = join(parent, 'a-file');
    await writeFile(file, 'x');
    for (const [directory, code] of [[join(parent, 'missing'), 'ENOENT'], [file, 'ENOTDIR']] as const) {
      await assert.rejects(createSpoolDirectory({ local_spool_directory: directory }), (error: unknown) => {
        assert.ok(error instanceof ConnectorError);
        assert.equal(error.failureType, 'config_error');
        assert.equal(
          error.message,
          `Cannot create the local spool directory in "local_spool_directory" (${JSON.stringify(directory)}): ${code}. Set "local_spool_directory" to an existing directory this process can write to, with free space for about 6 times the target file size per open stream.`,
        );
        return true;
      });
    }
  } finally {
    await rm(parent, { recursive: true, force: true });
  }
});

test('check answers FAILED naming local_spool_directory before it touches the store, and leaves nothing behind when it succeeds', async () => {
  const store = new MemoryObjectStore();
  const failing = parseDestinationConfig({ bucket: 'abc', region: 'us-east-1', local_spool_directory: '/nonexistent/spool' }, 'test');
  const messages = [];
  for await (const message of check(store, failing)) messages.push(message);
  const status = (messages[0] as { connectionStatus?: { status: string; message?: string } }).connectionStatus;
  assert.equal(messages.length, 1);
  assert.equal(status?.status, 'FAILED');
  assert.match(status?.message ?? '', /^Cannot create the local spool directory in "local_spool_directory" \("\/nonexistent\/spool"\): ENOENT\./);
  assert.deepEqual(store.calls, []);

  const parent = await mkdtemp(join(tmpdir(), 'spool-parent-'));
  try {
    const passing = parseDestinationConfig({ bucket: 'abc', region: 'us-east-1', local_spool_directory: parent }, 'test');
    const results = [];
    for await (const message of check(store, passing)) results.push(message);
    assert.equal((results[0] as { connectionStatus?: { status: string } }).connectionStatus?.status, 'SUCCEEDED');
    assert.deepEqual(await readdir(parent), []);
  } finally {
    await rm(parent, { recursive: true, force: true });
  }
});
