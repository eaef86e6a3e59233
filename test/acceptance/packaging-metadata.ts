/**
 * Reading the packaging files: the two metadata.yaml files and the stages of
 * the Dockerfile (labels, ENV, ENTRYPOINT), for packaging-files.test.ts and
 * images.test.ts.
 */
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { readRepoFile } from './acceptance-config.js';

export interface ConnectorMetadata {
  metadataSpecVersion: string;
  data: Record<string, unknown> & { dockerRepository: string; dockerImageTag: string; definitionId: string; connectorType: string };
}

export const METADATA_FILES = { 'source-elasticsearch': 'metadata.yaml', 'destination-s3-parquet': 'src/destination/metadata.yaml' } as const;

export function readMetadata(target: keyof typeof METADATA_FILES): ConnectorMetadata {
  return parseYaml(readRepoFile(METADATA_FILES[target])) as ConnectorMetadata;
}

/** The LABEL and ENV values of one Dockerfile stage, by name. */
export function dockerfileStage(target: string): { labels: Record<string, string>; env: Record<string, string>; entrypoint: string[] } {
  const text = readRepoFile('Dockerfile').replace(/\\\n/g, ' ');
  const stages = text.split(/^FROM /m).slice(1);
  const stage = stages.find((candidate) => new RegExp(`^\\S+ AS ${target}\\s*$`, 'm').test(candidate.split('\n')[0]!));
  assert.ok(stage !== undefined, `Dockerfile has a stage ${target}`);
  const pairs = (keyword: string): Record<string, string> => {
    const found: Record<string, string> = {};
    for (const line of stage.split('\n').filter((l) => l.startsWith(`${keyword} `))) {
      for (const [, key, value] of line.slice(keyword.length).matchAll(/\s([\w.]+)="([^"]*)"/g)) found[key!] = value!;
    }
    return found;
  };
  const entrypoint = stage.split('\n').find((line) => line.startsWith('ENTRYPOINT '));
  return { labels: pairs('LABEL'), env: pairs('ENV'), entrypoint: JSON.parse(entrypoint?.slice('ENTRYPOINT '.length) ?? '[]') as string[] };
}
