import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { evaluateHealth, PrometheusClient, worstStatus } from '../../../server/src/cluster';
import type { CheckStatus, HealthReport } from '../../../server/src/cluster/types';
import { readClusters, readHealthSettings, type ClusterSetting } from '../config';
import { connectionOptions, secretKey } from './connections';

const NAMES_TTL_MS = 5 * 60_000;

export interface ClusterState {
  cluster: ClusterSetting;
  report?: HealthReport;
  /** Plain-words problem reaching the cluster (config error, unreachable, auth ...). */
  error?: string;
  refreshing: boolean;
}

/**
 * Owns one PrometheusClient (one keep-alive pool) per cluster and refreshes health. Refreshes never
 * overlap: a request while one runs is folded into it.
 */
export class ClusterMonitor implements vscode.Disposable {
  private clients = new Map<string, { key: string; client: PrometheusClient }>();
  private states = new Map<string, ClusterState>();
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private active = false;
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  clusters(): ClusterState[] {
    const configured = readClusters();
    // Forget removed clusters, closing their keep-alive pools.
    const names = new Set(configured.map((c) => c.name));
    for (const [name, entry] of this.clients) {
      if (!names.has(name)) {
        void entry.client.close();
        this.clients.delete(name);
      }
    }
    for (const name of this.states.keys()) if (!names.has(name)) this.states.delete(name);
    return configured.map((c) => {
      const s = this.states.get(c.name);
      if (s && JSON.stringify(s.cluster) === JSON.stringify(c)) return s;
      const fresh: ClusterState = { cluster: c, refreshing: false };
      this.states.set(c.name, fresh);
      return fresh;
    });
  }

  worst(): CheckStatus | undefined {
    const statuses = this.clusters().flatMap((s) => (s.error ? ['unknown' as CheckStatus] : s.report ? [s.report.status] : []));
    return statuses.length ? worstStatus(statuses) : undefined;
  }

  /** Poll only while someone looks (the view is visible). */
  setActive(active: boolean): void {
    this.active = active;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (active) void this.refresh().finally(() => this.scheduleNext());
  }

  private scheduleNext(): void {
    if (!this.active) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh().finally(() => this.scheduleNext()), readHealthSettings().refreshIntervalSeconds * 1000);
  }

  refresh(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.doRefresh().finally(() => (this.running = undefined));
    return this.running;
  }

  async clientFor(cluster: ClusterSetting): Promise<PrometheusClient> {
    // A rotated token must reach the next request: the pool is keyed by a digest of the secret too.
    const secret = (await this.secrets.get(secretKey(cluster.name))) ?? '';
    const key = `${JSON.stringify(cluster)}:${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;
    const existing = this.clients.get(cluster.name);
    if (existing && existing.key === key) return existing.client;
    if (existing) void existing.client.close();
    const client = new PrometheusClient(await connectionOptions(cluster, this.secrets, (l) => this.log.debug(l)));
    this.clients.set(cluster.name, { key, client });
    return client;
  }

  private async doRefresh(): Promise<void> {
    const states = this.clusters();
    const { thresholds } = readHealthSettings();
    for (const s of states) s.refreshing = true;
    this.emitter.fire();
    await Promise.all(
      states.map(async (s) => {
        try {
          if (s.cluster.skipTlsVerify) this.log.warn(`${s.cluster.name}: TLS certificate verification is turned off for this cluster`);
          const client = await this.clientFor(s.cluster);
          // Metric names rarely change: reuse them for a few minutes, saving two round trips per refresh.
          const names = s.report?.names && !s.report.error && Date.now() - s.report.names.resolvedAt < NAMES_TTL_MS ? s.report.names : undefined;
          const report = await evaluateHealth(client, { thresholds, names });
          s.report = report;
          s.error = report.error?.message;
          this.log.info(`${s.cluster.name}: health ${report.status} in ${report.durationMs} ms`);
        } catch (err) {
          const text = err instanceof Error ? err.message : String(err);
          s.error = this.clients.get(s.cluster.name)?.client.redact(text) ?? text;
          this.log.warn(`${s.cluster.name}: ${s.error}`);
        } finally {
          s.refreshing = false;
        }
      }),
    );
    this.emitter.fire();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const { client } of this.clients.values()) void client.close();
    this.clients.clear();
    this.emitter.dispose();
  }
}
