/** Report renderers: Markdown (escaped), plain text, and the command line's JSON shape. */
import { HELP_LINKS } from './guide';
import type { DiagnosisReport, Evidence, Finding, Severity } from './types';

const ORDER: Severity[] = ['critical', 'warning', 'info'];
const HEADINGS: Record<Severity, string> = { critical: 'Critical', warning: 'Warnings', info: 'Information' };

/** Remove control characters (ANSI escapes included) except newlines. */
function clean(s: string): string {
  return String(s).replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ' ');
}

/** Escape text for Markdown: no markup, links, HTML or line structure can leak from metric or label values. */
export function escapeMarkdown(s: string): string {
  return clean(s)
    .replace(/\r?\n/g, ' ')
    .replace(/[\\`*_{}[\]()#+\-.!|~<>&"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : `\\${c}`));
}

/** Inline code span that survives any backticks in the content. */
export function codeSpan(s: string): string {
  const text = clean(s).replace(/\r?\n/g, ' ');
  const runs = text.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text.startsWith(' ') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function safeUrl(u: string): string {
  return encodeURI(decodeURI(clean(u))).replace(/\(/g, '%28').replace(/\)/g, '%29');
}

const SPARKS = '▁▂▃▄▅▆▇█';

/** Unicode sparkline of a series' values. */
export function sparkline(points: Array<[number, number]>): string {
  const vals = points.map(([, v]) => v).filter((v) => Number.isFinite(v));
  if (vals.length < 2) return '';
  const lo = Math.min(...vals);
  const hi = Math.max(...vals);
  return vals.map((v) => SPARKS[hi === lo ? 0 : Math.min(7, Math.floor(((v - lo) / (hi - lo)) * 8))]).join('');
}

function fmtRange(points: Array<[number, number]>): string {
  const vals = points.map(([, v]) => v).filter((v) => Number.isFinite(v));
  if (!vals.length) return '';
  const f = (x: number) => (Math.abs(x) >= 100 ? Math.round(x).toString() : Number(x.toPrecision(3)).toString());
  return `min ${f(Math.min(...vals))}, max ${f(Math.max(...vals))}`;
}

function evidenceMd(e: Evidence): string {
  const what = e.kind === 'promql' ? `${codeSpan(e.query ?? '')}` : `GET ${codeSpan(e.url ?? '')}`;
  let line = `- ${what} → ${escapeMarkdown(e.value)}${e.window ? ` (${escapeMarkdown(e.window)})` : ''}`;
  for (const s of e.series ?? []) {
    const sp = sparkline(s.points);
    if (sp) line += `\n  - trend: ${sp} (${escapeMarkdown(fmtRange(s.points))})`;
  }
  return line;
}

function findingMd(f: Finding): string {
  const out: string[] = [`### ${escapeMarkdown(f.title)}`, '', escapeMarkdown(f.summary), ''];
  if (f.evidence.length) out.push('**Evidence**', '', ...f.evidence.map(evidenceMd), '');
  if (f.causes.length) out.push('**Likely causes**', '', ...f.causes.map((c) => `- ${escapeMarkdown(c)}`), '');
  if (f.actions.length) out.push('**What to do**', '', ...f.actions.map((c) => `- ${escapeMarkdown(c)}`), '');
  if (f.config) {
    out.push(`**Config:** ${codeSpan(f.config.key)} in the ${f.config.kind === 'nativelink' ? 'NativeLink' : 'collector'} config${f.config.suggested !== undefined ? ` (suggested: ${codeSpan(String(f.config.suggested))})` : ''}`, '');
  }
  out.push(`Guide: [${escapeMarkdown(f.section ?? 'troubleshooting')}](${safeUrl(f.docs)}) · id ${codeSpan(f.id)}`, '');
  return out.join('\n');
}

export function renderMarkdown(report: DiagnosisReport): string {
  const c = report.counts;
  const lines: string[] = [
    '# NativeLink cluster diagnosis',
    '',
    `Prometheus ${codeSpan(report.prometheus)}${report.prometheusVersion ? ` (version ${escapeMarkdown(report.prometheusVersion)})` : ''} · evaluated at ${new Date(report.evaluatedAt).toISOString()} · took ${(report.durationMs / 1000).toFixed(1)} s`,
    '',
    `**${c.critical} critical, ${c.warning} warning${c.warning === 1 ? '' : 's'}, ${c.info} info** · ${report.passed.length} checks passed · ${report.skipped.length} skipped`,
    '',
  ];
  if (!report.findings.length) lines.push('No problems found.', '');
  for (const sev of ORDER) {
    const fs = report.findings.filter((f) => f.severity === sev);
    if (!fs.length) continue;
    lines.push(`## ${HEADINGS[sev]}`, '');
    for (const f of fs) lines.push(findingMd(f));
  }
  const byId = new Map(report.checks.map((r) => [r.id, r]));
  if (report.passed.length) {
    lines.push('## Passed', '');
    for (const id of report.passed) lines.push(`- ${escapeMarkdown(byId.get(id)?.title ?? id)} (${codeSpan(id)})`);
    lines.push('');
  }
  if (report.skipped.length) {
    lines.push('## Not checked', '');
    for (const s of report.skipped) lines.push(`- ${escapeMarkdown(byId.get(s.id)?.title ?? s.id)} (${codeSpan(s.id)}): ${escapeMarkdown(s.reason)}`);
    lines.push('');
  }
  lines.push('## Getting help', '');
  for (const h of HELP_LINKS) lines.push(`- [${escapeMarkdown(h.title)}](${safeUrl(h.url)})`);
  lines.push('');
  return lines.join('\n');
}

function wrap(text: string, indent: string, width = 100): string {
  const words = clean(text).replace(/\s*\n\s*/g, ' ').split(/ +/);
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    if (cur && indent.length + cur.length + 1 + w.length > width) {
      lines.push(indent + cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push(indent + cur);
  return lines.join('\n');
}

export function renderText(report: DiagnosisReport): string {
  const c = report.counts;
  const out: string[] = [
    `NativeLink cluster diagnosis — Prometheus ${clean(report.prometheus)}${report.prometheusVersion ? ` (${clean(report.prometheusVersion)})` : ''}`,
    `evaluated at ${new Date(report.evaluatedAt).toISOString()}, took ${(report.durationMs / 1000).toFixed(1)} s`,
    `${c.critical} critical, ${c.warning} warning(s), ${c.info} info; ${report.passed.length} checks passed, ${report.skipped.length} skipped`,
    '',
  ];
  if (!report.findings.length) out.push('No problems found.', '');
  for (const sev of ORDER) {
    const fs = report.findings.filter((f) => f.severity === sev);
    if (!fs.length) continue;
    out.push(`${HEADINGS[sev].toUpperCase()}`, '');
    for (const f of fs) {
      out.push(`  [${sev}] ${clean(f.title)}  (${clean(f.id)})`);
      out.push(wrap(f.summary, '    '));
      for (const e of f.evidence) {
        out.push(`    evidence: ${e.kind === 'promql' ? clean(e.query ?? '') : `GET ${clean(e.url ?? '')}`}`);
        out.push(`      = ${clean(e.value)}${e.window ? ` (${clean(e.window)})` : ''}`);
        for (const s of e.series ?? []) {
          const sp = sparkline(s.points);
          if (sp) out.push(`      trend: ${sp} (${fmtRange(s.points)})`);
        }
      }
      if (f.causes.length) {
        out.push('    likely causes:');
        for (const x of f.causes) out.push(wrap(`- ${x}`, '      '));
      }
      if (f.actions.length) {
        out.push('    what to do:');
        for (const x of f.actions) out.push(wrap(`- ${x}`, '      '));
      }
      if (f.config) out.push(`    config: ${clean(f.config.key)} (${f.config.kind})${f.config.suggested !== undefined ? ` → suggested ${clean(String(f.config.suggested))}` : ''}`);
      out.push(`    guide: ${f.docs}`, '');
    }
  }
  if (report.passed.length) out.push(`passed: ${report.passed.join(', ')}`);
  for (const s of report.skipped) out.push(`not checked: ${s.id} — ${clean(s.reason)}`);
  out.push('', `help: ${HELP_LINKS.map((h) => h.url).join('  ')}`, '');
  return out.join('\n');
}

export interface DiagnosisJson {
  prometheus: string;
  findings: Array<{ id: string; severity: Severity; title: string; summary: string; evidence: Evidence[]; docs: string }>;
  passed: string[];
  /** Checks that could not run, with why: a JSON consumer must not read their absence as "fine". */
  skipped: Array<{ id: string; reason: string }>;
}

/** The command line's `--format json` document. */
export function toJson(report: DiagnosisReport): DiagnosisJson {
  return {
    prometheus: report.prometheus,
    findings: report.findings.map((f) => ({
      id: f.id,
      severity: f.severity,
      title: f.title,
      summary: f.summary,
      evidence: f.evidence.map((e) => {
        const r: Record<string, unknown> = { kind: e.kind };
        if (e.query !== undefined) r.query = e.query;
        if (e.url !== undefined) r.url = e.url;
        r.value = e.value;
        if (e.window !== undefined) r.window = e.window;
        if (e.series?.length) r.series = e.series;
        return r as unknown as Evidence;
      }),
      docs: f.docs,
    })),
    passed: [...report.passed],
    skipped: report.skipped.map((x) => ({ id: x.id, reason: x.reason })),
  };
}

/**
 * Exit code for a report: 2 when any critical, 1 when any warning, and 1 too when nothing could be checked at all
 * (every check skipped): missing data is never "healthy". Else 0.
 */
export function exitCodeFor(report: DiagnosisReport): number {
  if (report.counts.critical > 0) return 2;
  if (report.counts.warning > 0) return 1;
  if (report.passed.length === 0 && report.findings.length === 0 && report.skipped.length > 0) return 1;
  return 0;
}
