import { readFileSync } from 'node:fs';

/** One line of a profile summary: self time of a function (or of a module/package group). */
export interface ProfileEntry {
  readonly name: string;
  readonly where: string;
  readonly selfMs: number;
  readonly percent: number;
}

export interface ProfileSummary {
  readonly totalMs: number;
  /** Top functions by self time. */
  readonly functions: ProfileEntry[];
  /** Self time grouped by package / area (our src, node internals, each node_modules package, GC, idle). */
  readonly groups: ProfileEntry[];
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
}

/** `src/...` for our compiled files (dist/ or bench/.build/<pid>/), `node_modules/...` for packages. */
export function shortPath(url: string): string {
  return url.replace(/^file:\/\//, '').replace(/^.*?\/node_modules\//, 'node_modules/').replace(/^.*?\/(?:dist|bench\/\.build\/[^/]+)\/src\//, 'src/');
}

function groupOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules?.[1] !== undefined) return modules[1];
  if (url.startsWith('node:')) return 'node internals';
  const ours = /\/(src\/[^/]+\/[^/]+)/.exec(url);
  if (ours?.[1] !== undefined) return ours[1];
  return url;
}

/**
 * Self time per function of a V8 `.cpuprofile` (as written by `node --cpu-prof`): each
 * sample's time delta is charged to the node it hit. Only the main JS thread is profiled:
 * native worker threads (DuckDB, zlib, libuv) show as `(idle)` or `(program)` here.
 */
export function summariseProfile(path: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  let totalUs = 0;
  profile.samples.forEach((id, index) => {
    const delta = Math.max(0, profile.timeDeltas[index] ?? 0);
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
    totalUs += delta;
  });
  const functions = new Map<string, { name: string; where: string; us: number }>();
  const groups = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) continue;
    const file = shortPath(frame.url);
    const where = frame.url === '' ? '' : `${file}:${frame.lineNumber + 1}`;
    const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
    const key = `${name} ${where}`;
    const entry = functions.get(key) ?? { name, where, us: 0 };
    entry.us += us;
    functions.set(key, entry);
    const group = groupOf(frame.url, frame.functionName);
    groups.set(group, (groups.get(group) ?? 0) + us);
  }
  const toEntry = (name: string, where: string, us: number): ProfileEntry => ({ name, where, selfMs: Math.round(us / 1000), percent: Math.round((1000 * us) / Math.max(1, totalUs)) / 10 });
  return {
    totalMs: Math.round(totalUs / 1000),
    functions: [...functions.values()].sort((a, b) => b.us - a.us).slice(0, top).map((f) => toEntry(f.name, f.where, f.us)),
    groups: [...groups.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, us]) => toEntry(name, '', us)),
  };
}
