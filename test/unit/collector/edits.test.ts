import * as assert from 'node:assert/strict';
import {
  addSequenceItem,
  applyEdits,
  insertMappingEntry,
  moveSequenceItem,
  removeProperty,
  removeSequenceItem,
  renameKey,
  setMappingValue,
} from '../../../server/src/collector/edits';
import { findProp, getIn } from '../../../server/src/collector/model';
import { parse } from './helpers';

function root(text: string) {
  const r = parse(text);
  assert.ok(r);
  return r;
}

describe('collector edits', () => {
  it('inserts a key into a block mapping at the children indentation, keeping comments', () => {
    const text = 'processors:\n    # keep me\n    batch:\n        timeout: 1s\nexporters:\n';
    const r = root(text);
    const out = applyEdits(text, [insertMappingEntry(text, findProp(r, 'processors')!, 'memory_limiter', 'check_interval: 1s', true)]);
    assert.equal(out, 'processors:\n    # keep me\n    batch:\n        timeout: 1s\n    memory_limiter:\n        check_interval: 1s\nexporters:\n');
    assert.ok(parse(out));
  });

  it('inserts into an empty mapping value and into a flow mapping', () => {
    const text = 'receivers:\n  # none yet\nservice: {}\n';
    const r = root(text);
    const out = applyEdits(text, [insertMappingEntry(text, findProp(r, 'receivers')!, 'otlp')]);
    assert.equal(out, 'receivers:\n  otlp:\n  # none yet\nservice: {}\n');
    const out2 = applyEdits(text, [insertMappingEntry(text, getIn(r, 'service')!, 'extensions', '[a]')]);
    assert.equal(out2, 'receivers:\n  # none yet\nservice: {extensions: [a]}\n');
  });

  it('adds a top-level section at the end of the document', () => {
    const text = 'service:\n  pipelines: {}\n';
    const out = applyEdits(text, [insertMappingEntry(text, root(text), 'exporters', 'debug:', true)]);
    assert.equal(out, 'service:\n  pipelines: {}\nexporters:\n  debug:\n');
  });

  it('adds sequence items to flow, empty-flow, block and missing lists', () => {
    const flow = 'p:\n  processors: [a, b]\n';
    assert.equal(applyEdits(flow, [addSequenceItem(flow, findProp(getIn(root(flow), 'p'), 'processors')!, 'c')]), 'p:\n  processors: [a, b, c]\n');
    assert.equal(applyEdits(flow, [addSequenceItem(flow, findProp(getIn(root(flow), 'p'), 'processors')!, 'c', 0)]), 'p:\n  processors: [c, a, b]\n');
    const empty = 'p:\n  processors: [ ]\n';
    assert.equal(applyEdits(empty, [addSequenceItem(empty, findProp(getIn(root(empty), 'p'), 'processors')!, 'c')]), 'p:\n  processors: [c]\n');
    const block = 'p:\n  processors:\n    - a # first\n    - b\nq: 1\n';
    assert.equal(applyEdits(block, [addSequenceItem(block, findProp(getIn(root(block), 'p'), 'processors')!, 'c')]), 'p:\n  processors:\n    - a # first\n    - b\n    - c\nq: 1\n');
    assert.equal(applyEdits(block, [addSequenceItem(block, findProp(getIn(root(block), 'p'), 'processors')!, 'c', 0)]), 'p:\n  processors:\n    - c\n    - a # first\n    - b\nq: 1\n');
    const none = 'p:\n  processors:\n';
    assert.equal(applyEdits(none, [addSequenceItem(none, findProp(getIn(root(none), 'p'), 'processors')!, 'c')]), 'p:\n  processors: [c]\n');
  });

  it('moves and removes sequence items in both styles', () => {
    const flow = 'x: [a, b, c]\n';
    const fa = getIn(root(flow), 'x')!;
    assert.equal(applyEdits(flow, [moveSequenceItem(flow, fa, 2, 0)]), 'x: [c, a, b]\n');
    assert.equal(applyEdits(flow, [removeSequenceItem(flow, fa, 1)]), 'x: [a, c]\n');
    assert.equal(applyEdits(flow, [removeSequenceItem(flow, fa, 2)]), 'x: [a, b]\n');
    const block = 'x:\n  - a\n  - b # bee\n  - c\ny: 2\n';
    const ba = getIn(root(block), 'x')!;
    assert.equal(applyEdits(block, [moveSequenceItem(block, ba, 1, 0)]), 'x:\n  - b # bee\n  - a\n  - c\ny: 2\n');
    assert.equal(applyEdits(block, [moveSequenceItem(block, ba, 0, 2)]), 'x:\n  - b # bee\n  - c\n  - a\ny: 2\n');
    assert.equal(applyEdits(block, [removeSequenceItem(block, ba, 1)]), 'x:\n  - a\n  - c\ny: 2\n');
  });

  it('renames keys keeping quotes, sets values, removes properties', () => {
    const text = 'exporters:\n  "otlp/a":\n    endpoint: x:1\n  debug:\n    verbosity: basic\n';
    const r = root(text);
    const ex = getIn(r, 'exporters')!;
    const key = findProp(ex, 'otlp/a')!.children![0];
    assert.equal(applyEdits(text, [renameKey(text, key, 'otlp_grpc/a')]), text.replace('"otlp/a"', '"otlp_grpc/a"'));
    const dbg = getIn(ex, 'debug')!;
    assert.equal(applyEdits(text, [setMappingValue(text, dbg, 'verbosity', 'detailed')]), text.replace('basic', 'detailed'));
    assert.equal(applyEdits(text, [setMappingValue(text, dbg, 'sampling_initial', '5')]), text + '    sampling_initial: 5\n');
    assert.equal(applyEdits(text, [removeProperty(text, findProp(ex, 'otlp/a')!)]), 'exporters:\n  debug:\n    verbosity: basic\n');
  });

  it('keeps CRLF line endings', () => {
    const text = 'processors:\r\n  batch:\r\n';
    const out = applyEdits(text, [insertMappingEntry(text, findProp(root(text), 'processors')!, 'memory_limiter', 'check_interval: 1s', true)]);
    assert.equal(out, 'processors:\r\n  batch:\r\n  memory_limiter:\r\n    check_interval: 1s\r\n');
  });
});
