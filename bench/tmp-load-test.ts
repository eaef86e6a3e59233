import { ensureDataset } from './lib/dataset.js';
console.log(await ensureDataset('http://127.0.0.1:19201', 'bench-logs', Number(process.argv[2]), 2, true, console.error));
