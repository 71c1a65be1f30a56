/**
 * Renders the model as OpenMetrics text for `promtool tsdb create-blocks-from openmetrics` (history) and as
 * Prometheus text format for a live scrape endpoint.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { ClusterModel, STEP_S, type Family, type Sample } from './model';

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

/**
 * OpenMetrics history: families contiguous, each series' samples in time order, ends with `# EOF`. `extra`
 * families (the collector's own metrics) are sampled over the whole window, whether NativeLink is alive or not.
 */
export function renderOpenMetricsHistory(model: ClusterModel, extra: Family[] = []): string {
  const out: string[] = [];
  const startS = model.startMs / 1000;
  const endS = model.endMs / 1000;
  const all: number[] = [];
  for (let t = startS; t <= endS + 1e-9; t += STEP_S) all.push(t);
  const alive = all.filter((t) => model.alive(t));
  for (const [fam, times] of [...model.families().map((f) => [f, alive] as const), ...extra.map((f) => [f, all] as const)]) {
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

/**
 * The same OpenMetrics history written straight to `file` in chunks, for scaled clusters whose history does not
 * fit in one string: base samples are computed once per time step and spread over their series (model.expand).
 * Returns the number of series and samples written.
 */
export function writeOpenMetricsHistory(model: ClusterModel, file: string): { series: number; samples: number; bytes: number } {
  const fd = openSync(file, 'w');
  let buf: string[] = [];
  let bufLen = 0;
  let bytes = 0;
  const put = (line: string) => {
    buf.push(line);
    bufLen += line.length + 1;
    if (bufLen > 1 << 20) flush();
  };
  const flush = () => {
    if (!buf.length) return;
    const chunk = `${buf.join('\n')}\n`;
    bytes += writeSync(fd, chunk);
    buf = [];
    bufLen = 0;
  };
  let series = 0;
  let samples = 0;
  try {
    const startS = model.startMs / 1000;
    const endS = model.endMs / 1000;
    const times: number[] = [];
    const every = model.scale?.scrapeIntervalS ?? STEP_S;
    for (let t = startS; t <= endS + 1e-9; t += STEP_S) if (model.alive(t) && Math.round(endS - t) % every === 0) times.push(t);
    for (const fam of model.baseFamilies()) {
      const meta = fam.type === 'counter' ? fam.name.replace(/_total$/, '') : fam.name;
      put(`# HELP ${meta} ${fam.help}`);
      put(`# TYPE ${meta} ${fam.type === 'info' ? 'gauge' : fam.type}`);
      const base = new Map<string, { s: Sample; values: Array<number | undefined> }>();
      times.forEach((t, i) => {
        for (const s of fam.samples(t)) {
          const k = seriesKey(s);
          let e = base.get(k);
          if (!e) base.set(k, (e = { s, values: new Array(times.length) }));
          e.values[i] = s.value;
        }
      });
      for (const { s, values } of base.values()) {
        for (const m of model.expand(fam, s)) {
          const key = s.name + fmtLabels(m.labels);
          series++;
          for (let i = 0; i < times.length; i++) {
            const v = values[i];
            if (v === undefined) continue;
            put(`${key} ${fmtValue(model.share(fam, s.name, v, m.w))} ${times[i]}`);
            samples++;
          }
        }
      }
    }
    put('# EOF');
    flush();
  } finally {
    closeSync(fd);
  }
  return { series, samples, bytes };
}
