/**
 * `nativelink-check config --prometheus URL FILE...`: the offline checks, then every rule of every rule file
 * evaluated against that Prometheus (does it return series now; can it ever fire there). Connection options are
 * the cluster command's (secrets only from environment variables).
 */
import { readFileSync } from 'node:fs';
import { PrometheusClient } from '../cluster/prometheus';
import { parseYaml } from '../parser/yaml';
import { ruleGroupsNode } from '../promrules/engine';
import { exprSource } from '../promrules/exprNode';
import { ruleEntries } from '../promrules/ruleGroups';
import { clusterNames, liveCheck } from '../promrules/live';
import { checkUrl, connectionFromArgs, one, parseArgs, redactedIo, UsageError } from './cluster';
import { runConfigCommand, type CliIO } from './config';

// Secret-carrying flags go to the cluster parser too, which refuses them with the reason.
const CONNECTION_FLAGS = new Set(['--prometheus', '--bearer-token-env', '--basic-auth-env', '--header-env', '--ca-file', '--bearer-token', '--token', '--password', '--basic-auth', '--user', '--header']);

export async function runConfigWithLive(argv: string[], io: CliIO & { env: Record<string, string | undefined> }): Promise<number> {
  const conn: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i].split('=')[0];
    if (flag === '--skip-tls-verify') conn.push(argv[i]);
    else if (CONNECTION_FLAGS.has(flag)) {
      conn.push(argv[i]);
      if (!argv[i].includes('=')) conn.push(argv[++i] ?? '');
    } else rest.push(argv[i]);
  }
  let client: PrometheusClient;
  try {
    const p = parseArgs(conn);
    const url = checkUrl('--prometheus', one(p, '--prometheus') ?? '');
    const { auth, headers, ca, skipTlsVerify } = connectionFromArgs(p, io);
    client = new PrometheusClient({ url, auth, headers, tls: ca || skipTlsVerify ? { ca, skipTlsVerify } : undefined, timeoutMs: 15_000, userAgent: 'nativelink-check' });
  } catch (e) {
    io.stderr(`${e instanceof UsageError ? e.message : String(e)}\n`);
    return 64;
  }
  const offline = runConfigCommand(rest, io);
  if (offline === 64) return offline;
  let worst = offline;
  // Live results echo what the cluster answered (metric names, label values): print them through the redactor.
  const out = redactedIo(io, client);
  try {
    const names = await clusterNames(client);
    for (const file of rest.filter((a) => !a.startsWith('-') && /\.ya?ml$/i.test(a))) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        continue; // already reported by the offline pass
      }
      const root = parseYaml(text).root;
      for (const r of ruleEntries(ruleGroupsNode(root))) {
        const src = r.expr && exprSource(text, r.expr, 'yaml');
        if (!src) continue;
        const res = await liveCheck(client, src.value, names);
        const line = text.slice(0, r.rule.offset).split('\n').length;
        const sev = res.status === 'never' || res.status === 'error' ? 'warning' : 'information';
        out.stdout(`${file}:${line}:1 ${sev} promrules/live ${r.type} ${r.name}: ${res.message}\n`);
      }
    }
  } catch (e) {
    out.stderr(`--prometheus: ${e instanceof Error ? e.message : String(e)}\n`);
    worst = Math.max(worst, 1);
  } finally {
    await client.close();
  }
  return worst;
}
