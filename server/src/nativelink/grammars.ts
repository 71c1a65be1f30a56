/**
 * Value grammars of nativelink-config's serde_utils.rs (v1.6.6): data sizes (byte-unit), durations
 * (humantime, truncated to whole seconds), shell-expanded strings/ints/bools, socket addresses and
 * endpoint URIs. Each check returns a message for invalid input and `explain` text for hover.
 */
import type { ASTNode } from '../parser/ast';
import type { GrammarCheck, GrammarResult, JSONSchema } from '../service/engine';
import { replaceValue } from './edits';

// One formatter for all values: Number#toLocaleString builds a new ICU formatter on every call (slow).
const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });
const fmt = (n: number) => numberFormat.format(n);

// ---------------------------------------------------------------------------------------------
// Shell expansion (shellexpand::env): $VAR, ${VAR}, ${VAR:-default}
// ---------------------------------------------------------------------------------------------

export interface EnvRef {
  name: string;
  fallback?: string;
  offset: number;
  length: number;
}

export interface ExpandScan {
  refs: EnvRef[];
  problems: string[];
}

/** Find the variables a string refers to, the way shellexpand::env would read them. */
export function scanEnv(s: string): ExpandScan {
  const refs: EnvRef[] = [];
  const problems: string[] = [];
  let i = 0;
  while (i < s.length) {
    const d = s.indexOf('$', i);
    if (d < 0) break;
    if (s[d + 1] === '{') {
      const close = s.indexOf('}', d + 2);
      if (close < 0) {
        problems.push(`"\${" at position ${d} is never closed with "}"`);
        break;
      }
      const body = s.slice(d + 2, close);
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?$/s.exec(body);
      if (m) refs.push({ name: m[1], fallback: m[2], offset: d, length: close + 1 - d });
      else problems.push(`"\${${body}}" is not a form the binary expands (only \${VAR} and \${VAR:-default} are supported)`);
      i = close + 1;
    } else {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(d + 1));
      if (m) refs.push({ name: m[0], offset: d, length: m[0].length + 1 });
      i = d + 1 + (m ? m[0].length : 0);
    }
  }
  return { refs, problems };
}

export function hasEnvRef(s: string): boolean {
  return /\$(\{|[A-Za-z_])/.test(s);
}

/** Text of the value if every variable took its default (undefined when some variable has none). */
export function expandWithDefaults(s: string): string | undefined {
  const { refs } = scanEnv(s);
  let out = '';
  let pos = 0;
  for (const r of refs) {
    if (r.fallback === undefined) return undefined;
    out += s.slice(pos, r.offset) + r.fallback;
    pos = r.offset + r.length;
  }
  return out + s.slice(pos);
}

function envExplain(s: string): string {
  const { refs } = scanEnv(s);
  if (refs.length === 0) return '';
  const parts = refs.map((r) =>
    r.fallback !== undefined ? `\`${r.name}\` (default \`${r.fallback}\`)` : `\`${r.name}\` (no default: startup fails when it is unset)`,
  );
  return `Expanded from the environment at startup: ${parts.join(', ')}.`;
}

// ---------------------------------------------------------------------------------------------
// Sizes (byte-unit 5, ignore_case = true)
// ---------------------------------------------------------------------------------------------

const SIZE_PREFIX: Record<string, number> = { '': 1, k: 1e3, m: 1e6, g: 1e9, t: 1e12, p: 1e15, e: 1e18 };
const SIZE_PREFIX_BIN: Record<string, number> = { k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40, p: 2 ** 50, e: 2 ** 60 };

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Parse a data-size string as byte_unit::Byte::parse_str(s, true) does. Returns bytes. */
export function parseSize(input: string): Parsed<number> {
  const s = input.trim();
  if (s === '') return { ok: false, error: 'Missing value in a size field (empty string).' };
  if (s.startsWith('-')) return { ok: false, error: 'Negative data size is not allowed.' };
  const m = /^(\d+(?:\.\d*)?|\.\d+)\s*([A-Za-z]*)$/.exec(s);
  if (!m) {
    const bad = /[^0-9.\s]/.exec(s.replace(/^[\d.]+\s*/, ''))?.[0] ?? s[0];
    return { ok: false, error: `"${input}" is not a data size: expected a number with an optional unit such as kb, mb, gib (found '${bad}').` };
  }
  const n = Number(m[1]);
  const unit = m[2].toLowerCase();
  let factor: number | undefined;
  let bits = false;
  let u = unit;
  if (u.endsWith('bit')) {
    bits = true;
    u = u.slice(0, -3);
  } else if (u.endsWith('b')) {
    u = u.slice(0, -1);
  }
  if (u.endsWith('i') && u.length === 2) factor = SIZE_PREFIX_BIN[u[0]];
  else if (u.length <= 1) factor = SIZE_PREFIX[u];
  if (factor === undefined) {
    return { ok: false, error: `Unknown size unit "${m[2]}": use B, KB/MB/GB/TB/PB/EB (powers of 1000) or KiB/MiB/GiB/TiB/PiB/EiB (powers of 1024).` };
  }
  let bytes = n * factor;
  if (bits) bytes /= 8;
  if (bytes > 2 ** 64 - 1) return { ok: false, error: `"${input}" exceeds the valid range of a 64-bit size.` };
  return { ok: true, value: Math.round(bytes) };
}

function humanBytes(n: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let v = n;
  let i = -1;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i < 0 ? `${n} B` : `${v.toFixed(v < 10 ? 2 : 1).replace(/\.0+$/, '')} ${units[i]}`;
}

export function explainBytes(label: string, bytes: number): string {
  const bin = bytes >= 1024 ? ` (${humanBytes(bytes)})` : '';
  return `${label} = ${fmt(bytes)} bytes${bin}`;
}

function maxFor(schema: JSONSchema | undefined): number | undefined {
  return typeof schema?.maximum === 'number' ? schema.maximum : undefined;
}

function envOnly(node: ASTNode, grammarCheck: (s: string) => Parsed<number> | undefined, what: string): GrammarResult {
  const s = String(node.value);
  const scan = scanEnv(s);
  const lines = [envExplain(s)];
  if (scan.problems.length) {
    return { severity: 'warning', code: 'nativelink/env-syntax', message: `This value is shell-expanded, but ${scan.problems[0]}.`, explain: lines.join(' ') };
  }
  const def = expandWithDefaults(s);
  if (def !== undefined) {
    const r = grammarCheck(def);
    if (r && !r.ok) {
      return {
        severity: 'warning',
        code: 'nativelink/env-default',
        message: `With its defaults this value expands to "${def}", which is not a valid ${what}: ${r.error}`,
        explain: lines.join(' '),
      };
    }
    if (r && r.ok) lines.push(`With the defaults: ${what === 'size' ? explainBytes(def.trim(), r.value) : explainSeconds(def.trim(), r.value)}.`);
  }
  return { explain: lines.filter(Boolean).join(' ') };
}

export const checkSize: GrammarCheck = (node, schema) => {
  if (node.type === 'number') {
    const v = node.value as number;
    if (!Number.isInteger(v)) {
      return { severity: 'error', code: 'nativelink/invalid-size', message: 'A size must be a whole number of bytes or a string such as "1.5GB"; JSON floats are rejected.' };
    }
    if (v < 0) return { severity: 'error', code: 'nativelink/invalid-size', message: 'Negative data size is not allowed.' };
    const max = maxFor(schema);
    if (max !== undefined && v > max) return { severity: 'error', code: 'nativelink/invalid-size', message: `${fmt(v)} bytes exceeds the largest value this field holds (${fmt(max)}).` };
    return { explain: explainBytes(String(v), v) };
  }
  if (node.type !== 'string') return undefined;
  const s = String(node.value);
  if (hasEnvRef(s)) return envOnly(node, parseSize, 'size');
  const r = parseSize(s);
  if (!r.ok) return { severity: 'error', code: 'nativelink/invalid-size', message: r.error };
  const max = maxFor(schema);
  if (max !== undefined && r.value > max) {
    return { severity: 'error', code: 'nativelink/invalid-size', message: `"${s}" (${fmt(r.value)} bytes) exceeds the largest value this field holds (${fmt(max)}).` };
  }
  return { explain: explainBytes(s.trim(), r.value) };
};

// ---------------------------------------------------------------------------------------------
// Durations (humantime 2.3 parse_duration, then truncated to whole seconds)
// ---------------------------------------------------------------------------------------------

const DURATION_UNITS: Record<string, number> = {};
function unit(seconds: number, ...names: string[]) {
  for (const n of names) DURATION_UNITS[n] = seconds;
}
unit(1e-9, 'ns', 'nsec', 'nanos');
unit(1e-6, 'us', 'usec', 'µs', 'micros');
unit(1e-3, 'ms', 'msec', 'millis');
unit(1, 's', 'sec', 'secs', 'second', 'seconds');
unit(60, 'm', 'min', 'mins', 'minute', 'minutes');
unit(3600, 'h', 'hr', 'hrs', 'hour', 'hours');
unit(86400, 'd', 'day', 'days');
unit(604800, 'w', 'wk', 'wks', 'week', 'weeks');
unit(2630016, 'M', 'month', 'months');
unit(31557600, 'y', 'yr', 'yrs', 'year', 'years');

/** Parse a humantime duration; returns exact seconds (not yet truncated). */
export function parseDurationExact(input: string): Parsed<number> {
  const s = input.trim();
  if (s === '') return { ok: false, error: 'Empty duration: write a number of seconds or a string such as "30s" or "5m".' };
  if (s.startsWith('-')) return { ok: false, error: 'Negative duration is not allowed.' };
  const re = /(\d+(?:\.\d+)?)\s*([A-Za-zµ]*)\s*/y;
  let pos = 0;
  let total = 0;
  while (pos < s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m || m.index !== pos || m[0] === '') {
      return { ok: false, error: `"${input}" is not a duration: expected a number at position ${pos} (e.g. "90s", "1h30m").` };
    }
    if (m[2] === '') {
      return { ok: false, error: `"${input}" has no time unit: write e.g. "${m[1]}s" (a bare number of seconds must be a JSON integer, not a string).` };
    }
    const f = DURATION_UNITS[m[2]];
    if (f === undefined) {
      return { ok: false, error: `Unknown time unit "${m[2]}": use ns, us, ms, s, m/min, h, d, w, M (months) or y.` };
    }
    total += Number(m[1]) * f;
    pos = re.lastIndex;
  }
  return { ok: true, value: total };
}

export function parseDuration(input: string): Parsed<number> {
  const r = parseDurationExact(input);
  return r.ok ? { ok: true, value: Math.floor(r.value + 1e-9) } : r;
}

function humanSeconds(total: number): string {
  const parts: string[] = [];
  let t = total;
  for (const [u, n] of [
    ['d', 86400],
    ['h', 3600],
    ['min', 60],
    ['s', 1],
  ] as const) {
    if (t >= n) {
      parts.push(`${Math.floor(t / n)} ${u}`);
      t %= n;
    }
  }
  return parts.join(' ') || '0 s';
}

export function explainSeconds(label: string, seconds: number): string {
  return `${label} = ${fmt(seconds)} second${seconds === 1 ? '' : 's'}${seconds >= 60 ? ` (${humanSeconds(seconds)})` : ''}`;
}

function makeDurationCheck(allowNegative: boolean): GrammarCheck {
  return (node, schema) => {
    if (node.type === 'number') {
      const v = node.value as number;
      if (!Number.isInteger(v)) {
        return {
          severity: 'error',
          code: 'nativelink/invalid-duration',
          message: `A duration must be a whole number of seconds or a string such as "${v}s"; JSON floats are rejected.`,
          fixes: Number.isFinite(v) ? [{ title: `Write "${v}s"`, edits: replaceValue(node, JSON.stringify(`${v}s`)) }] : undefined,
        };
      }
      if (v < 0 && !allowNegative) return { severity: 'error', code: 'nativelink/invalid-duration', message: 'Negative duration is not allowed.' };
      const max = maxFor(schema);
      if (max !== undefined && v > max) return { severity: 'error', code: 'nativelink/invalid-duration', message: `${fmt(v)} seconds exceeds the largest value this field holds (${fmt(max)}).` };
      return { explain: v < 0 ? `${v} (negative: disables this interval)` : explainSeconds(String(v), v) };
    }
    if (node.type !== 'string') return undefined;
    const s = String(node.value);
    if (hasEnvRef(s)) return envOnly(node, parseDuration, 'duration');
    const exact = parseDurationExact(s);
    if (!exact.ok) {
      const fixes = /^\s*\d+\s*$/.test(s)
        ? [{ title: `Write "${s.trim()}s"`, edits: replaceValue(node, JSON.stringify(`${s.trim()}s`)), isPreferred: true }]
        : undefined;
      return { severity: 'error', code: 'nativelink/invalid-duration', message: exact.error, fixes };
    }
    const secs = Math.floor(exact.value + 1e-9);
    if (exact.value > 0 && secs === 0) {
      return {
        severity: 'warning',
        code: 'nativelink/sub-second-duration',
        message: `"${s}" is shorter than one second; NativeLink keeps whole seconds only, so this becomes 0 (which usually means "use the default").`,
        explain: `${s.trim()} → 0 seconds after truncation`,
      };
    }
    const truncated = exact.value - secs > 1e-9 ? ` (${fmt(exact.value)} s truncated to whole seconds)` : '';
    return { explain: explainSeconds(s.trim(), secs) + truncated };
  };
}

export const checkDuration: GrammarCheck = makeDurationCheck(false);
export const checkSignedDuration: GrammarCheck = makeDurationCheck(true);

// ---------------------------------------------------------------------------------------------
// Shell-expanded integers / booleans / strings
// ---------------------------------------------------------------------------------------------

export const checkInteger: GrammarCheck = (node, schema) => {
  const min = typeof schema?.minimum === 'number' ? schema.minimum : undefined;
  const max = maxFor(schema);
  const range = (v: number): GrammarResult | undefined => {
    if (min !== undefined && v < min) return { severity: 'error', code: 'nativelink/invalid-integer', message: `${v} is below the smallest allowed value (${min}).` };
    if (max !== undefined && v > max) return { severity: 'error', code: 'nativelink/invalid-integer', message: `${fmt(v)} exceeds the largest value this field holds (${fmt(max)}).` };
    return undefined;
  };
  if (node.type === 'number') {
    const v = node.value as number;
    if (!Number.isInteger(v)) return { severity: 'error', code: 'nativelink/invalid-integer', message: 'Expected an integer (no fraction or exponent).' };
    return range(v);
  }
  if (node.type !== 'string') return undefined;
  const s = String(node.value);
  if (hasEnvRef(s)) {
    return envOnly(node, (x) => (/^\s*[+-]?\d+\s*$/.test(x) ? { ok: true, value: Number(x) } : { ok: false, error: 'expected a plain integer' }), 'integer');
  }
  if (!/^\s*[+-]?\d+\s*$/.test(s)) {
    return {
      severity: 'error',
      code: 'nativelink/invalid-integer',
      message: `"${s}" is not a plain integer: this field takes digits only (no units, underscores or decimals).`,
    };
  }
  return range(Number(s.trim())) ?? { explain: `"${s}" is read as the integer ${fmt(Number(s.trim()))}` };
};

export const checkBoolean: GrammarCheck = (node) => {
  if (node.type !== 'string') return undefined;
  const s = String(node.value);
  if (hasEnvRef(s)) return { explain: envExplain(s) };
  const t = s.trim().toLowerCase();
  if (t !== 'true' && t !== 'false') {
    return { severity: 'error', code: 'nativelink/invalid-boolean', message: `"${s}" is not a boolean: use true or false.` };
  }
  return { explain: `"${s}" is read as ${t}` };
};

/** A string the binary shell-expands: never an error, warns about forms shellexpand won't handle. */
export const checkShellexpand: GrammarCheck = (node) => {
  if (node.type !== 'string') return undefined;
  const s = String(node.value);
  if (s.startsWith('~/') || s === '~') {
    return {
      severity: 'warning',
      code: 'nativelink/tilde-path',
      message: '"~" is not expanded by NativeLink: this path is a literal "~" directory relative to the working directory. Use an absolute path or ${HOME}.',
      fixes: [{ title: 'Use ${HOME}', edits: replaceValue(node, JSON.stringify('${HOME}' + s.slice(1))) }],
    };
  }
  if (!s.includes('$')) return undefined;
  const scan = scanEnv(s);
  if (scan.problems.length) return { severity: 'warning', code: 'nativelink/env-syntax', message: `This value is shell-expanded, but ${scan.problems[0]}.`, explain: envExplain(s) };
  const ex = envExplain(s);
  return ex ? { explain: ex } : undefined;
};

/** A string the binary uses verbatim: `${VAR}` is NOT expanded here. */
export const checkLiteral: GrammarCheck = (node) => {
  if (node.type !== 'string') return undefined;
  const s = String(node.value);
  if (!/\$\{[^}]*\}/.test(s) && !/\$[A-Za-z_]/.test(s)) return undefined;
  return {
    severity: 'warning',
    code: 'nativelink/env-not-expanded',
    message: 'This field is not shell-expanded: NativeLink uses the text literally, including "${…}".',
  };
};

// ---------------------------------------------------------------------------------------------
// Socket addresses and endpoint URIs
// ---------------------------------------------------------------------------------------------

function isIPv4(h: string): boolean {
  const parts = h.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255 && !(p.length > 1 && p.startsWith('0')));
}

function isIPv6(h: string): boolean {
  if (!/^[0-9A-Fa-f:.]+$/.test(h) || !h.includes(':')) return false;
  const dbl = h.split('::');
  if (dbl.length > 2) return false;
  const groups = h.split(':').filter((g) => g !== '');
  const last = groups[groups.length - 1] ?? '';
  const v4tail = last.includes('.');
  if (v4tail && !isIPv4(last)) return false;
  const n = groups.length + (v4tail ? 1 : 0);
  if (!groups.every((g) => g.includes('.') || /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  return dbl.length === 2 ? n < 8 : n === 8;
}

export interface SocketAddr {
  host: string;
  port: number;
  family: 4 | 6;
}

/** Parse like Rust's `SocketAddr::from_str`: `IPv4:port` or `[IPv6]:port`. */
export function parseSocketAddress(s: string): Parsed<SocketAddr> {
  let host: string;
  let portText: string;
  const v6 = /^\[([^\]]*)\]:(\d+)$/.exec(s);
  if (v6) {
    host = v6[1];
    portText = v6[2];
    if (!isIPv6(host)) return { ok: false, error: `"${host}" is not an IPv6 address.` };
  } else {
    const i = s.lastIndexOf(':');
    if (i < 0) return { ok: false, error: `"${s}" has no port: write IP:port, e.g. "0.0.0.0:50051".` };
    host = s.slice(0, i);
    portText = s.slice(i + 1);
    if (host === '') return { ok: false, error: `"${s}" has no IP address: the listener needs one, e.g. "0.0.0.0${s}".` };
    if (!isIPv4(host)) {
      if (isIPv6(host)) return { ok: false, error: `IPv6 addresses need brackets: "[${host}]:${portText}".` };
      return { ok: false, error: `"${host}" is not an IP address: listeners bind to an IP literal (hostnames are not resolved), e.g. "0.0.0.0:${portText || '50051'}".` };
    }
  }
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) return { ok: false, error: `"${portText}" is not a valid port (0-65535).` };
  return { ok: true, value: { host, port: Number(portText), family: v6 ? 6 : 4 } };
}

export const checkAddress: GrammarCheck = (node) => {
  if (node.type !== 'string') return undefined;
  const s = String(node.value);
  if (hasEnvRef(s)) return { explain: envExplain(s) };
  const r = parseSocketAddress(s);
  if (r.ok) {
    const any = r.value.host === '0.0.0.0' || r.value.host === '::';
    return { explain: `Listens on ${any ? 'all interfaces' : r.value.host}, port ${r.value.port}` };
  }
  const fixes = [];
  const portOnly = /^:?(\d{1,5})$/.exec(s.trim());
  const hostPort = /^([A-Za-z0-9.-]+):(\d{1,5})$/.exec(s.trim());
  if (portOnly) fixes.push({ title: `Listen on all interfaces: "0.0.0.0:${portOnly[1]}"`, edits: replaceValue(node, JSON.stringify(`0.0.0.0:${portOnly[1]}`)), isPreferred: true });
  else if (hostPort && hostPort[1] === 'localhost')
    fixes.push({ title: `Use "127.0.0.1:${hostPort[2]}"`, edits: replaceValue(node, JSON.stringify(`127.0.0.1:${hostPort[2]}`)), isPreferred: true });
  else if (hostPort) fixes.push({ title: `Listen on all interfaces: "0.0.0.0:${hostPort[2]}"`, edits: replaceValue(node, JSON.stringify(`0.0.0.0:${hostPort[2]}`)) });
  return { severity: 'error', code: 'nativelink/invalid-socket-address', message: `Invalid socket address: ${r.error}`, fixes };
};

export const URI_SCHEMES = ['grpc', 'grpcs', 'http', 'https'];

export function uriScheme(s: string): string | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(s.trim());
  return m ? m[1].toLowerCase() : undefined;
}

export const checkUri: GrammarCheck = (node) => {
  if (node.type !== 'string') return undefined;
  const s = String(node.value);
  const scheme = uriScheme(s);
  if (hasEnvRef(s) && (!scheme || hasEnvRef(s.slice(0, s.indexOf('://') + 3)))) return { explain: envExplain(s) };
  if (!scheme) {
    return {
      severity: 'error',
      code: 'nativelink/invalid-uri',
      message: `"${s}" has no scheme: endpoints are URIs such as "grpc://host:50051" or "grpcs://host:443".`,
      fixes: /^[A-Za-z0-9.[\]:-]+:\d+$/.test(s.trim()) ? [{ title: `Use "grpc://${s.trim()}"`, edits: replaceValue(node, JSON.stringify(`grpc://${s.trim()}`)), isPreferred: true }] : undefined,
    };
  }
  if (!URI_SCHEMES.includes(scheme)) {
    return { severity: 'error', code: 'nativelink/invalid-uri', message: `Unsupported scheme "${scheme}": use grpc, grpcs, http or https.` };
  }
  const ex = envExplain(s);
  return { explain: `${scheme === 'grpcs' || scheme === 'https' ? 'TLS' : 'Plaintext'} connection${ex ? '. ' + ex : ''}` };
};

/**
 * Grammar names as used by the schema's `x-grammar` keyword. Several spellings map to the same
 * check so the schema and this table need not agree on one name.
 */
export const nativelinkGrammars: Record<string, GrammarCheck> = {
  size: checkSize,
  'size?': checkSize,
  'data-size': checkSize,
  duration: checkDuration,
  'duration±': checkSignedDuration,
  'signed-duration': checkSignedDuration,
  'duration-signed': checkSignedDuration,
  'duration-negative': checkSignedDuration,
  'int-or-string': checkInteger,
  'int$': checkInteger,
  'int$?': checkInteger,
  integer: checkInteger,
  int: checkInteger,
  numeric: checkInteger,
  'bool-or-string': checkBoolean,
  'bool$': checkBoolean,
  boolean: checkBoolean,
  bool: checkBoolean,
  shellexpand: checkShellexpand,
  'str$': checkShellexpand,
  'str$?': checkShellexpand,
  string: checkShellexpand,
  literal: checkLiteral,
  plain: checkLiteral,
  'no-shellexpand': checkLiteral,
  address: checkAddress,
  'socket-address': checkAddress,
  socket_address: checkAddress,
  uri: checkUri,
  'endpoint-uri': checkUri,
  url: checkUri,
};

/** Grammars whose fields run shellexpand::env (so `${VAR}` is a runtime value there). */
export const EXPANDED_GRAMMARS = new Set(
  Object.keys(nativelinkGrammars).filter((k) => nativelinkGrammars[k] !== checkLiteral),
);
