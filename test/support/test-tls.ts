// Test support: a certificate authority made for one test and a server certificate it signed
// for 127.0.0.1 and localhost, so HTTPS is tested as a station meets it — a chain checked
// against an authority the client is told to trust, and nothing else. Node's crypto cannot
// issue X.509 certificates, so the `openssl` command makes them (P-256 keys, valid one day),
// in a temp folder removed when the test ends.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { tempDir } from './temp-dir.ts';

export type TestCertificates = {
  /** The authority's certificate (PEM): what a client trusts. */
  ca: string;
  /** The server's key and certificate (PEM), for 127.0.0.1 and localhost. */
  key: string;
  cert: string;
};

export function makeTestCertificates(t: TestContext): TestCertificates {
  const dir = tempDir(t, 'lectern-tls-');
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) =>
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...ecKey,
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.pem'),
    '-days',
    '1',
    '-subj',
    '/CN=Lectern test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  openssl('req', ...ecKey, '-keyout', file('hub.key'), '-out', file('hub.csr'), '-subj', '/CN=127.0.0.1');
  fs.writeFileSync(
    file('hub.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n',
  );
  openssl(
    'x509',
    '-req',
    '-in',
    file('hub.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-out',
    file('hub.pem'),
    '-days',
    '1',
    '-extfile',
    file('hub.ext'),
  );
  return {
    ca: fs.readFileSync(file('ca.pem'), 'utf8'),
    key: fs.readFileSync(file('hub.key'), 'utf8'),
    cert: fs.readFileSync(file('hub.pem'), 'utf8'),
  };
}
