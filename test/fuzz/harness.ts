/**
 * The LSP fuzzer: mutated documents go to `node dist/server.js --stdio` over real LSP, with every request
 * kind at random positions. Reports crashes, hangs (no answer), handler errors, slow requests and the
 * server's RSS over time; every failing input is written out so it can become a regression test.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CacheFill } from '../../server/src/cacheFill';
import { REPO_ROOT } from '../sharedPaths';
import { int, loadSeeds, mutate, pick, rng, type Rng, type Seed } from './mutate';

export interface FuzzOptions {
  seed: number;
  count?: number;
  seconds?: number;
  /** A request taking longer than this in both wall time and server CPU time (wall alone without /proc) counts as slow. */
  slowMs?: number;
  /** No answer within this is a hang: the input is saved and the server restarted. */
  hangMs?: number;
  /** Where failing inputs go; none are written when undefined. */
  outDir?: string;
  /** Requests per document after diagnostics. */
  requestsPerDoc?: number;
  log?: (line: string) => void;
  /** Polled between documents: true ends the run early (the report covers what ran). */
  stop?: () => boolean;
  /** RSS sample every N documents. */
  rssEvery?: number;
  /** Empty the server's caches for a bare-heap checkpoint every N documents (a multiple of rssEvery; default: 20 checkpoints per counted run, else every 5,000). */
  clearEvery?: number;
}

export interface Failure {
  kind: 'crash' | 'hang' | 'handler-error' | 'slow';
  doc: number;
  request: string;
  ms?: number;
  detail: string;
  file?: string;
}

export interface FuzzReport {
  seed: number;
  documents: number;
  requests: number;
  seconds: number;
  crashes: number;
  hangs: number;
  handlerErrors: number;
  slow: number;
  maxMs: number;
  p99Ms: number;
  p50Ms: number;
  /** Server CPU time per request (10 ms resolution), where /proc exists. */
  cpuMaxMs: number;
  cpuP99Ms: number;
  rss: { doc: number; mb: number }[];
  rssGrowthMb: number;
  /** Live heap after a full GC, sampled with RSS: what decides "no growth in memory". */
  heap: { doc: number; mb: number }[];
  heapGrowthMb: number;
  /** The server's caches at the last sample: what each holds against its bounds. */
  caches: CacheFill[];
  /**
   * Live heap after every cache was emptied and a full GC, at checkpoints: what the server keeps that no cache
   * accounts for. Caches still filling towards their bounds make `heap` rise; only a leak makes this rise.
   */
  bareHeap: { doc: number; mb: number }[];
  bareHeapGrowthMb: number;
  failures: Failure[];
  mutations: Record<string, number>;
}

const REQUESTS = ['completion', 'hover', 'codeAction', 'documentSymbol', 'definition', 'references', 'prepareRename', 'rename'] as const;
type RequestKind = (typeof REQUESTS)[number];
const NAMES: Record<Seed['family'], string[]> = {
  json5: ['nativelink.json5', 'config.json5', 'cas.json', 'x.json5'],
  yaml: ['otel-collector-config.yaml', 'otelcol.yaml', 'pipeline.yaml', 'values.yaml'],
};
const LANGS: Record<Seed['family'], string[]> = { json5: ['json5', 'json5', 'json', 'jsonc'], yaml: ['yaml', 'yaml', 'otelcol'] };

class Server {
  proc: ChildProcessWithoutNullStreams;
  conn: ProtocolConnection;
  exited: string | undefined;
  errors: string[] = [];
  private waiters = new Map<string, { version: number; resolve: () => void }>();

  constructor() {
    // NATIVELINK_FUZZ_SERVER: fuzz another build (e.g. a snapshot while the tree changes).
    const server = process.env.NATIVELINK_FUZZ_SERVER ?? path.join(REPO_ROOT, 'dist', 'server.js');
    this.proc = spawn(process.execPath, ['--expose-gc', server, '--stdio'], { stdio: 'pipe' });
    this.proc.stderr.on('data', () => undefined);
    this.proc.on('exit', (code, signal) => (this.exited = `exit code ${code} signal ${signal}`));
    this.conn = createProtocolConnection(new StreamMessageReader(this.proc.stdout), new StreamMessageWriter(this.proc.stdin));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      const w = this.waiters.get(p.uri);
      if (w && (p.version === undefined || p.version >= w.version)) {
        this.waiters.delete(p.uri);
        w.resolve();
      }
    });
    // Handler failures are logged as errors (the server answers empty): each one is a bug to look at.
    this.conn.onNotification('window/logMessage', (p: { type: number; message: string }) => {
      if (p.type === 1) this.errors.push(p.message);
    });
    this.conn.onRequest('workspace/configuration', () => []);
    this.conn.onError(() => undefined);
    this.conn.onClose(() => (this.exited ??= 'connection closed'));
    this.conn.listen();
  }

  async start(): Promise<void> {
    await this.conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    await this.conn.sendNotification('initialized', {});
  }

  diagnostics(uri: string, version: number): Promise<void> {
    return new Promise((resolve) => this.waiters.set(uri, { version, resolve }));
  }

  /** Live heap after a full collection (the server answers this only when started with --expose-gc). */
  async heapMb(clearCaches = false): Promise<{ mb: number; caches: CacheFill[] } | undefined> {
    try {
      const r = await withTimeout(this.conn.sendRequest<{ heapUsed: number; caches?: CacheFill[] }>('$/nativelink/heapAfterGc', { clearCaches }), 10_000);
      return { mb: r.heapUsed / 1024 / 1024, caches: r.caches ?? [] };
    } catch {
      return undefined;
    }
  }

  rssMb(): number | undefined {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${this.proc.pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  /** CPU time the server process has used (user + system), from /proc; undefined elsewhere. */
  cpuMs(): number | undefined {
    try {
      const fields = fs.readFileSync(`/proc/${this.proc.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in USER_HZ (100)
    } catch {
      return undefined;
    }
  }

  kill(): void {
    this.conn.dispose();
    this.proc.kill('SIGKILL');
  }

  async stop(): Promise<void> {
    try {
      await withTimeout(this.conn.sendRequest('shutdown'), 2000);
      void this.conn.sendNotification('exit');
    } catch {
      // a wedged server is killed below
    }
    this.kill();
  }
}

class Timeout extends Error {}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([p, new Promise<T>((_, reject) => (t = setTimeout(() => reject(new Timeout(`no answer in ${ms} ms`)), ms)))]).finally(() => clearTimeout(t));
}

/** A position anywhere in the text (sometimes past the end of a line or of the document). */
function position(r: Rng, text: string): { line: number; character: number } {
  if (r() < 0.1) return { line: int(r, 5), character: int(r, 5) };
  const pos = posAt(text, int(r, text.length + 1));
  if (r() < 0.05) pos.character += 1 + int(r, 100);
  if (r() < 0.02) pos.line += 1 + int(r, 3);
  return pos;
}

function params(kind: RequestKind, r: Rng, uri: string, text: string): unknown {
  const textDocument = { uri };
  switch (kind) {
    case 'codeAction': {
      const a = position(r, text);
      const b = r() < 0.5 ? a : position(r, text);
      const [start, end] = a.line < b.line || (a.line === b.line && a.character <= b.character) ? [a, b] : [b, a];
      return { textDocument, range: { start, end }, context: { diagnostics: [] } };
    }
    case 'documentSymbol':
      return { textDocument };
    case 'references':
      return { textDocument, position: position(r, text), context: { includeDeclaration: r() < 0.5 } };
    case 'rename':
      return { textDocument, position: position(r, text), newName: pick(r, ['NEW', 'a b', 'x"y', "q'z", '', '  ', 'otlp/2', '\ud800', 'k'.repeat(1000)]) };
    default:
      return { textDocument, position: position(r, text) };
  }
}

/** One edit: a random replacement, sometimes the whole text. */
function change(r: Rng, text: string, others: Seed[]): { text: string; change: unknown } {
  if (r() < 0.2) {
    const next = mutate(r, { name: '', family: 'yaml', text }, others).text;
    return { text: next, change: { text: next } };
  }
  const a = int(r, text.length + 1);
  const b = Math.min(text.length, a + int(r, 20));
  const insert = pick(r, ['', 'x', '\n', ': ', '- ', '{', '}', '"', '\n  ', '\r\n', 'stores', '*a', '#']);
  const doc = TextDocument.create('file:///p', 'x', 0, text);
  const range = { start: doc.positionAt(a), end: doc.positionAt(b) };
  // Applied with the server's own model, so a range inside "\r\n" means the same text on both sides.
  const next = TextDocument.update(doc, [{ range, text: insert }], 1).getText();
  return { text: next, change: { range, text: insert } };
}

/** LSP position of an offset, exactly as the server's text document model computes it. */
function posAt(text: string, offset: number): { line: number; character: number } {
  return TextDocument.create('file:///p', 'x', 0, text).positionAt(offset);
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function runFuzz(opts: FuzzOptions): Promise<FuzzReport> {
  const log = opts.log ?? (() => undefined);
  const slowMs = opts.slowMs ?? 1000;
  const hangMs = opts.hangMs ?? 30_000;
  const perDoc = opts.requestsPerDoc ?? 6;
  const rssEvery = opts.rssEvery ?? 200;
  const seeds = loadSeeds();
  if (!seeds.length) throw new Error('no seed documents found');
  const r = rng(opts.seed);
  const started = Date.now();
  const deadline = opts.seconds ? started + opts.seconds * 1000 : Infinity;
  const count = opts.count ?? (opts.seconds ? Infinity : 1000);
  const times: number[] = [];
  const cpuTimes: number[] = [];
  const failures: Failure[] = [];
  const mutations: Record<string, number> = {};
  const rss: { doc: number; mb: number }[] = [];
  const heap: { doc: number; mb: number }[] = [];
  const bareHeap: { doc: number; mb: number }[] = [];
  const clearEvery = opts.clearEvery ?? (Number.isFinite(count) ? Math.max(rssEvery, Math.round(count / 20 / rssEvery) * rssEvery) : 5000);
  if (clearEvery % rssEvery !== 0) throw new Error(`clearEvery (${clearEvery}) must be a multiple of rssEvery (${rssEvery}): checkpoints are taken with the samples`);
  let caches: CacheFill[] = [];
  let server = new Server();
  await server.start();
  let documents = 0;

  const save = (f: Failure, input: { text: string; languageId: string; uri: string; params?: unknown }): void => {
    failures.push(f);
    if (!opts.outDir || failures.filter((x) => x.kind === f.kind).length > 50) return;
    fs.mkdirSync(opts.outDir, { recursive: true });
    f.file = path.join(opts.outDir, `seed${opts.seed}-doc${f.doc}-${f.kind}-${f.request}.json`);
    fs.writeFileSync(f.file, JSON.stringify({ ...f, ...input }, null, 1));
  };
  const restart = async (): Promise<void> => {
    server.kill();
    server = new Server();
    await server.start();
  };

  while (documents < count && Date.now() < deadline && !opts.stop?.()) {
    const doc = documents++;
    const seed = pick(r, seeds);
    const m = mutate(r, seed, seeds);
    for (const a of m.applied) mutations[a] = (mutations[a] ?? 0) + 1;
    let text = m.text;
    const uri = `file:///fuzz/${doc}/${pick(r, NAMES[seed.family])}`;
    const languageId = r() < 0.05 ? pick(r, ['json5', 'yaml']) : pick(r, LANGS[seed.family]);
    const input = () => ({ text, languageId, uri });

    /** Sends one request (or notification + diagnostics wait); false when the server had to be restarted. */
    const timed = async (name: string, send: () => Promise<unknown>, params?: unknown): Promise<boolean> => {
      const errorsBefore = server.errors.length;
      const cpu0 = server.cpuMs();
      const t0 = performance.now();
      try {
        await withTimeout(send(), hangMs);
      } catch (err) {
        if (err instanceof Timeout || server.exited) {
          const kind = server.exited ? 'crash' : 'hang';
          save({ kind, doc, request: name, detail: server.exited ?? String(err) }, { ...input(), params });
          log(`doc ${doc}: ${kind} on ${name} (${m.applied.join(', ')})`);
          await restart();
          return false;
        }
        // A ResponseError (e.g. rename onto an existing name) is an answer.
      }
      const ms = performance.now() - t0;
      times.push(ms);
      // On a shared machine wall time says more about the neighbours than about us: the server's own CPU
      // time decides what is slow where /proc has it.
      const cpu1 = server.cpuMs();
      const cpu = cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : undefined;
      if (cpu !== undefined) cpuTimes.push(cpu);
      // Slow = the user waited (wall) and it was our work (server CPU): the smaller of the two. Wall alone counts the
      // neighbours on a shared machine; process CPU alone counts V8's parallel GC threads, so it can exceed wall time.
      if (Math.min(ms, cpu ?? ms) > slowMs) save({ kind: 'slow', doc, request: name, ms, detail: `${ms.toFixed(0)} ms wall, ${cpu ?? '?'} ms server CPU (${m.applied.join(', ')})` }, { ...input(), params });
      if (server.errors.length > errorsBefore) {
        save({ kind: 'handler-error', doc, request: name, detail: server.errors.slice(errorsBefore).join('\n').slice(0, 4000) }, { ...input(), params });
      }
      return true;
    };

    let version = 1;
    if (!(await timed('didOpen', () => {
      const d = server.diagnostics(uri, version);
      void server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
      return d;
    }))) continue;
    let alive = true;
    for (let i = 0; i < perDoc && alive; i++) {
      if (r() < 0.25) {
        const c = change(r, text, seeds);
        text = c.text;
        const v = ++version;
        alive = await timed('didChange', () => {
          const d = server.diagnostics(uri, v);
          void server.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [c.change] });
          return d;
        });
        continue;
      }
      const kind = pick(r, REQUESTS);
      const p = params(kind, r, uri, text);
      alive = await timed(kind, () => server.conn.sendRequest(`textDocument/${kind}`, p), p);
    }
    if (alive) void server.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    if (doc % rssEvery === 0) {
      const mb = server.rssMb();
      if (mb !== undefined) rss.push({ doc, mb });
      const live = await server.heapMb();
      if (live !== undefined) {
        heap.push({ doc, mb: live.mb });
        caches = live.caches;
      }
      const bare = doc % clearEvery === 0 ? await server.heapMb(true) : undefined;
      if (bare) bareHeap.push({ doc, mb: bare.mb });
      log(
        `doc ${doc}: ${times.length} requests, rss ${mb?.toFixed(0) ?? '?'} MB, heap after GC ${live?.mb.toFixed(1) ?? '?'} MB` +
          `${bare ? ` (${bare.mb.toFixed(1)} MB with caches emptied)` : ''}, ${failures.length} failures; ${describeCaches(caches)}`,
      );
    }
  }
  const mb = server.rssMb();
  if (mb !== undefined) rss.push({ doc: documents, mb });
  await server.stop();
  const sorted = [...times].sort((a, b) => a - b);
  const cpuSorted = [...cpuTimes].sort((a, b) => a - b);
  return {
    seed: opts.seed,
    documents,
    requests: times.length,
    seconds: (Date.now() - started) / 1000,
    crashes: failures.filter((f) => f.kind === 'crash').length,
    hangs: failures.filter((f) => f.kind === 'hang').length,
    handlerErrors: failures.filter((f) => f.kind === 'handler-error').length,
    slow: failures.filter((f) => f.kind === 'slow').length,
    maxMs: sorted[sorted.length - 1] ?? 0,
    p99Ms: percentile(sorted, 99),
    p50Ms: percentile(sorted, 50),
    cpuMaxMs: cpuSorted[cpuSorted.length - 1] ?? 0,
    cpuP99Ms: percentile(cpuSorted, 99),
    rss,
    rssGrowthMb: rssGrowth(rss),
    heap,
    heapGrowthMb: rssGrowth(heap),
    caches,
    bareHeap,
    bareHeapGrowthMb: rssGrowth(bareHeap),
    failures,
    mutations,
  };
}

/** `yaml pieces 15,000/20,000 (0.9/1.0 M chars, full ×3)` per cache, for the log. */
export function describeCaches(caches: CacheFill[]): string {
  if (!caches.length) return 'caches: not reported';
  const n = (x: number): string => x.toLocaleString('en-US');
  const m = (x: number): string => (x / 1024 / 1024).toFixed(2);
  return caches
    .map((c) => `${c.name} ${n(c.entries)}/${n(c.maxEntries)}${c.maxChars ? ` (${m(c.chars ?? 0)}/${m(c.maxChars)} M chars)` : ''}${c.evictions ? ` full ×${n(c.evictions)}` : ''}`)
    .join(', ');
}

/**
 * Growth of the server's resident memory: median of the last quarter of samples minus the median of the
 * second quarter (the first is warm-up: JIT, caches filling). Needs 8 samples; 0 otherwise.
 */
export function rssGrowth(samples: { mb: number }[]): number {
  if (samples.length < 8) return 0;
  const q = Math.floor(samples.length / 4);
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return med(samples.slice(-q).map((s) => s.mb)) - med(samples.slice(q, 2 * q).map((s) => s.mb));
}
