import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';

export interface TlsProxy {
  url: string;
  caPem: string;
  /** SHA-256 fingerprint of the CA certificate, hex with colons. */
  caFingerprint: string;
  close(): Promise<void>;
}

/**
 * A TLS endpoint on loopback in front of a real node: it terminates TLS with
 * a certificate signed by a throwaway CA (made with openssl) and pipes the
 * bytes to the node's plain HTTP port. The node still answers every request.
 */
export async function startTlsProxy(upstreamUrl: string): Promise<TlsProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'espq-tls-'));
  const run = (args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=espq test CA']);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1']);
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'san.ext']);
  const caPem = readFileSync(join(dir, 'ca.pem'), 'utf8');
  const upstream = new URL(upstreamUrl);
  const server: Server = createServer({ key: readFileSync(join(dir, 'server.key')), cert: readFileSync(join(dir, 'server.pem'), 'utf8') + caPem }, (socket) => {
    const backend = connect(Number(upstream.port), upstream.hostname);
    socket.pipe(backend).pipe(socket);
    socket.on('error', () => backend.destroy());
    backend.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const der = new X509Certificate(caPem).raw;
  const caFingerprint = createHash('sha256').update(der).digest('hex').toUpperCase().match(/.{2}/g)!.join(':');
  return { url: `https://127.0.0.1:${port}`, caPem, caFingerprint, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
