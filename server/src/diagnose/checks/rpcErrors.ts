/** High Error Rate as clients see it: gRPC calls that failed on the server, per service, method and status code. */
import { sectionDocs } from '../guide';
import type { DiagnoseCheck } from '../types';
import { labelOf, lv, num } from '../util';
import { RPC_UPSTREAM, SERVER_ERROR_CODES } from '../../cluster/checks/rpcErrorRate';
import { instrumentFinding } from './instrumentFinding';

const SECTION = 'High Error Rate';
/** Names of the server-side codes counted as errors. */
const CODE_NAMES: Record<string, string> = { '2': 'UNKNOWN', '4': 'DEADLINE_EXCEEDED', '8': 'RESOURCE_EXHAUSTED', '13': 'INTERNAL', '14': 'UNAVAILABLE', '15': 'DATA_LOSS' };

export const rpcErrors: DiagnoseCheck = {
  id: 'rpc-errors',
  section: SECTION,
  title: 'gRPC calls succeed on the server',
  docs: sectionDocs(SECTION),
  upstream: RPC_UPSTREAM,
  run: (ctx) =>
    instrumentFinding(ctx, {
      id: 'rpc-errors',
      section: SECTION,
      health: 'rpc-error-rate',
      title: (r) => `gRPC server errors (${r.display})`,
      summary: () => 'Clients (Bazel, Buck2, workers) get server-side error statuses from NativeLink. Builds retry or fail on them even when every execution that ran succeeded.',
      breakdown(names, c) {
        const sel = c.sel(names, 'rpcServerDuration', { rpc_grpc_status_code: ['=~', SERVER_ERROR_CODES] }, 'count');
        if (!sel) return undefined;
        const [s, m, code] = [labelOf(names, 'rpc_service'), labelOf(names, 'rpc_method'), labelOf(names, 'rpc_grpc_status_code')];
        return {
          query: `sort_desc(sum by (${s.by}, ${m.by}, ${code.by}) (rate(${sel}[${c.t.rateWindow}])))`,
          row: (x) => `${lv(`${x.metric[s.key] ?? ''}/${x.metric[m.key] ?? ''}`)} ${CODE_NAMES[x.metric[code.key] ?? ''] ?? lv(x.metric[code.key])}: ${num(x.value, 3)}/s`,
        };
      },
      causes: [
        'UNAVAILABLE or DEADLINE_EXCEEDED on CAS/ByteStream: a backing store (Redis, S3, a remote gRPC store) is slow or down.',
        'RESOURCE_EXHAUSTED: a store or connection pool is full.',
        'INTERNAL or DATA_LOSS: a corrupted or missing blob in a store; NativeLink logs name the digest.',
      ],
      actions: [
        'Match the failing service and method above with the NativeLink logs of the same minutes.',
        'For store-backed services, check the backend (see "Backend connections" and the cache checks).',
      ],
    }),
};
