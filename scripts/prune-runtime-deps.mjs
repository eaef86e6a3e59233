// Keeps in ./node_modules only the packages one connector can load, so each
// image carries its own share of the production dependencies (the source has
// no DuckDB or AWS SDK, the destination no Elasticsearch client).
//
//   node prune-runtime-deps.mjs dist/src/cli/<connector>.js
//
// Run in the Dockerfile after `npm ci --omit=dev` and the build. It follows
// the static imports of the compiled entry point (relative files, then bare
// package names), closes over each package's dependencies,
// optionalDependencies and installed peerDependencies (resolved as Node
// does, nested node_modules first), and deletes every other top-level package.
// A package the code imports that is not installed is an error.
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const root = process.cwd();
const entry = process.argv[2];
if (entry === undefined) throw new Error('usage: node prune-runtime-deps.mjs <entry.js>');

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"\n]+)['"]/g;

/** Package names the compiled files reachable from `entry` import. */
function importedPackages(start) {
  const seen = new Set();
  const packages = new Set();
  const queue = [resolve(start)];
  while (queue.length > 0) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      if (specifier.startsWith('.')) {
        const target = resolve(dirname(file), specifier);
        if (existsSync(target) && statSync(target).isFile()) queue.push(target);
        else throw new Error(`${file} imports ${specifier}, which is not in dist/`);
      } else if (!isBuiltin(specifier)) {
        const parts = specifier.split('/');
        packages.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
      }
    }
  }
  return packages;
}

/** The directory Node would load package `name` from, starting at `fromDir`. */
function locate(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root || dir === dirname(dir)) return undefined;
  }
}

const keep = new Set();
const queue = [...importedPackages(entry)].map((name) => {
  const dir = locate(name, root);
  if (dir === undefined) throw new Error(`the code imports ${name}, which is not installed`);
  return dir;
});
while (queue.length > 0) {
  const dir = queue.pop();
  if (keep.has(dir)) continue;
  keep.add(dir);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const required = Object.keys(manifest.dependencies ?? {});
  const optional = [...Object.keys(manifest.optionalDependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})];
  for (const name of required) {
    const found = locate(name, dir);
    if (found === undefined) throw new Error(`${dir} needs ${name}, which is not installed`);
    queue.push(found);
  }
  for (const name of optional) {
    const found = locate(name, dir);
    if (found !== undefined) queue.push(found);
  }
}

const modules = join(root, 'node_modules');
const topLevel = readdirSync(modules).flatMap((name) =>
  name.startsWith('@') ? readdirSync(join(modules, name)).map((inner) => `${name}/${inner}`) : [name],
);
const removed = [];
for (const name of topLevel) {
  const dir = join(modules, name);
  if (name.startsWith('.') || !keep.has(dir)) {
    rmSync(dir, { recursive: true, force: true });
    if (!name.startsWith('.')) removed.push(name);
  }
}
for (const scope of readdirSync(modules).filter((name) => name.startsWith('@'))) {
  if (readdirSync(join(modules, scope)).length === 0) rmSync(join(modules, scope), { recursive: true });
}
rmSync(join(root, 'package-lock.json'), { force: true });
console.error(`${entry}: kept ${topLevel.length - removed.length} packages, removed ${removed.length}: ${removed.join(' ')}`);
