/**
 * The shape the v1.6.6-instrument checks share: take the health-model verdict (skipped when not measurable, passed
 * when ok), add a trend and a per-label breakdown as evidence, and state causes and actions.
 */
import type { CheckId, CheckResult, ResolvedNames } from '../../cluster/types';
import type { CheckEnv, CheckOutcome, ConfigRef, Evidence, Severity } from '../types';
import { finding, healthEv, healthProblem, promEv } from '../util';

export interface Breakdown {
  query: string;
  /** One row of the answer as text (label values through `lv`). */
  row(s: { metric: Record<string, string>; value: number }): string;
}

export interface InstrumentFindingSpec {
  id: string;
  section: string;
  health: CheckId;
  title(r: CheckResult): string;
  summary(r: CheckResult): string;
  causes: string[] | ((r: CheckResult) => string[]);
  actions: string[] | ((r: CheckResult) => string[]);
  breakdown?(names: ResolvedNames, ctx: CheckEnv): Breakdown | undefined;
  /** Further evidence or causes from the open config. */
  more?(ctx: CheckEnv, r: CheckResult): Promise<{ evidence?: Evidence[]; causes?: string[]; config?: ConfigRef; severity?: Severity }>;
  /** Verdict when the health check is ok (e.g. judged against the open config); default passed. */
  whenOk?(ctx: CheckEnv, r: CheckResult): Promise<CheckOutcome | undefined>;
}

export async function instrumentFinding(ctx: CheckEnv, spec: InstrumentFindingSpec): Promise<CheckOutcome> {
  const p = await healthProblem(ctx, spec.health);
  if ('outcome' in p) {
    if (p.outcome !== 'passed' || !spec.whenOk) return p.outcome;
    return (await spec.whenOk(ctx, await ctx.health(spec.health))) ?? 'passed';
  }
  const { r, sev } = p;
  const w = ctx.t.rateWindow;
  const evidence: Evidence[] = [healthEv(r, w, await ctx.trend(r.promql, 3600, 30).catch(() => []))];
  const names = await ctx.names();
  const b = spec.breakdown?.(names, ctx);
  if (b) {
    const rows = (await ctx.vector(b.query).catch(() => [])).filter((x) => Number.isFinite(x.value));
    if (rows.length) evidence.push(promEv(b.query, rows.slice(0, 5).map(b.row).join(', '), w));
  }
  const more = (await spec.more?.(ctx, r).catch(() => undefined)) ?? {};
  const list = (x: string[] | ((r: CheckResult) => string[])) => (typeof x === 'function' ? x(r) : x);
  return [
    finding({
      id: spec.id,
      section: spec.section,
      severity: more.severity ?? sev,
      title: spec.title(r),
      summary: spec.summary(r),
      evidence: [...evidence, ...(more.evidence ?? [])],
      causes: [...(more.causes ?? []), ...list(spec.causes)],
      actions: list(spec.actions),
      ...(more.config ? { config: more.config } : {}),
    }),
  ];
}
