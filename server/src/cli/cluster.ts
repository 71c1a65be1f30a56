/**
 * `nativelink-check cluster`: runs the cluster diagnosis against a Prometheus and prints it as text, JSON or
 * Markdown.
 *
 * Exit codes: 0 = no warning or critical finding, 1 = at least one warning (or no check could run at all), 2 = at least one critical finding
 * (an unreachable Prometheus is critical), 64 = usage error (EX_USAGE: bad or missing option, unreadable file,
 * a secret given on the command line).
 *
 * Secrets come only from environment variables (or files): a token on the command line ends up in shell history
 * and in the process list that other users of the machine can read.
 */
import { readFileSync } from 'node:fs';
import { PrometheusClient, PromError } from '../cluster/prometheus';
import { stripUserinfo } from '../cluster/redact';
import type { PromAuth } from '../cluster/types';
import { runDiagnosis, DEFAULT_DIAGNOSE_TIMEOUT_MS } from '../diagnose/run';
import { exitCodeFor, renderMarkdown, renderText, toJson } from '../diagnose/render';
import { extractCollectorFacts, extractNativelinkFacts, mergeFacts } from '../diagnose/facts';
import type { ConfigFacts } from '../diagnose/types';

export const EXIT_OK = 0;
export const EXIT_WARNING = 1;
export const EXIT_CRITICAL = 2;
export const EXIT_USAGE = 64;
/** EX_SOFTWARE: an internal error (a bug), reported without secrets. */
export const EXIT_SOFTWARE = 70;

export interface CliIo {
  stdout: (s: string) => unknown;
  stderr: (s: string) => unknown;
  env: Record<string, string | undefined>;
}

export const CLUSTER_USAGE = `usage: nativelink-check cluster --prometheus URL [options]

Diagnoses a NativeLink cluster from its Prometheus, following the troubleshooting guide.

  --prometheus URL             Prometheus API base URL (with any path prefix, e.g. /prometheus)
  --collector-health URL       collector health_check URL (e.g. http://otel-collector:13133/)
  --collector-metrics URL      collector self-metrics URL (e.g. http://otel-collector:8888/metrics)
  --config FILE                NativeLink config (JSON5) to compare against (worker_timeout_s, …)
  --collector-config FILE      collector config (YAML): memory_limiter, batch, health_check endpoint
  --bearer-token-env NAME      read a bearer token from environment variable NAME
  --basic-auth-env USER:PASS   read basic-auth user and password from environment variables USER and PASS
  --header-env HEADER:NAME     send header HEADER with the value of environment variable NAME (repeatable)
  --ca-file PATH               extra CA certificate (PEM) for https
  --skip-tls-verify            do not verify the server's certificate (throwaway lab setups only)
  --timeout SECONDS            budget for the whole diagnosis (default ${DEFAULT_DIAGNOSE_TIMEOUT_MS / 1000})
  --format text|json|markdown  output format (default text)

Exit codes: 0 nothing to report, 1 warnings (or no check could run), 2 critical findings (or Prometheus unusable), 64 usage error.
Secrets are never accepted on the command line: use the *-env options.
`;

const VALUE_FLAGS = new Set(['--prometheus', '--collector-health', '--collector-metrics', '--config', '--collector-config', '--bearer-token-env', '--basic-auth-env', '--header-env', '--ca-file', '--timeout', '--format']);
const SECRET_FLAGS: Record<string, string> = {
  '--bearer-token': '--bearer-token-env NAME',
  '--token': '--bearer-token-env NAME',
  '--password': '--basic-auth-env USER_VAR:PASS_VAR',
  '--basic-auth': '--basic-auth-env USER_VAR:PASS_VAR',
  '--user': '--basic-auth-env USER_VAR:PASS_VAR',
  '--header': '--header-env HEADER:VAR',
};

/** Options without a value (they only matter where a Prometheus is given). */
const SWITCHES = new Set(['--skip-tls-verify']);

export class UsageError extends Error {}

export interface Parsed {
  values: Map<string, string[]>;
  help: boolean;
}

export function parseArgs(argv: string[], valueFlags: ReadonlySet<string> = VALUE_FLAGS, positional?: string[]): Parsed {
  const values = new Map<string, string[]>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (SECRET_FLAGS[flag]) {
      throw new UsageError(`${flag} is not accepted: a secret on the command line is saved in shell history and visible to other users in the process list. Put it in an environment variable and pass the variable's name with ${SECRET_FLAGS[flag]}.`);
    }
    if (positional && !arg.startsWith('-')) {
      positional.push(arg);
      continue;
    }
    if (SWITCHES.has(flag)) {
      if (flag !== arg) throw new UsageError(`${flag} takes no value`);
      values.set(flag, ['true']);
      continue;
    }
    if (!valueFlags.has(flag)) throw new UsageError(arg.startsWith('-') ? `unknown option ${flag}` : `unexpected argument "${arg}"`);
    let value: string | undefined;
    if (flag !== arg) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined || (value.startsWith('--') && flag === arg)) throw new UsageError(`${flag} needs a value`);
    const list = values.get(flag) ?? [];
    list.push(value);
    values.set(flag, list);
  }
  return { values, help };
}

export function one(p: Parsed, flag: string): string | undefined {
  const v = p.values.get(flag);
  if (!v) return undefined;
  if (v.length > 1 && flag !== '--header-env') throw new UsageError(`${flag} was given ${v.length} times`);
  return v[v.length - 1];
}

function envValue(env: CliIo['env'], name: string, flag: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new UsageError(`${flag}: "${name}" is not an environment variable name`);
  const v = env[name];
  if (v === undefined || v === '') throw new UsageError(`${flag}: environment variable ${name} is not set or empty`);
  return v;
}

export function checkUrl(flag: string, value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    // Never echo userinfo: an unparsable URL may still carry a password.
    throw new UsageError(`${flag}: "${stripUserinfo(value)}" is not a URL (expected e.g. http://host:9090)`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UsageError(`${flag}: only http:// and https:// URLs are supported`);
  if (u.username || u.password) throw new UsageError(`${flag}: the URL contains credentials; they would be visible in shell history and the process list. Use --basic-auth-env USER_VAR:PASS_VAR instead.`);
  return value;
}

/** Auth, headers and CA from the `*-env` and `--ca-file` options; shared with `config --prometheus`. */
export function connectionFromArgs(p: Parsed, io: Pick<CliIo, 'env'>): { auth: PromAuth; headers: Record<string, string>; ca?: string; skipTlsVerify?: boolean } {
  let auth: PromAuth = { kind: 'none' };
  const bearerEnv = one(p, '--bearer-token-env');
  const basicEnv = one(p, '--basic-auth-env');
  if (bearerEnv && basicEnv) throw new UsageError('use either --bearer-token-env or --basic-auth-env, not both');
  if (bearerEnv) auth = { kind: 'bearer', token: envValue(io.env, bearerEnv, '--bearer-token-env') };
  if (basicEnv) {
    const [u, pw, ...rest] = basicEnv.split(':');
    if (!u || !pw || rest.length) throw new UsageError('--basic-auth-env expects USER_VAR:PASS_VAR (two environment variable names)');
    auth = { kind: 'basic', username: envValue(io.env, u, '--basic-auth-env'), password: envValue(io.env, pw, '--basic-auth-env') };
  }
  const headers: Record<string, string> = {};
  for (const h of p.values.get('--header-env') ?? []) {
    const i = h.lastIndexOf(':');
    const name = i > 0 ? h.slice(0, i) : '';
    const varName = i > 0 ? h.slice(i + 1) : '';
    if (!/^[A-Za-z0-9-]+$/.test(name) || !varName) throw new UsageError(`--header-env expects HEADER:ENV_VAR (got "${h}")`);
    headers[name] = envValue(io.env, varName, '--header-env');
  }
  let ca: string | undefined;
  const caFile = one(p, '--ca-file');
  if (caFile) {
    try {
      ca = readFileSync(caFile, 'utf8');
    } catch (e) {
      throw new UsageError(`--ca-file: cannot read ${caFile} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    if (!/-----BEGIN CERTIFICATE-----/.test(ca)) throw new UsageError(`--ca-file: ${caFile} holds no PEM certificate`);
  }
  const skipTlsVerify = p.values.has('--skip-tls-verify');
  if (skipTlsVerify && ca) throw new UsageError('--skip-tls-verify and --ca-file contradict each other: with the CA the certificate can be verified, so drop --skip-tls-verify');
  return { auth, headers, ca, ...(skipTlsVerify ? { skipTlsVerify } : {}) };
}

function readFacts(p: Parsed): ConfigFacts | undefined {
  const parts: ConfigFacts[] = [];
  for (const [flag, extract] of [['--config', extractNativelinkFacts], ['--collector-config', extractCollectorFacts]] as const) {
    for (const file of p.values.get(flag) ?? []) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        throw new UsageError(`${flag}: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
      try {
        parts.push(extract(text));
      } catch (e) {
        throw new UsageError(`${flag}: ${file} cannot be parsed (${((e as Error).message ?? String(e)).split('\n')[0]}); run "nativelink-check config ${file}" for details`);
      }
    }
  }
  return parts.length ? mergeFacts(...parts) : undefined;
}

/** The same output, passed through the connection's redactor: every secret it knows, in every encoding, is masked. */
export function redactedIo(io: CliIo, client: Pick<PrometheusClient, 'redactor'>): CliIo {
  return { ...io, stdout: (s) => io.stdout(client.redactor.redact(s)), stderr: (s) => io.stderr(client.redactor.redact(s)) };
}

const defaultIo: CliIo = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), env: process.env };

export async function runClusterCommand(argv: string[], io: CliIo = defaultIo): Promise<number> {
  let client: PrometheusClient | undefined;
  try {
    const p = parseArgs(argv);
    if (p.help) {
      io.stdout(CLUSTER_USAGE);
      return EXIT_OK;
    }
    const prometheus = one(p, '--prometheus');
    if (!prometheus) throw new UsageError('--prometheus URL is required');
    checkUrl('--prometheus', prometheus);
    const collectorHealthUrl = one(p, '--collector-health');
    if (collectorHealthUrl) checkUrl('--collector-health', collectorHealthUrl);
    const collectorMetricsUrl = one(p, '--collector-metrics');
    if (collectorMetricsUrl) checkUrl('--collector-metrics', collectorMetricsUrl);
    const format = one(p, '--format') ?? 'text';
    if (!['text', 'json', 'markdown'].includes(format)) throw new UsageError(`--format must be text, json or markdown (got "${format}")`);
    const timeoutRaw = one(p, '--timeout');
    let timeoutMs = DEFAULT_DIAGNOSE_TIMEOUT_MS;
    if (timeoutRaw !== undefined) {
      const s = Number(timeoutRaw);
      if (!Number.isFinite(s) || s <= 0 || s > 3600) throw new UsageError(`--timeout must be a number of seconds between 0 and 3600 (got "${timeoutRaw}")`);
      timeoutMs = Math.round(s * 1000);
    }

    const { auth, headers, ca, skipTlsVerify } = connectionFromArgs(p, io);
    const config = readFacts(p);

    try {
      client = new PrometheusClient({ url: prometheus, auth, headers, tls: ca || skipTlsVerify ? { ca, skipTlsVerify } : undefined, timeoutMs, userAgent: 'nativelink-check' });
    } catch (e) {
      throw new UsageError(`--prometheus: ${e instanceof PromError ? e.message : String(e)}`);
    }
    // Everything printed from here on goes through the connection's redactor (label values may echo a secret).
    io = redactedIo(io, client);
    const report = await runDiagnosis({
      client,
      prometheusUrl: client.baseUrl,
      ...(collectorHealthUrl ? { collectorHealthUrl } : {}),
      ...(collectorMetricsUrl ? { collectorMetricsUrl } : {}),
      ...(config ? { config } : {}),
      timeoutMs,
      surface: 'cli',
    });
    if (format === 'json') io.stdout(`${JSON.stringify(toJson(report), null, 2)}\n`);
    else if (format === 'markdown') io.stdout(renderMarkdown(report));
    else io.stdout(renderText(report));
    return exitCodeFor(report);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`nativelink-check cluster: ${e.message}\n\n${CLUSTER_USAGE}`);
      return EXIT_USAGE;
    }
    // Not a usage error and not a server problem (those are findings): still never print a secret.
    io.stderr(`nativelink-check cluster: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_SOFTWARE;
  } finally {
    if (client) await client.close().catch(() => undefined);
  }
}
