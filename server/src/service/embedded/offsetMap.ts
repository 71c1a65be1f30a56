/**
 * Offsets between an embedded document's text and its host file. The embedded text is assembled from host
 * slices (a block scalar's lines without their indentation, a YAML subtree's lines dedented) and characters
 * the host does not spell (line breaks, folded spaces, Helm chart defaults we add). Each host slice is one
 * segment; characters between segments are synthetic.
 */
export interface Segment {
  /** Start in the embedded text. */
  emb: number;
  /** Start in the host text. */
  host: number;
  length: number;
}

export class OffsetMap {
  /** Sorted by `emb` and, since hosts are read top to bottom, by `host` too. */
  constructor(readonly segments: Segment[], private readonly synthetic: { offset: number; length: number }[] = []) {}

  /** The same map for a host whose text starts `by` characters later (a document of a multi-document file). */
  shifted(by: number): OffsetMap {
    return new OffsetMap(
      this.segments.map((s) => ({ emb: s.emb, host: s.host + by, length: s.length })),
      this.synthetic,
    );
  }

  /** Embedded offset → host offset. A synthetic character maps to the end of the host slice before it. */
  toHost(offset: number): number {
    const s = this.segments;
    if (!s.length) return 0;
    let lo = 0;
    let hi = s.length - 1;
    if (offset < s[0].emb) return s[0].host;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid].emb <= offset) lo = mid;
      else hi = mid - 1;
    }
    const seg = s[lo];
    return seg.host + Math.min(offset - seg.emb, seg.length);
  }

  /** Host offset → embedded offset, or undefined when the host offset lies outside every slice (indentation, other keys). */
  toEmbedded(offset: number): number | undefined {
    const s = this.segments;
    let lo = 0;
    let hi = s.length - 1;
    if (!s.length || offset < s[0].host) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid].host <= offset) lo = mid;
      else hi = mid - 1;
    }
    const seg = s[lo];
    // The end of a slice (its line break) still belongs to it: a cursor at the end of a line is inside.
    return offset <= seg.host + seg.length ? seg.emb + (offset - seg.host) : undefined;
  }

  /** True when the embedded range lies wholly in text we added (chart defaults): it has no place in the host. */
  isSynthetic(offset: number, length: number): boolean {
    return this.synthetic.some((r) => offset >= r.offset && offset + length <= r.offset + r.length);
  }

  /** True when an edit of this embedded range would change text we added (it has no host spelling). */
  touchesSynthetic(offset: number, length: number): boolean {
    const end = offset + length;
    return this.synthetic.some((r) => (length ? offset < r.offset + r.length && end > r.offset : offset > r.offset && offset < r.offset + r.length));
  }

  /** First and last host offsets covered (for "which embedded document is at this host position"). */
  get hostStart(): number {
    return this.segments.length ? this.segments[0].host : 0;
  }

  get hostEnd(): number {
    const l = this.segments[this.segments.length - 1];
    return l ? l.host + l.length : 0;
  }
}

/**
 * Builds text and map together: `host(from, to)` appends a host slice, `add(text)` synthetic text (kept apart
 * from the map, so a range inside it is known to have no host position).
 */
export class MappedTextBuilder {
  private parts: string[] = [];
  private length = 0;
  private segments: Segment[] = [];
  private synthetic: { offset: number; length: number }[] = [];

  constructor(private readonly hostText: string) {}

  host(from: number, to: number): void {
    if (to <= from) return;
    this.segments.push({ emb: this.length, host: from, length: to - from });
    this.parts.push(this.hostText.slice(from, to));
    this.length += to - from;
  }

  /** A zero-length slice: an empty embedded line whose host line is blank (edits there need the indentation). */
  anchor(at: number): void {
    this.segments.push({ emb: this.length, host: at, length: 0 });
  }

  /** A character the host spells differently (a line break for `\r\n`, a folded space): no segment, not synthetic. */
  implied(text: string): void {
    this.parts.push(text);
    this.length += text.length;
  }

  add(text: string): void {
    if (!text) return;
    this.synthetic.push({ offset: this.length, length: text.length });
    this.parts.push(text);
    this.length += text.length;
  }

  /** Appends a slice of another embedded text, keeping its mapping (used when Helm defaults are spliced in). */
  mapped(text: string, map: OffsetMap, from: number, to: number): void {
    for (const seg of map.segments) {
      const a = Math.max(from, seg.emb);
      const b = Math.min(to, seg.emb + seg.length);
      if (seg.length ? b <= a : seg.emb < from || seg.emb >= to) continue;
      // Unmapped characters between segments come over as implied ones.
      this.segments.push({ emb: this.length + (a - from), host: seg.host + (a - seg.emb), length: b - a });
    }
    this.parts.push(text.slice(from, to));
    this.length += to - from;
  }

  get offset(): number {
    return this.length;
  }

  build(): { text: string; map: OffsetMap } {
    return { text: this.parts.join(''), map: new OffsetMap(this.segments, this.synthetic) };
  }
}
