/** Low Cache Hit Rate in tiered stores: the fast tier's share of fast_slow reads, and bytes per tier. */
import { sectionDocs } from '../guide';
import type { DiagnoseCheck } from '../types';
import { labelOf, lv, num, promEv } from '../util';
import { TIER_UPSTREAM } from '../../cluster/checks/fastTierHitRate';
import { instrumentFinding } from './instrumentFinding';

const SECTION = 'Low Cache Hit Rate';

export const fastTier: DiagnoseCheck = {
  id: 'fast-tier',
  section: SECTION,
  title: 'The fast tier of fast_slow stores serves most reads',
  docs: sectionDocs(SECTION),
  upstream: TIER_UPSTREAM,
  run: (ctx) =>
    instrumentFinding(ctx, {
      id: 'fast-tier',
      section: SECTION,
      health: 'fast-tier-hit-rate',
      title: (r) => `Most fast_slow reads miss the fast tier (${r.display})`,
      summary: () => 'Reads fall through to the slow tier (usually a remote or disk store), so actions wait longer for inputs and the slow backend carries the load.',
      breakdown(names, c) {
        const sel = c.sel(names, 'storeTierOperations');
        if (!sel) return undefined;
        const [t, res] = [labelOf(names, 'store_tier'), labelOf(names, 'store_result')];
        return { query: `sum by (${t.by}, ${res.by}) (rate(${sel}[${c.t.rateWindow}]))`, row: (x) => `${lv(x.metric[t.key])} ${lv(x.metric[res.key])}: ${num(x.value, 1)}/s` };
      },
      async more(c) {
        const names = await c.names();
        const io = c.sel(names, 'storeTierIo');
        if (!io) return {};
        const t = labelOf(names, 'store_tier');
        const q = `sum by (${t.by}) (rate(${io}[${c.t.rateWindow}]))`;
        const rows = (await c.vector(q)).filter((x) => Number.isFinite(x.value));
        return rows.length ? { evidence: [promEv(q, rows.map((x) => `${lv(x.metric[t.key])}: ${num(x.value / 1048576, 1)} MiB/s`).join(', '), c.t.rateWindow)] } : {};
      },
      causes: [
        'The fast tier is too small for the working set: blobs are evicted before they are read again (see Cache evictions).',
        '"stale" results: the fast store listed a blob whose file was gone (files removed underneath a filesystem store), so the slow tier answered.',
        'A fresh process or a recently emptied fast tier (warms up over the next builds).',
      ],
      actions: [
        'Raise eviction_policy.max_bytes of the fast store, or give it a larger disk.',
        'Check that workers share a fast tier close to them rather than each filling its own.',
      ],
    }),
};
