import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis, ConfigLanguageService } from './service/languageService';
import type { Settings } from './service/settings';

/**
 * Time budgets that keep the server answering (issue 10: a server stuck in one document must not take
 * every other file's features with it, and the client only restarts a server that exits).
 *  - An analysis runs as steps (parse, schema, each rule) and yields to the event loop between two steps once
 *    it has run YIELD_AFTER_MS since the last yield, so requests for other documents are served meanwhile; a
 *    newer version of the document drops the run. (Not after every step: on a loaded machine each of fifty
 *    yields can wait behind other work, which added up to more than the analysis of a 5,000-line config.)
 *  - An analysis whose steps take more than ANALYSIS_BUDGET_MS stops: the document gets its syntax errors
 *    and a notice instead (cached, so the next request does not start over).
 *  - A request waits at most REQUEST_BUDGET_MS in all; past it, it answers empty and the log says which
 *    kind of request on what size and shape of document (never its text).
 * One step cannot be interrupted (JavaScript has no preemption); the client's ping watchdog covers a step
 * that never ends.
 */
export const REQUEST_BUDGET_MS = 1000;
export const ANALYSIS_BUDGET_MS = 4000;
export const YIELD_AFTER_MS = 8;

/** Test-only: NATIVELINK_TEST_SLOW_ANALYSIS_MS makes analysis of a document containing SLOW_MARKER that slow, in 20 ms steps. */
export const SLOW_MARKER = 'nativelink-test-slow-analysis';
const slowTestMs = Number(process.env.NATIVELINK_TEST_SLOW_ANALYSIS_MS ?? 0);

export class AnalysisRunner {
  private readonly inflight = new Map<string, { version: number; settings: Settings; promise: Promise<Analysis | undefined> }>();

  constructor(
    private readonly service: ConfigLanguageService,
    /** The document's current version, or undefined once closed: a run for another version is stale. */
    private readonly currentVersion: (uri: string) => number | undefined,
    private readonly log: (message: string) => void,
  ) {}

  /** The analysis of this version, shared by validation and every request that arrives while it runs. */
  get(doc: TextDocument, settings: Settings): Promise<Analysis | undefined> {
    const f = this.inflight.get(doc.uri);
    if (f && f.version === doc.version && f.settings === settings) return f.promise;
    const promise = this.run(doc, settings).finally(() => {
      if (this.inflight.get(doc.uri)?.promise === promise) this.inflight.delete(doc.uri);
    });
    this.inflight.set(doc.uri, { version: doc.version, settings, promise });
    return promise;
  }

  private async run(doc: TextDocument, settings: Settings): Promise<Analysis | undefined> {
    const steps = this.service.analyzeSteps(doc, settings);
    let spent = 0;
    let sinceYield = 0;
    let slowSteps = slowTestMs > 0 && doc.getText().includes(SLOW_MARKER) ? Math.ceil(slowTestMs / 20) : 0;
    for (;;) {
      const t0 = performance.now();
      if (slowSteps > 0) {
        slowSteps--;
        while (performance.now() - t0 < 20) {
          // busy, like a slow rule
        }
      } else {
        const r = steps.next();
        if (r.done) return r.value;
      }
      const ms = performance.now() - t0;
      spent += ms;
      sinceYield += ms;
      if (spent > ANALYSIS_BUDGET_MS) {
        steps.return(undefined);
        this.log(`analysis stopped after ${spent.toFixed(0)} ms (budget ${ANALYSIS_BUDGET_MS} ms) on ${shape(doc)}; only syntax is checked`);
        return this.service.syntaxOnly(
          doc,
          settings,
          `Checking this file took longer than ${ANALYSIS_BUDGET_MS / 1000} s, so only its syntax is checked in this version. Please report the file's shape (not its content) if it is an ordinary config.`,
        );
      }
      if (sinceYield < YIELD_AFTER_MS) continue;
      sinceYield = 0;
      await new Promise((resolve) => setImmediate(resolve));
      if (this.currentVersion(doc.uri) !== doc.version) {
        steps.return(undefined);
        return undefined;
      }
    }
  }
}

/** Size and shape of a document for the log: never its text. */
export function shape(doc: TextDocument): string {
  const text = doc.getText();
  let lines = 1;
  let longest = 0;
  let lineStart = 0;
  let depth = 0;
  let maxDepth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      lines++;
      longest = Math.max(longest, i - lineStart);
      lineStart = i + 1;
    } else if (c === 123 || c === 91) maxDepth = Math.max(maxDepth, ++depth);
    else if (c === 125 || c === 93) depth = Math.max(0, depth - 1);
  }
  longest = Math.max(longest, text.length - lineStart);
  return `a ${doc.languageId} document of ${text.length} characters, ${lines} lines, longest line ${longest}, bracket depth ${maxDepth}`;
}

/** `promise`, or `timedOut` once `ms` have passed. */
export function within<T, U>(promise: Promise<T>, ms: number, timedOut: U): Promise<T | U> {
  let t: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<U>((resolve) => (t = setTimeout(() => resolve(timedOut), ms)))]).finally(() => clearTimeout(t));
}
