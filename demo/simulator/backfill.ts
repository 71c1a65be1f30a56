/**
 * Renders the model as OpenMetrics text for `promtool tsdb create-blocks-from openmetrics` (history) and as
 * Prometheus text format for a live scrape endpoint.
 */
import { ClusterModel, STEP_S, type Sample } from './model';

function fmtLabels(labels: Record<string, string>): string {
  const keys = Object.keys(labels).sort();
  if (!keys.length) return '';
  return `{${keys.map((k) => `${k}="${labels[k].replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join(',')}}`;
}

function fmtValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function seriesKey(s: Sample): string {
  return s.name + fmtLabels(s.labels);
}

/** OpenMetrics history: families contiguous, each series' samples in time order, ends with `# EOF`. */
export function renderOpenMetricsHistory(model: ClusterModel): string {
  const out: string[] = [];
  const startS = model.startMs / 1000;
  const endS = model.endMs / 1000;
  const times: number[] = [];
  for (let t = startS; t <= endS + 1e-9; t += STEP_S) if (model.alive(t)) times.push(t);
  for (const fam of model.families()) {
    const meta = fam.type === 'counter' ? fam.name.replace(/_total$/, '') : fam.name;
    out.push(`# HELP ${meta} ${fam.help}`);
    out.push(`# TYPE ${meta} ${fam.type === 'info' ? 'gauge' : fam.type}`);
    const bySeries = new Map<string, string[]>();
    for (const t of times) {
      for (const s of fam.samples(t)) {
        const k = seriesKey(s);
        let arr = bySeries.get(k);
        if (!arr) {
          arr = [];
          bySeries.set(k, arr);
        }
        arr.push(`${k} ${fmtValue(s.value)} ${t}`);
      }
    }
    for (const lines of bySeries.values()) out.push(...lines);
  }
  out.push('# EOF');
  return `${out.join('\n')}\n`;
}

/** Prometheus text exposition (0.0.4) for time t: what the collector's /metrics would serve. */
export function renderExposition(model: ClusterModel, tMs: number, opts: { nativeJobLabels?: boolean } = {}): string {
  const t = tMs / 1000;
  if (!model.alive(t)) return '';
  const out: string[] = [];
  for (const fam of model.families()) {
    if (fam.name === 'up') continue;
    const typ = fam.type === 'info' || fam.type === 'unknown' ? (fam.type === 'info' ? 'gauge' : 'untyped') : fam.type;
    const typeName = fam.name;
    out.push(`# HELP ${typeName} ${fam.help}`);
    out.push(`# TYPE ${typeName} ${typ}`);
    for (const s of fam.samples(t)) {
      const labels = { ...s.labels };
      // The collector serves NativeLink's own job/instance; Prometheus renames them to exported_* on scrape.
      if (opts.nativeJobLabels !== false) {
        labels.job = labels.exported_job;
        labels.instance = labels.exported_instance;
        delete labels.exported_job;
        delete labels.exported_instance;
      }
      out.push(`${s.name}${fmtLabels(labels)} ${fmtValue(s.value)}`);
    }
  }
  return `${out.join('\n')}\n`;
}
