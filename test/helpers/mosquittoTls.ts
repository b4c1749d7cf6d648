import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startMosquitto, type MosquittoHandle } from './mosquitto.js';

const run = promisify(execFile);
const OPENSSL = process.env.OPENSSL_BIN ?? 'openssl';
const MOSQUITTO_PASSWD = process.env.MOSQUITTO_PASSWD_BIN ?? '/usr/bin/mosquitto_passwd';

/** Throw-away certificates made at test time: never a key committed to the repository. */
export interface TestPki {
  caFile: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** A CA that signed nothing here: trusting it alone must fail verification. */
  otherCaFile: string;
}

/**
 * A CA, a server certificate for 127.0.0.1/localhost and a client certificate, made with openssl
 * (EC P-256 keys: quick to generate) into `dir`.
 */
export async function makeTestPki(dir: string): Promise<TestPki> {
  const path = (name: string) => join(dir, name);
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const caExt = [
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ];
  const makeCa = (name: string, cn: string) =>
    run(OPENSSL, [
      'req',
      '-x509',
      ...key,
      '-keyout',
      path(`${name}.key`),
      '-out',
      path(`${name}.crt`),
      '-days',
      '2',
      '-subj',
      `/CN=${cn}`,
      ...caExt,
    ]);
  await Promise.all([makeCa('ca', 'Watchkeeper test CA'), makeCa('other-ca', 'Some other CA')]);
  const issue = async (name: string, cn: string, extensions: string) => {
    await writeFile(path(`${name}.ext`), extensions);
    await run(OPENSSL, [
      'req',
      ...key,
      '-keyout',
      path(`${name}.key`),
      '-out',
      path(`${name}.csr`),
      '-subj',
      `/CN=${cn}`,
    ]);
    await run(OPENSSL, [
      'x509',
      '-req',
      '-in',
      path(`${name}.csr`),
      '-CA',
      path('ca.crt'),
      '-CAkey',
      path('ca.key'),
      '-CAcreateserial',
      '-out',
      path(`${name}.crt`),
      '-days',
      '2',
      '-extfile',
      path(`${name}.ext`),
    ]);
  };
  await issue(
    'server',
    'localhost',
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n',
  );
  await issue('client', 'watchkeeper-test', 'extendedKeyUsage=clientAuth\n');
  return {
    caFile: path('ca.crt'),
    serverCert: path('server.crt'),
    serverKey: path('server.key'),
    clientCert: path('client.crt'),
    clientKey: path('client.key'),
    otherCaFile: path('other-ca.crt'),
  };
}

export interface TlsBrokerOptions {
  pki: TestPki;
  /** Clients must present a certificate signed by the test CA. */
  requireCertificate?: boolean;
  /** username → password, written with `mosquitto_passwd -b`; anonymous access is then refused. */
  users?: Record<string, string>;
  /** Where the password file goes (a temp dir of the test). */
  dir: string;
  /** A fixed port (a broker restarted where clients expect it). */
  port?: number;
  /** See MosquittoOptions.persistenceDir. */
  persistenceDir?: string;
  /** Also a plain listener on this port, for clients that need to see MQTT packets (the test proxy). */
  plainPort?: number;
}

/** A private Mosquitto with only a TLS listener on a free loopback port (`mqtts://127.0.0.1:N`). */
export async function startMosquittoTls(options: TlsBrokerOptions): Promise<MosquittoHandle> {
  const { pki } = options;
  const auth: string[] = ['allow_anonymous true'];
  if (options.users) {
    const file = join(options.dir, 'passwords');
    await writeFile(file, '', { mode: 0o600 });
    for (const [user, password] of Object.entries(options.users))
      await run(MOSQUITTO_PASSWD, ['-b', file, user, password]);
    auth.splice(0, 1, 'allow_anonymous false', `password_file ${file}`);
  }
  return startMosquitto({
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.persistenceDir === undefined ? {} : { persistenceDir: options.persistenceDir }),
    scheme: 'mqtts',
    listener: (port) => [
      `listener ${port} 127.0.0.1`,
      `cafile ${pki.caFile}`,
      `certfile ${pki.serverCert}`,
      `keyfile ${pki.serverKey}`,
      `require_certificate ${options.requireCertificate ? 'true' : 'false'}`,
      ...auth,
      // Started as root, Mosquitto drops to its own user, who cannot read the test's private
      // temp dir (keys, password file); staying root is what the test runner already is.
      ...(process.getuid?.() === 0 ? ['user root'] : []),
      ...(options.plainPort === undefined ? [] : [`listener ${options.plainPort} 127.0.0.1`]),
    ],
  });
}
