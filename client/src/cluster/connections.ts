import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { PromAuth, PromConnectionOptions, Thresholds } from '../../../server/src/cluster/types';

/** One configured cluster as stored in settings. Secrets are never here: they live in SecretStorage. */
export interface ClusterSetting {
  name: string;
  prometheusUrl: string;
  auth?: { type: 'none' | 'bearer' | 'basic' | 'header'; username?: string; headerName?: string };
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  skipTlsVerify?: boolean;
  timeoutSeconds?: number;
  collectorHealthUrl?: string;
  collectorMetricsUrl?: string;
}

export interface HealthSettings {
  refreshIntervalSeconds: number;
  thresholds: Partial<Thresholds>;
}

const SECRET_PREFIX = 'nativelink.cluster.';
export const secretKey = (cluster: string) => `${SECRET_PREFIX}${cluster}`;

/**
 * Cluster URLs decide where stored credentials are sent, so in an untrusted workspace only the
 * user's own settings count (the manifest's restrictedConfigurations says the same to VS Code).
 */
export function readClusters(): ClusterSetting[] {
  const c = vscode.workspace.getConfiguration('nativelink');
  const raw = vscode.workspace.isTrusted ? c.get<unknown>('clusters') : c.inspect<unknown>('clusters')?.globalValue;
  if (!Array.isArray(raw)) return [];
  const seen = new Set<string>();
  const out: ClusterSetting[] = [];
  for (const item of raw) {
    if (!item || typeof item !== 'object') continue;
    const s = item as Partial<ClusterSetting>;
    if (typeof s.name !== 'string' || typeof s.prometheusUrl !== 'string' || seen.has(s.name)) continue;
    seen.add(s.name);
    out.push(s as ClusterSetting);
  }
  return out;
}

export function readHealthSettings(): HealthSettings {
  const c = vscode.workspace.getConfiguration('nativelink.health');
  const interval = c.get<number>('refreshIntervalSeconds', 30);
  return {
    refreshIntervalSeconds: Number.isFinite(interval) && interval >= 5 ? interval : 30,
    thresholds: c.get<Partial<Thresholds>>('thresholds', {}) ?? {},
  };
}

export async function writeCluster(cluster: ClusterSetting): Promise<void> {
  const c = vscode.workspace.getConfiguration('nativelink');
  const current = (c.inspect<ClusterSetting[]>('clusters')?.globalValue ?? []).filter((x) => x.name !== cluster.name);
  await c.update('clusters', [...current, cluster], vscode.ConfigurationTarget.Global);
}

export async function removeCluster(name: string, secrets: vscode.SecretStorage): Promise<void> {
  const c = vscode.workspace.getConfiguration('nativelink');
  const current = (c.inspect<ClusterSetting[]>('clusters')?.globalValue ?? []).filter((x) => x.name !== name);
  await c.update('clusters', current, vscode.ConfigurationTarget.Global);
  await secrets.delete(secretKey(name));
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
  const secret = (await secrets.get(secretKey(cluster.name))) ?? '';
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
