// Plain credentials — a CA, a bearer token or token file, a client certificate, basic auth — become
// TLS request options here, so most API calls never load @kubernetes/client-node (~150 ms at start).
// Anything else (exec credential plugins, auth providers, proxy-url, impersonation) is left to
// client-node: plainCredentials returns undefined for it.
import { readFileSync } from 'node:fs';
import { type SecureContext, createSecureContext } from 'node:tls';
import type https from 'node:https';
import { KubeconfigError } from '../errors.js';
import { type KubeconfigFields, type ResolvedContext, fieldText } from './kubeconfig.js';

/** One secure context per distinct CA, client certificate and key, and a short name for them: every request looks
 * its connections up by that name, not by the certificates' kilobytes of base64. */
const contexts = new Map<string, { secureContext: SecureContext; name: string }>();

const PLAIN_CLUSTER = new Set([
  'server',
  'certificate-authority',
  'certificate-authority-data',
  'insecure-skip-tls-verify',
  'tls-server-name',
  'extensions',
]);
const PLAIN_USER = new Set([
  'token',
  'tokenFile',
  'client-certificate',
  'client-certificate-data',
  'client-key',
  'client-key-data',
  'username',
  'password',
  'extensions',
]);

export interface PlainCredentials {
  /** the same for, and only for, the same CA, client certificate and key, server name and verification */
  identity: string;
  tls: https.AgentOptions;
  headers: Record<string, string>;
}

export function plainCredentials(context: ResolvedContext): PlainCredentials | undefined {
  const cluster = context.cluster.cluster;
  const user = context.user.user ?? {};
  if (Object.keys(cluster).some((k) => !PLAIN_CLUSTER.has(k)) || Object.keys(user).some((k) => !PLAIN_USER.has(k)))
    return undefined;
  const file = (key: string, path: unknown): Buffer => {
    try {
      return readFileSync(String(path));
    } catch (error) {
      throw new KubeconfigError(
        `context "${context.name}": cannot read ${key} ${String(path)}: ` +
          ((error as NodeJS.ErrnoException).code ?? (error as Error).message),
      );
    }
  };
  const read = (entry: KubeconfigFields, dataKey: string, fileKey: string): Buffer | undefined =>
    entry[dataKey]
      ? Buffer.from(fieldText(entry[dataKey]) ?? '', 'base64')
      : entry[fileKey]
        ? file(fileKey, entry[fileKey])
        : undefined;
  const options: https.AgentOptions = {};
  const headers: Record<string, string> = {};
  const ca = read(cluster, 'certificate-authority-data', 'certificate-authority');
  if (ca) options.ca = ca;
  if (cluster['insecure-skip-tls-verify'] === true) options.rejectUnauthorized = false;
  if (cluster['tls-server-name']) options.servername = fieldText(cluster['tls-server-name']);
  const cert = read(user, 'client-certificate-data', 'client-certificate');
  const key = read(user, 'client-key-data', 'client-key');
  if (cert) options.cert = cert;
  if (key) options.key = key;
  const token =
    fieldText(user.token) ?? (user.tokenFile ? file('tokenFile', user.tokenFile).toString('utf8').trim() : undefined);
  if (token) headers.Authorization = `Bearer ${token}`;
  else if (user.username !== undefined) {
    const basic = `${fieldText(user.username) ?? ''}:${fieldText(user.password) ?? ''}`;
    headers.Authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
  }
  // One secure context per distinct CA/certificate: building it parses the certificates, which
  // costs milliseconds per connection if left to each TLS handshake.
  const id = [ca, cert, key].map((b) => b?.toString('base64') ?? '').join('|');
  let known = contexts.get(id);
  if (!known) {
    try {
      const secureContext = createSecureContext({ ca: options.ca, cert: options.cert, key: options.key });
      known = { secureContext, name: String(contexts.size) };
    } catch (error) {
      throw unusable(context, { ca, cert, key }, error as Error);
    }
    contexts.set(id, known);
  }
  const identity = [known.name, options.servername ?? '', options.rejectUnauthorized === false ? 'insecure' : ''].join(
    '|',
  );
  return { identity, tls: { ...options, secureContext: known.secureContext }, headers };
}

const source = (entry: KubeconfigFields, dataKey: string, fileKey: string): string =>
  entry[dataKey] ? dataKey : `${fileKey} ${fieldText(entry[fileKey]) ?? ''}`;

/** OpenSSL's error names no file: find the piece it cannot use by trying each alone. */
function unusable(
  context: ResolvedContext,
  parts: { ca?: Buffer; cert?: Buffer; key?: Buffer },
  error: Error,
): KubeconfigError {
  const cluster = context.cluster.cluster;
  const user = context.user.user ?? {};
  const fails = (options: Parameters<typeof createSecureContext>[0]) => {
    try {
      createSecureContext(options);
      return false;
    } catch {
      return true;
    }
  };
  const reason = error.message.split('\n')[0] ?? '';
  let what: string;
  const ca = source(cluster, 'certificate-authority-data', 'certificate-authority');
  const key = source(user, 'client-key-data', 'client-key');
  const cert = source(user, 'client-certificate-data', 'client-certificate');
  const ofUser = `of user "${context.user.name}"`;
  if (parts.ca && fails({ ca: parts.ca })) what = `${ca} of cluster "${context.cluster.name}" is not a PEM certificate`;
  else if (parts.key && fails({ key: parts.key })) what = `${key} ${ofUser} is not a usable private key`;
  else if (parts.cert && fails({ cert: parts.cert })) what = `${cert} ${ofUser} is not a usable certificate`;
  else what = `${cert} and ${key} ${ofUser} do not belong together`;
  return new KubeconfigError(`context "${context.name}": ${what} (${reason})`, {
    hint: `check the file or data named, e.g. with \`kubectl config view --raw --minify --context ${context.name}\``,
  });
}
