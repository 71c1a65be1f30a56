/**
 * `nativelink-check annotate --prometheus URL CONFIG...`: the live numbers the editor shows above config entries
 * (cache_metrics stores, execution instances, fast_slow stores, collector components), one record per entry with
 * its JSON path and line. It is how scripts and tests read what the lenses show.
 *
 * Exit codes: 0 = printed, 2 = Prometheus unusable, 64 = usage error.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { resolveNames } from '../cluster/names';
import { PrometheusClient, PromError } from '../cluster/prometheus';
import { collectorNamesFrom, evaluateTargets } from '../live/evaluate';
import type { LiveEntryValues } from '../live/types';
import { engines } from '../service/engines';
import { HostAwareLanguageService } from '../service/embedded/hostService';
import { defaultSettings } from '../service/settings';
import { checkUrl, connectionFromArgs, one, parseArgs, redactedIo, UsageError, type CliIo } from './cluster';

export const ANNOTATE_USAGE = `usage: nativelink-check annotate --prometheus URL [options] FILE...

Prints the live numbers of each config entry (what the editor shows above it): hit rate, latency and operations of
cache_metrics stores, completions and queue of execution instances, fast tier share of fast_slow stores, and the
collector's receivers, processors and exporters.

  --prometheus URL             Prometheus API base URL
  --window DURATION            rate window (default 5m)
  --bearer-token-env NAME      read a bearer token from environment variable NAME
  --basic-auth-env USER:PASS   read basic-auth user and password from environment variables USER and PASS
  --header-env HEADER:NAME     send header HEADER with the value of environment variable NAME (repeatable)
  --ca-file PATH               extra CA certificate (PEM) for https
  --skip-tls-verify            do not verify the server's certificate (throwaway lab setups only)
  --timeout SECONDS            per-query timeout (default 10)
  --format text|json           output format (default text)
`;

const FLAGS = new Set(['--prometheus', '--window', '--bearer-token-env', '--basic-auth-env', '--header-env', '--ca-file', '--timeout', '--format']);

function languageOf(file: string): string {
  return /\.ya?ml$/i.test(file) ? 'yaml' : /\.json$/i.test(file) ? 'json' : 'json5';
}

interface FileEntries {
  file: string;
  kind: string | null;
  entries: (LiveEntryValues & { line: number })[];
  error?: string;
}

export async function runAnnotateCommand(argv: string[], io: CliIo): Promise<number> {
  let client: PrometheusClient | undefined;
  try {
    const files: string[] = [];
    const p = parseArgs(argv, FLAGS, files);
    if (p.help) {
      io.stdout(ANNOTATE_USAGE);
      return 0;
    }
    const prometheus = one(p, '--prometheus');
    if (!prometheus) throw new UsageError('--prometheus URL is required');
    checkUrl('--prometheus', prometheus);
    if (!files.length) throw new UsageError('give at least one config file');
    const format = one(p, '--format') ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json (got "${format}")`);
    const window = one(p, '--window') ?? '5m';
    if (!/^\d+[smh]$/.test(window)) throw new UsageError(`--window must be a duration like 5m (got "${window}")`);
    const t = one(p, '--timeout');
    const timeoutMs = t === undefined ? 10_000 : Math.round(Number(t) * 1000);
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > 600_000) throw new UsageError(`--timeout must be seconds between 0 and 600 (got "${t}")`);
    const { auth, headers, ca, skipTlsVerify } = connectionFromArgs(p, io);
    try {
      client = new PrometheusClient({ url: prometheus, auth, headers, tls: ca || skipTlsVerify ? { ca, skipTlsVerify } : undefined, timeoutMs, userAgent: 'nativelink-check' });
    } catch (e) {
      throw new UsageError(`--prometheus: ${e instanceof PromError ? e.message : String(e)}`);
    }
    // Everything printed from here on goes through the connection's redactor (label values may echo a secret).
    io = redactedIo(io, client);

    const service = new HostAwareLanguageService(engines, () => undefined);
    const docs = files.map((file) => {
      try {
        const text = readFileSync(file, 'utf8');
        const doc = TextDocument.create(pathToFileURL(resolve(file)).toString(), languageOf(file), 1, text);
        return { file, doc, ...service.liveTargets(doc, defaultSettings) };
      } catch (e) {
        return { file, error: (e as NodeJS.ErrnoException).code ?? (e as Error).message };
      }
    });
    const isCollector = (k: string) => k === 'receiver' || k === 'processor' || k === 'exporter';
    const kinds = docs.flatMap((d) => ('targets' in d && d.targets ? d.targets.map((t) => t.kind) : []));
    const needNl = kinds.some((k) => !isCollector(k));
    const needCol = kinds.some(isCollector);
    let names;
    let collector;
    try {
      [names, collector] = await Promise.all([needNl ? resolveNames(client, { timeoutMs }) : undefined, needCol ? collectorNamesFrom(client, { timeoutMs }) : undefined]);
    } catch (e) {
      io.stderr(`nativelink-check annotate: cannot read metric names from Prometheus: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    }
    const out: FileEntries[] = [];
    for (const d of docs) {
      if (!('doc' in d) || !d.doc) {
        out.push({ file: d.file, kind: null, entries: [], error: 'error' in d ? d.error : 'unreadable' });
        continue;
      }
      const values = await evaluateTargets(d.targets, { api: client, names, collector, window, timeoutMs });
      out.push({ file: d.file, kind: d.kind ?? null, entries: values.map((v, i) => ({ ...v, line: d.targets[i].range.start.line + 1 })) });
    }
    if (format === 'json') {
      io.stdout(
        `${JSON.stringify(
          out.map((f) => ({
            file: f.file,
            kind: f.kind,
            ...(f.error ? { error: f.error } : {}),
            entries: f.entries.map((e) => ({
              path: e.target.path,
              line: e.line,
              kind: e.target.kind,
              label: e.target.label,
              match: e.target.match,
              ...(e.reason ? { reason: e.reason } : {}),
              values: Object.fromEntries(e.metrics.filter((m) => m.value !== undefined).map((m) => [m.key, m.value])),
              metrics: e.metrics.map((m) => ({ key: m.key, display: m.display, promql: m.promql, ...(m.value !== undefined ? { value: m.value } : {}), ...(m.missing ? { missing: m.missing } : {}) })),
              ...(e.target.notes?.length ? { notes: e.target.notes } : {}),
            })),
          })),
          null,
          2,
        )}\n`,
      );
    } else {
      for (const f of out) {
        if (f.error) io.stdout(`${f.file}: cannot read: ${f.error}\n`);
        else if (!f.kind) io.stdout(`${f.file}: not a NativeLink or collector config (skipped)\n`);
        for (const e of f.entries) io.stdout(`${f.file}:${e.line} ${e.target.label}: ${e.summary}\n`);
      }
    }
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`nativelink-check annotate: ${e.message}\n\n${ANNOTATE_USAGE}`);
      return 64;
    }
    throw e;
  } finally {
    if (client) await client.close().catch(() => undefined);
  }
}
