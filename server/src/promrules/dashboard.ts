/**
 * Grafana dashboard JSON: the PromQL of every Prometheus target (`panels[].targets[].expr`, rows' nested
 * `panels`, and the legacy `rows[].panels`). Only PromQL is checked; the dashboard schema is Grafana's business.
 */
import { valueOf, type ASTNode } from '../parser/ast';
import type { Finding } from '../service/rules';
import { checkExprNode } from './exprNode';

/** A Grafana dashboard: a top-level `panels` (or legacy `rows`) list next to dashboard keys. */
export function isDashboard(root: ASTNode | undefined): boolean {
  if (root?.type !== 'object') return false;
  const panels = valueOf(root, 'panels') ?? valueOf(root, 'rows');
  return panels?.type === 'array' && !!(valueOf(root, 'schemaVersion') ?? valueOf(root, 'title') ?? valueOf(root, 'uid'));
}

export interface DashboardTarget {
  panel: string;
  expr: ASTNode;
}

export function dashboardTargets(root: ASTNode): DashboardTarget[] {
  const out: DashboardTarget[] = [];
  const walk = (panels: ASTNode | undefined, inherited: string | undefined) => {
    for (const p of panels?.type === 'array' ? panels.children ?? [] : []) {
      if (p.type !== 'object') continue;
      const ds = datasourceType(valueOf(p, 'datasource')) ?? inherited;
      const title = String(valueOf(p, 'title')?.value ?? '');
      for (const t of valueOf(p, 'targets')?.children ?? []) {
        const expr = valueOf(t, 'expr');
        const tds = datasourceType(valueOf(t, 'datasource')) ?? ds;
        if (expr?.type === 'string' && (!tds || tds === 'prometheus')) out.push({ panel: title, expr });
      }
      walk(valueOf(p, 'panels'), ds);
    }
  };
  walk(valueOf(root, 'panels'), undefined);
  for (const row of valueOf(root, 'rows')?.children ?? []) walk(valueOf(row, 'panels'), undefined);
  return out;
}

/** `{type, uid}` objects name the plugin; a plain string is a data source name we cannot resolve. */
function datasourceType(ds: ASTNode | undefined): string | undefined {
  const t = ds?.type === 'object' ? valueOf(ds, 'type')?.value : undefined;
  return typeof t === 'string' && !t.startsWith('$') ? t : undefined;
}

export function checkDashboard(text: string, root: ASTNode, report: (f: Finding) => void): void {
  for (const t of dashboardTargets(root)) {
    if (typeof t.expr.value === 'string' && t.expr.value.trim()) checkExprNode(text, t.expr, 'json5', { grafana: true }, report);
  }
}
