import * as vscode from 'vscode';
import { PrometheusClient, stripUserinfo } from '../../../server/src/cluster';
import { readClusters, writeCluster, type ClusterSetting } from '../config';
import { connectionOptions, secretKey, storeSecret } from './connections';

/**
 * "NativeLink: Connect to Prometheus…": asks for the URL and auth, tests the connection, then saves
 * the cluster to user settings and the secret to SecretStorage. Nothing is saved when the test fails
 * unless the user insists.
 */
export async function connectWizard(secrets: vscode.SecretStorage, log: vscode.LogOutputChannel): Promise<ClusterSetting | undefined> {
  const url = await vscode.window.showInputBox({
    title: 'Connect to Prometheus: URL',
    prompt: 'Base URL of the Prometheus API the collector exports into (path prefixes of Mimir, Thanos, VictoriaMetrics or Grafana Cloud are fine)',
    placeHolder: 'http://prometheus:9090',
    ignoreFocusOut: true,
    validateInput: (v) => {
      if (!/^https?:\/\/[^\s]+$/.test(v.trim())) return 'Enter an http:// or https:// URL';
      try {
        const u = new URL(v.trim());
        if (u.username || u.password) return 'Leave credentials out of the URL: the next steps keep them in SecretStorage';
      } catch {
        return 'Enter a valid URL';
      }
      return undefined;
    },
  });
  if (!url) return;
  const existing = new Set(readClusters().map((c) => c.name));
  const name = await vscode.window.showInputBox({
    title: 'Connect to Prometheus: name',
    prompt: 'A name for this cluster (e.g. dev, staging, prod)',
    value: existing.has('dev') ? '' : 'dev',
    ignoreFocusOut: true,
    validateInput: (v) => (/^[\w.-]{1,40}$/.test(v) ? undefined : 'Letters, digits, ".", "-" and "_" only'),
  });
  if (!name) return;
  const authPick = await vscode.window.showQuickPick(
    [
      { label: 'No authentication', type: 'none' as const },
      { label: 'Bearer token', type: 'bearer' as const },
      { label: 'Basic auth (user + password)', type: 'basic' as const },
      { label: 'Custom header (e.g. X-Scope-OrgID or an API key)', type: 'header' as const },
    ],
    { title: 'Connect to Prometheus: authentication', ignoreFocusOut: true },
  );
  if (!authPick) return;
  const cluster: ClusterSetting = { name, prometheusUrl: url.trim().replace(/\/+$/, ''), auth: { type: authPick.type } };
  let secret: string | undefined;
  if (authPick.type === 'basic') {
    const username = await vscode.window.showInputBox({ title: 'User name', ignoreFocusOut: true });
    if (username === undefined) return;
    cluster.auth!.username = username;
  }
  if (authPick.type === 'header') {
    const headerName = await vscode.window.showInputBox({ title: 'Header name', value: 'Authorization', ignoreFocusOut: true, validateInput: (v) => (/^[\w-]+$/.test(v) ? undefined : 'A header name') });
    if (!headerName) return;
    cluster.auth!.headerName = headerName;
  }
  if (authPick.type !== 'none') {
    secret = await vscode.window.showInputBox({ title: 'Connect to Prometheus: secret', prompt: 'Stored in VS Code SecretStorage, never in settings', password: true, ignoreFocusOut: true });
    if (secret === undefined) return;
  }
  if (cluster.prometheusUrl.startsWith('https://')) {
    const tls = await vscode.window.showQuickPick(
      [
        { label: 'System certificates', id: 'system' },
        { label: 'Custom CA file…', description: 'a PEM bundle for a private CA', id: 'ca' },
        { label: 'Skip certificate verification', description: 'unsafe: only for a lab setup', id: 'skip' },
      ],
      { title: 'Connect to Prometheus: TLS', ignoreFocusOut: true },
    );
    if (!tls) return;
    if (tls.id === 'ca') {
      const file = await vscode.window.showOpenDialog({ title: 'CA certificate (PEM)', canSelectMany: false, filters: { PEM: ['pem', 'crt', 'cer'], 'All files': ['*'] } });
      if (!file?.[0]) return;
      cluster.caFile = file[0].fsPath;
    }
    if (tls.id === 'skip') cluster.skipTlsVerify = true;
  }
  const health = await vscode.window.showInputBox({
    title: 'Collector health endpoint (optional)',
    prompt: 'The health_check extension of your OpenTelemetry Collector, used by "Diagnose cluster". Leave empty to take it from an open collector config.',
    placeHolder: 'http://otel-collector:13133/',
    ignoreFocusOut: true,
    validateInput: (v) => (!v.trim() || /^https?:\/\/[^\s@]+$/.test(v.trim()) ? undefined : 'An http(s) URL without credentials, or empty'),
  });
  if (health === undefined) return;
  if (health.trim()) cluster.collectorHealthUrl = health.trim();
  const ok = await testAndSave(cluster, secret, secrets, log, async (message) =>
    (await vscode.window.showWarningMessage(`Connection test failed: ${message}`, { modal: true }, 'Save anyway')) === 'Save anyway',
  );
  return ok ? cluster : undefined;
}

export interface ConnectionTest {
  ok: boolean;
  message: string;
}

/** Tries the connection with credentials held only in memory; nothing is persisted here. */
export async function testConnection(cluster: ClusterSetting, secret: string | undefined, log: vscode.LogOutputChannel, signal?: AbortSignal): Promise<ConnectionTest> {
  const scratch = new Map<string, string>();
  const memorySecrets = { get: async (k: string) => scratch.get(k), store: async (k: string, v: string) => void scratch.set(k, v) } as unknown as vscode.SecretStorage;
  if (secret) await storeSecret(memorySecrets, cluster, secret);
  const client = new PrometheusClient(await connectionOptions(cluster, memorySecrets, (l) => log.debug(l)));
  try {
    const info = await client.buildinfo({ signal });
    const names = await client.labelValues('__name__', { signal });
    const nl = names.filter((n) => /nativelink/i.test(n)).length;
    return { ok: true, message: client.redact(`Connected to Prometheus ${info.version ?? ''}: ${names.length} metric names, ${nl} from NativeLink.`) };
  } catch (err) {
    return { ok: false, message: client.redact(err instanceof Error ? err.message : String(err)) };
  } finally {
    await client.close();
  }
}

/**
 * Tests, then saves: the cluster to user settings (never workspace: a repo must not inherit it) and
 * the secret to SecretStorage. A failed test saves only when `confirmFailure` says so.
 */
export async function testAndSave(
  cluster: ClusterSetting,
  secret: string | undefined,
  secrets: vscode.SecretStorage,
  log: vscode.LogOutputChannel,
  confirmFailure: (message: string) => Promise<boolean>,
): Promise<boolean> {
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Testing ${stripUserinfo(cluster.prometheusUrl)}…`, cancellable: true }, (_p, token) => {
    const ac = new AbortController();
    token.onCancellationRequested(() => ac.abort());
    return testConnection(cluster, secret, log, ac.signal);
  });
  if (!result.ok) {
    if (!(await confirmFailure(result.message))) return false;
  } else void vscode.window.showInformationMessage(result.message);
  const name = cluster.name;
  if (secret) await storeSecret(secrets, cluster, secret);
  else await secrets.delete(secretKey(name));
  await writeCluster(cluster);
  log.info(`cluster "${name}" saved (${stripUserinfo(cluster.prometheusUrl)}, auth ${cluster.auth?.type})`);
  return true;
}
