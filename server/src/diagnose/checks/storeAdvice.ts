/** Shared advice about store sizes from the open NativeLink config. */
import type { ConfigFacts, ConfigRef } from '../types';

function human(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Number(v.toFixed(1))} ${units[i]}`;
}

/** Text about the sized stores, and a config ref to the first one's max_bytes with double the size. */
export function storeSizing(facts: ConfigFacts | undefined): { text?: string; config?: ConfigRef } {
  const sized = (facts?.stores ?? []).filter((s) => typeof s.maxBytes === 'number' && s.maxBytes > 0);
  if (!sized.length) return {};
  const text = sized.slice(0, 4).map((s) => `${s.name} (${s.kind}, max_bytes ${human(s.maxBytes!)})`).join(', ');
  const first = sized[0];
  return { text, config: { kind: 'nativelink', key: first.key, suggested: first.maxBytes! * 2 } };
}
