import * as vscode from 'vscode';
import type { Thresholds } from '../../server/src/cluster/types';
import { normalizeUrl, secretKey, stripCredentials } from './cluster/connections';

/** Every setting the client reads, in one place (rust-analyzer's config.ts pattern). */
export const SECTION = 'nativelink';

export type CollectorLanguageMode = 'otelcol' | 'yaml';

export interface ClientConfig {
  collectorLanguageMode: CollectorLanguageMode;
  switchJsonToJson5: boolean;
}

export function readConfig(): ClientConfig {
  const c = vscode.workspace.getConfiguration(SECTION);
  return {
    collectorLanguageMode: c.get<CollectorLanguageMode>('collector.languageMode', 'otelcol'),
    switchJsonToJson5: c.get<boolean>('files.switchJsonToJson5', true),
  };
}

/** Silencing a rule writes the user's (not the workspace's) settings: a repo cannot hide rules from us. */
export async function silenceRule(ruleId: string): Promise<void> {
  const c = vscode.workspace.getConfiguration(SECTION);
  const rules = { ...(c.inspect<Record<string, string>>('rules')?.globalValue ?? {}) };
  rules[ruleId] = 'off';
  await c.update('rules', rules, vscode.ConfigurationTarget.Global);
}

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

/**
 * Cluster URLs decide where stored credentials are sent, so in an untrusted workspace only the
 * user's own settings count (the manifest's restrictedConfigurations says the same to VS Code).
 */
export function readClusters(): ClusterSetting[] {
  const c = vscode.workspace.getConfiguration('nativelink');
  const inspected = c.inspect<unknown>('clusters');
  const user = Array.isArray(inspected?.globalValue) ? inspected!.globalValue : [];
  // Arrays do not merge in VS Code settings: a team's workspace list would hide every cluster the user
  // saved. Trusted workspaces add to (and, by name, override) the user's list; untrusted ones are ignored.
  const workspace = vscode.workspace.isTrusted
    ? [inspected?.workspaceValue, inspected?.workspaceFolderValue].flatMap((v) => (Array.isArray(v) ? v : []))
    : [];
  const workspaceNames = new Set(workspace.map((w) => (w && typeof w === 'object' ? (w as { name?: unknown }).name : undefined)));
  const raw = [...workspace, ...user.filter((u) => !(u && typeof u === 'object' && workspaceNames.has((u as { name?: unknown }).name)))];
  const seen = new Set<string>();
  const out: ClusterSetting[] = [];
  for (const item of raw) {
    if (!item || typeof item !== 'object') continue;
    const s = item as Partial<ClusterSetting>;
    if (typeof s.name !== 'string' || typeof s.prometheusUrl !== 'string' || seen.has(s.name)) continue;
    seen.add(s.name);
    // Credentials never come from settings, not even inside the URL.
    out.push({
      ...(s as ClusterSetting),
      prometheusUrl: normalizeUrl(s.prometheusUrl),
      collectorHealthUrl: stripCredentials(s.collectorHealthUrl),
      collectorMetricsUrl: stripCredentials(s.collectorMetricsUrl),
    });
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

