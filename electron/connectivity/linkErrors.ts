import { errorMessage } from '../platform/logger.js';

/** TLS verification failures, by Node's error code: the broker's certificate is not one we trust. */
const UNTRUSTED_CERT = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
]);

/**
 * TLS alerts the broker sends when it refuses our client certificate (Node's codes for OpenSSL's
 * alerts): none given, or one it does not trust, cannot read, or finds expired or revoked.
 */
const CLIENT_CERT_REFUSED: Record<string, string> = {
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED:
    'the broker requires a client certificate: set tls.certFile and tls.keyFile',
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA:
    'the broker refused our client certificate (tls.certFile): it is not signed by a CA the broker trusts',
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: 'the broker refused our client certificate (tls.certFile) as bad',
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED:
    'the broker refused our client certificate (tls.certFile): it has expired',
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED:
    'the broker refused our client certificate (tls.certFile): it was revoked',
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN: 'the broker refused our client certificate (tls.certFile)',
};

/** CONNACK reason codes that mean "who you are" was refused (3.1.1: 4, 5; MQTT 5: 134, 135). */
const AUTH_REFUSED = new Set([4, 5, 134, 135]);

/**
 * A link error as an operator or admin can act on it: the library's message, plus what to check
 * for the failures a site meets when commissioning (certificates, credentials). Never contains a
 * secret: mqtt.js and Node do not put passwords in these messages.
 */
export function describeLinkError(error: unknown): string {
  const message = errorMessage(error);
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (UNTRUSTED_CERT.has(code))
      return `TLS: ${message} (${code}): the broker's certificate is not signed by the configured CA (tls.caFile)`;
    if (code === 'CERT_HAS_EXPIRED') return `TLS: ${message}: renew the broker's certificate`;
    const refused = CLIENT_CERT_REFUSED[code];
    if (refused) return `TLS: ${refused} (${code})`;
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
      return `TLS: ${message}: the certificate does not name this host (set tls.servername or fix the URL)`;
  }
  if (typeof code === 'number' && AUTH_REFUSED.has(code))
    return `${message}: check the username and the stored password (brokers.setCredential)`;
  return message;
}
