import type { Finding } from '../../../server/src/service/rules';

/** Findings as a comparable string: what the user sees of them (fixes included), located by offsets. */
export function canonFindings(findings: Finding[]): string {
  return JSON.stringify(
    findings.map((f) => ({
      code: f.code,
      severity: f.severity,
      message: f.message,
      at: f.node ? [f.node.offset, f.node.length] : [f.range?.offset, f.range?.length],
      docs: f.docs,
      fixes: f.fixes,
      tags: f.tags,
    })),
  );
}
