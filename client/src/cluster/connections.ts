import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { PromAuth, PromConnectionOptions } from '../../../server/src/cluster/types';
import { stripUserinfo } from '../../../server/src/cluster/redact';
import type { ClusterSetting } from '../config';

export type { ClusterSetting } from '../config';

const SECRET_PREFIX = 'nativelink.cluster.';
export const secretKey = (cluster: string) => `${SECRET_PREFIX}${cluster}`;

/**
 * A secret is stored with the URL it was entered for. Clusters are matched to secrets by name, and a
 * name can be reused with another URL (a repo's settings, a typo): the secret then stays home.
 */
interface StoredSecret {
  url: string;
  secret: string;
}

export function normalizeUrl(url: string): string {
  try {
    const u = new URL(url.trim());
    u.username = '';
    u.password = '';
    u.hash = '';
    u.search = '';
    return u.toString().replace(/\/+$/, '');
  } catch {
    return stripUserinfo(url.trim());
  }
}

/** Removes user:password from a URL, keeping its path and query (collector endpoints need both). */
export function stripCredentials(url: string | undefined): string | undefined {
  if (!url) return url;
  try {
    const u = new URL(url.trim());
    if (!u.username && !u.password) return url.trim();
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url.trim();
  }
}

export async function storeSecret(secrets: vscode.SecretStorage, cluster: ClusterSetting, secret: string): Promise<void> {
  const value: StoredSecret = { url: normalizeUrl(cluster.prometheusUrl), secret };
  await secrets.store(secretKey(cluster.name), JSON.stringify(value));
}

/** The cluster's secret, or undefined when none is stored or it was stored for another URL. */
export async function readSecret(secrets: vscode.SecretStorage, cluster: ClusterSetting, log?: (l: string) => void): Promise<string | undefined> {
  const raw = await secrets.get(secretKey(cluster.name));
  if (!raw) return undefined;
  let stored: StoredSecret | undefined;
  try {
    stored = JSON.parse(raw) as StoredSecret;
  } catch {
    stored = undefined;
  }
  if (!stored || typeof stored.secret !== 'string' || stored.url !== normalizeUrl(cluster.prometheusUrl)) {
    log?.(`${cluster.name}: the stored credentials belong to another URL; they are not sent to ${normalizeUrl(cluster.prometheusUrl)}. Run "NativeLink: Connect to Prometheus…" again.`);
    return undefined;
  }
  return stored.secret;
}

function readPem(path: string | undefined): string | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`Cannot read ${path}: ${(err as Error).message}`);
  }
}

/** Builds client options, pulling the secret from SecretStorage at the last moment. */
export async function connectionOptions(cluster: ClusterSetting, secrets: vscode.SecretStorage, log: (l: string) => void): Promise<PromConnectionOptions> {
  const secret = (await readSecret(secrets, cluster, log)) ?? '';
  let auth: PromAuth = { kind: 'none' };
  switch (cluster.auth?.type) {
    case 'bearer':
      auth = { kind: 'bearer', token: secret };
      break;
    case 'basic':
      auth = { kind: 'basic', username: cluster.auth.username ?? '', password: secret };
      break;
    case 'header':
      auth = { kind: 'header', name: cluster.auth.headerName ?? 'Authorization', value: secret };
      break;
  }
  return {
    url: cluster.prometheusUrl,
    auth,
    tls: { ca: readPem(cluster.caFile), cert: readPem(cluster.certFile), key: readPem(cluster.keyFile), skipTlsVerify: !!cluster.skipTlsVerify },
    timeoutMs: Math.max(1, cluster.timeoutSeconds ?? 10) * 1000,
    userAgent: 'nativelink-vscode',
    log,
  };
}
