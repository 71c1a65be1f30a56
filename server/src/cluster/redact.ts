/**
 * One redactor per connection: it knows that connection's secrets and removes them, and their obvious encodings,
 * from any text before it is printed, logged or shown. Redaction runs on whole texts, before anything is cut or
 * whitespace-collapsed, and also removes fragments (≥ 8 characters) so that a cut made elsewhere (by the server,
 * by a proxy, by a shape message) cannot leave the start of a token behind.
 */

/** Shortest secret fragment that is redacted on its own; shorter pieces carry too little to matter. */
export const MIN_FRAGMENT = 8;
/** Shortest secret that is redacted at all (exact matches); shorter "secrets" would blank out ordinary words. */
const MIN_SECRET = 3;
const MASK = '***';

/** Userinfo (`user:pass@`, `token@`) of any URL-like text, parseable or not. */
// Bounded repeats keep the scan linear: an unbounded scheme run backtracks quadratically on long words.
const USERINFO = /(\b[a-z][a-z0-9+.-]{0,31}:\/\/)[^\s/?#@]{0,2048}@/gi;
const AUTH_HEADER = /(authorization\s*[:=]\s*)(bearer|basic)?\s*\S+/gi;

/**
 * A URL with any userinfo replaced by `***`, for messages about URLs that may not even parse
 * (`http://user:pw@host:99999`). Never returns the password, whatever the input.
 */
export function stripUserinfo(url: string): string {
  // Up to the last "@": a password may itself hold "/", "?" or "#", which would end the authority early.
  return url.includes('@') ? url.replace(/^([a-z][a-z0-9+.-]*:\/*)?[\s\S]*@/i, `$1${MASK}@`) : url;
}

function b64(buf: Buffer): string {
  return buf.toString('base64');
}

/**
 * The forms a secret takes in text we did not write: as is, whitespace collapsed or removed (HTML/whitespace
 * normalisation), URL-encoded, JSON-escaped, and base64/base64url at each of the three byte alignments it can
 * have inside a longer encoded string (e.g. `user:token` in a Basic header). For the aligned forms only the
 * characters that do not depend on the neighbouring bytes are kept.
 */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret, secret.replace(/\s+/g, ' '), secret.replace(/\s+/g, ''), encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
  try {
    forms.add(decodeURIComponent(secret));
  } catch {
    /* not URL-encoded */
  }
  const plain = [...forms].filter((f) => f.length >= MIN_SECRET);
  // Encoded pieces shorter than a fragment would match ordinary text by chance.
  const encoded = new Set<string>();
  const bytes = Buffer.from(secret, 'utf8');
  for (let pad = 0; pad < 3; pad++) {
    const enc = b64(Buffer.concat([Buffer.alloc(pad), bytes]));
    // Characters covering the pad bytes (and the one they share) depend on the prefix; the last group on the suffix.
    const skip = pad === 0 ? 0 : pad === 1 ? 2 : 3;
    const tailBytes = (pad + bytes.length) % 3;
    const cutEnd = tailBytes === 0 ? enc.length : enc.length - 4 + (tailBytes === 1 ? 1 : 2);
    const core = enc.slice(skip, cutEnd);
    encoded.add(core);
    encoded.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
    if (pad === 0) encoded.add(enc);
  }
  return [...plain, ...[...encoded].filter((f) => f.length >= MIN_FRAGMENT)];
}

export class Redactor {
  private exact: string[] = [];
  private readonly grams = new Set<string>();

  constructor(secrets: Iterable<string | undefined> = []) {
    for (const s of secrets) this.add(s);
  }

  /** Remember a secret (too-short values are ignored; see MIN_SECRET). */
  add(secret: string | undefined): void {
    if (!secret || secret.length < MIN_SECRET) return;
    for (const f of secretForms(secret)) {
      if (!this.exact.includes(f)) this.exact.push(f);
      for (let i = 0; i + MIN_FRAGMENT <= f.length; i++) this.grams.add(f.slice(i, i + MIN_FRAGMENT));
    }
    // Longest first, so that a secret containing another is replaced whole.
    this.exact.sort((a, b) => b.length - a.length);
  }

  /** Remember the password (and user:password) of a proxy URL. */
  addUrlCredentials(url: string | undefined): void {
    if (!url) return;
    try {
      const u = new URL(url);
      if (u.password) {
        this.add(u.password);
        this.add(decodeURIComponent(u.password));
        this.add(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`);
      }
    } catch {
      /* an unparsable proxy URL: its userinfo is still removed by the URL pattern */
    }
  }

  get size(): number {
    return this.exact.length;
  }

  /** The text with every known secret, its encodings and fragments, URL userinfo and Authorization values masked. */
  redact(text: string): string {
    if (typeof text !== 'string' || !text) return text;
    let out = text.replace(USERINFO, `$1${MASK}@`);
    for (const s of this.exact) if (out.includes(s)) out = out.split(s).join(MASK);
    if (this.grams.size) out = this.maskFragments(out);
    return out.replace(AUTH_HEADER, `$1$2 ${MASK}`);
  }

  /** A deep copy of a JSON-like value with every string (keys too) redacted. */
  redactDeep<T>(value: T): T {
    if (!this.size) return value;
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') return this.redact(v);
      if (Array.isArray(v)) return v.map(walk);
      if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
        const o: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) o[this.redact(k)] = walk(x);
        return o;
      }
      return v;
    };
    return walk(value) as T;
  }

  /** Masks every run of text covered by MIN_FRAGMENT-character pieces of a secret form; linear in the text. */
  private maskFragments(text: string): string {
    let out = '';
    let last = 0;
    let coverEnd = -1;
    let runStart = -1;
    for (let i = 0; i + MIN_FRAGMENT <= text.length; i++) {
      if (!this.grams.has(text.slice(i, i + MIN_FRAGMENT))) continue;
      if (i > coverEnd) {
        if (runStart >= 0) {
          out += text.slice(last, runStart) + MASK;
          last = coverEnd;
        }
        runStart = i;
      }
      coverEnd = i + MIN_FRAGMENT;
    }
    if (runStart < 0) return text;
    return out + text.slice(last, runStart) + MASK + text.slice(coverEnd);
  }
}
