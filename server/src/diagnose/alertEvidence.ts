/**
 * One problem, one finding: a finding that only supports another check's finding (an alert that would fire on
 * the same condition) becomes evidence of that finding instead of repeating it.
 */
import type { Finding } from './types';

export function attachAlertEvidence(findings: readonly Finding[]): Finding[] {
  const byCheck = new Map<string, Finding>();
  for (const f of findings) if (!f.evidenceOf && f.check && !byCheck.has(f.check)) byCheck.set(f.check, f);
  const out: Finding[] = [];
  const merged = new Map<Finding, Finding>();
  for (const f of findings) {
    const target = f.evidenceOf ? byCheck.get(f.evidenceOf) : undefined;
    if (!target) {
      out.push(merged.get(f) ?? f);
      continue;
    }
    let copy = merged.get(target);
    if (!copy) {
      copy = { ...target, evidence: [...target.evidence] };
      merged.set(target, copy);
      const i = out.indexOf(target);
      if (i >= 0) out[i] = copy;
    }
    // The alert's own evidence lines, with its title as the observed value so the report says which alert it is.
    const [first, ...rest] = f.evidence;
    if (first) copy.evidence.push({ ...first, value: `${f.title}: ${first.value}` });
    else copy.evidence.push({ kind: 'promql', value: f.title });
    copy.evidence.push(...rest);
  }
  return out;
}
