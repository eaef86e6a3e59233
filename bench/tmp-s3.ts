import { ensureBucket, parquetUnder } from './lib/s3.js';
const s3 = { endpoint: 'http://127.0.0.1:19301', bucket: 'bench', accessKeyId: 'minioadmin', secretAccessKey: 'minioadmin', region: 'us-east-1' };
if (process.argv[2] === 'make') await ensureBucket(s3); else console.log(await parquetUnder(s3, process.argv[3] ?? '', false));
