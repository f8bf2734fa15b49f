// A throwaway CA-less certificate for 127.0.0.1, made with the machine's openssl, for https servers
// on loopback in tests (the recording proxy with `tls`). Fails loudly when openssl is missing.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface LoopbackCert {
  key: string;
  cert: string;
  /** The certificate as a file, for a store config's caPath. */
  caPath: string;
  dir: string;
}

export function loopbackCert(): LoopbackCert {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-cert-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'pipe' },
  );
  return { key: fs.readFileSync(keyFile, 'utf8'), cert: fs.readFileSync(certFile, 'utf8'), caPath: certFile, dir };
}
