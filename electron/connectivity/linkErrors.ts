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
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
      return `TLS: ${message}: the certificate does not name this host (set tls.servername or fix the URL)`;
  }
  if (typeof code === 'number' && AUTH_REFUSED.has(code))
    return `${message}: check the username and the stored password (brokers.setCredential)`;
  return message;
}
