/** Component and pipeline id grammar, worded like component/identifiable.go and pipeline/pipeline.go. */
import { SIGNALS } from './model';
import { editDistance } from '../service/similar';

const TYPE_RE = /^[a-zA-Z][0-9a-zA-Z_]{0,62}$/;
const NAME_RE = /^[^\p{Z}\p{C}\p{S}]+$/u;
const MAX_NAME = 1024;

function nameError(id: string, name: string): string | undefined {
  if (name.length === 0) return `in "${id}" id: the part after / should not be empty`;
  if (Buffer.byteLength(name, 'utf8') > MAX_NAME) return `name "${name}" is longer than ${MAX_NAME} characters (${Buffer.byteLength(name, 'utf8')} characters)`;
  if (!NAME_RE.test(name)) return `in "${id}" id: invalid character(s) in name "${name}"`;
  return undefined;
}

/** Undefined when valid. */
export function componentIdError(raw: string): string | undefined {
  const id = raw.trim();
  if (id.length === 0) return 'id must not be empty';
  const i = raw.indexOf('/');
  const type = (i < 0 ? raw : raw.slice(0, i)).trim();
  if (i >= 0) {
    if (type.length === 0) return `in "${id}" id: the part before / should not be empty`;
    const e = nameError(id, raw.slice(i + 1).trim());
    if (e) return e;
  }
  if (!TYPE_RE.test(type)) return `in "${id}" id: invalid character(s) in type "${type}"`;
  return undefined;
}

export function pipelineIdError(raw: string): string | undefined {
  const id = raw.trim();
  if (id.length === 0) return 'id must not be empty';
  const i = raw.indexOf('/');
  const signal = (i < 0 ? raw : raw.slice(0, i)).trim();
  if (i >= 0 && signal.length === 0) return `in "${id}" id: the part before / should not be empty`;
  if (!(SIGNALS as readonly string[]).includes(signal)) return `in "${id}" id: unknown pipeline signal: "${signal}"`;
  if (i >= 0) return nameError(id, raw.slice(i + 1).trim());
  return undefined;
}

/** Best-effort repair for a type: lower-case, '-'/'.'/space → '_', strip the rest. */
export function repairType(type: string): string | undefined {
  let t = type.trim().replace(/[-.\s]+/g, '_').replace(/[^0-9a-zA-Z_]/g, '');
  t = t.replace(/^[^a-zA-Z]+/, '');
  t = t.slice(0, 63);
  return t && TYPE_RE.test(t) ? t : undefined;
}

export function repairName(name: string): string | undefined {
  const n = [...name.trim()].map((ch) => (/[\p{Z}\p{C}\p{S}]/u.test(ch) ? '_' : ch)).join('');
  return n && NAME_RE.test(n) ? n : undefined;
}

export function closest(word: string, candidates: string[], maxRatio = 0.4): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const lw = word.toLowerCase();
  for (const c of candidates) {
    const d = c.toLowerCase() === lw ? 0 : editDistance(lw, c.toLowerCase()) + (c === word ? 0 : 0);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  return bestD <= Math.max(1, Math.floor(Math.max(word.length, best.length) * maxRatio)) ? best : undefined;
}
