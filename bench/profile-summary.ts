/**
 * Prints the top self-time functions and areas of a `.cpuprofile` (from `node --cpu-prof`):
 *   node --import tsx bench/profile-summary.ts FILE.cpuprofile [TOP]
 */
import { summariseProfile } from './lib/cpu-profile.js';

const [file, top] = process.argv.slice(2);
if (file === undefined) {
  console.error('usage: profile-summary.ts FILE.cpuprofile [TOP]');
  process.exit(2);
}
const summary = summariseProfile(file, Number(top ?? 20));
console.log(`${summary.totalMs} ms sampled on the main thread\n\nself ms      %  function`);
for (const f of summary.functions) console.log(`${String(f.selfMs).padStart(7)} ${f.percent.toFixed(1).padStart(6)}  ${f.name}  ${f.where}`);
console.log('\nself ms      %  area');
for (const g of summary.groups) console.log(`${String(g.selfMs).padStart(7)} ${g.percent.toFixed(1).padStart(6)}  ${g.name}`);
