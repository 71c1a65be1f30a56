import * as assert from 'node:assert/strict';
import { parseYaml } from '../../../server/src/parser/yaml';
import { valueOf } from '../../../server/src/parser/ast';
import { lineStarts, mappingText, scalarText } from '../../../server/src/service/embedded/blockText';

/** The scalar at `data.k` of a host text, as an embedded text (or undefined when declined). */
function extract(host: string) {
  const root = parseYaml(host).root!;
  const node = valueOf(valueOf(root, 'data'), 'k')!;
  return { node, t: scalarText(host, lineStarts(host), node) };
}

/** Every character that came from the host is the host's character at the mapped offset. */
function assertMapped(host: string, t: { text: string; map: { segments: { emb: number; host: number; length: number }[] } }) {
  for (const s of t.map.segments) assert.equal(host.slice(s.host, s.host + s.length), t.text.slice(s.emb, s.emb + s.length));
}

describe('embedded text of block scalars', () => {
  const body = ['a: 1', '', 'b:', '  - x  # c', '   ', 'c: >', '  folded', '  text', ''];
  for (const header of ['|', '|-', '|+', '|2', '|2-', '>', '>-', '>+']) {
    for (const eol of ['\n', '\r\n']) {
      it(`${header} with ${eol === '\n' ? 'LF' : 'CRLF'}: the library's value, or declined; never a wrong map`, () => {
        const host = ['data:', `  k: ${header}`, ...body.map((l) => (l ? '    ' + l : l)), '  other: 1', ''].join(eol);
        const { node, t } = extract(host);
        if (header.startsWith('|')) assert.ok(t, 'literal scalars are always mapped');
        if (!t) return;
        assert.equal(t.text, node.value);
        assertMapped(host, t);
        // Literal lines are host lines: a line break inserted by an edit is followed by the block's indentation.
        assert.equal(t.indent, header.startsWith('|') ? 4 : -1);
      });
    }
  }

  it('folds lines of equal indentation into one, keeps more-indented lines, and maps each piece', () => {
    const host = 'data:\n  k: >\n    one\n    two\n\n    three\n      code\n    four\n';
    const { node, t } = extract(host);
    assert.ok(t);
    assert.equal(t.text, node.value);
    assert.equal(t.text, 'one two\nthree\n  code\nfour\n');
    assertMapped(host, t);
    assert.equal(host[t.map.toHost(t.text.indexOf('two'))], 't');
  });

  it('maps host offsets into the text and back; indentation is outside it', () => {
    const host = 'data:\n  k: |\n    a: 1\n\n    b: 2\n';
    const { t } = extract(host);
    assert.ok(t);
    const b = host.indexOf('b: 2');
    assert.equal(t.map.toEmbedded(b), t.text.indexOf('b: 2'));
    assert.equal(t.map.toHost(t.text.indexOf('b: 2')), b);
    assert.equal(t.map.toEmbedded(host.indexOf('    b') + 1), undefined, 'inside the indentation');
  });

  it('one-line scalars map only when the source is the value', () => {
    assert.ok(extract('data:\n  k: "receivers: {}"\n').t);
    assert.equal(extract('data:\n  k: "a\\tb"\n').t, undefined, 'an escape: no one-to-one map');
  });

  it('a random walk of block scalars never yields a text that differs from the library or a wrong map', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    const pieces = ['x', 'key: v', '  deeper', '', '   ', '# c', '\tt', 'a b', '    more'];
    let checked = 0;
    for (let i = 0; i < 400; i++) {
      const header = ['|', '|-', '|+', '>', '>-', '>+', '|1', '>2-'][rnd(8)];
      const lines = Array.from({ length: 1 + rnd(6) }, () => pieces[rnd(pieces.length)]);
      if (!lines.some((l) => l.trim() && !l.startsWith(' ') && !l.startsWith('\t'))) lines.unshift('first');
      const host = ['data:', `  k: ${header}`, ...lines.map((l) => (l ? '    ' + l : '')), rnd(2) ? '  z: 1' : '', ''].join(rnd(2) ? '\n' : '\r\n');
      const parsed = parseYaml(host);
      if (parsed.errors.length) continue;
      const node = valueOf(valueOf(parsed.root, 'data'), 'k');
      if (node?.type !== 'string') continue;
      const t = scalarText(host, lineStarts(host), node);
      if (!t) continue;
      assert.equal(t.text, node.value, JSON.stringify(host));
      assertMapped(host, t);
      checked++;
    }
    assert.ok(checked > 200, `${checked} scalars checked`);
  });
});

describe('embedded text of block mappings (v1beta1 spec.config, Helm config)', () => {
  it('dedents the mapping; comments left of it become empty lines', () => {
    const host = 'spec:\n  config:\n    receivers:\n# note\n      otlp: {}\n\n    service: {}\n  mode: x\n';
    const node = valueOf(valueOf(parseYaml(host).root, 'spec'), 'config')!;
    const t = mappingText(host, lineStarts(host), node);
    assert.ok(t);
    assert.equal(t.text, 'receivers:\n\n  otlp: {}\n\nservice: {}\n');
    assert.equal(t.indent, 4);
    assertMapped(host, t);
  });

  it('declines a flow mapping', () => {
    const host = 'spec:\n  config: {receivers: {}}\n';
    assert.equal(mappingText(host, lineStarts(host), valueOf(valueOf(parseYaml(host).root, 'spec'), 'config')!), undefined);
  });
});
