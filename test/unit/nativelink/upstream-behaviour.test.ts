import * as assert from 'node:assert';
import { nativelinkRules } from '../../../server/src/nativelink/rules';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { engines } from '../../../server/src/service/engines';
import { ConfigLanguageService } from '../../../server/src/service/languageService';
import { defaultSettings } from '../../../server/src/service/settings';
import { runRules } from './helpers';

const rule = (id: string) => {
  const r = nativelinkRules.find((x) => x.id === id);
  assert.ok(r, id);
  return r!;
};

describe('nativelink rules agree with upstream v1.6.6', () => {
  // nativelink-store/src/default_store_factory.rs sends every non-cluster mode to RedisStore::new_standard;
  // nativelink-scheduler/src/default_scheduler_factory.rs downcasts to exactly that type.
  const redis = (mode: string, addresses: string) => `{
  stores: [{ name: "R", redis_store: { addresses: [${addresses}], mode: "${mode}" } }],
  schedulers: [{ name: "S", simple: { worker_timeout_s: 30, max_action_executing_timeout_s: 600, experimental_backend: { redis: { redis_store: "R" } } } }],
  servers: [],
}`;
  it('a sentinel redis_store may back the scheduler', () => {
    assert.deepStrictEqual(runRules(redis('sentinel', '"redis+sentinel://s:26379"'), [rule('nativelink/redis-scheduler-store')]), []);
  });
  it('a standard redis_store may back the scheduler', () => {
    assert.deepStrictEqual(runRules(redis('standard', '"redis://r:6379"'), [rule('nativelink/redis-scheduler-store')]), []);
  });
  it('a cluster redis_store may not', () => {
    const found = runRules(redis('cluster', '"redis://a:6379"'), [rule('nativelink/redis-scheduler-store')]);
    assert.deepStrictEqual(found.map((f) => f.severity), ['error']);
  });
  it('sentinel mode still takes exactly one address (new_standard checks addresses.len() != 1)', () => {
    const found = runRules(redis('sentinel', '"redis://a:26379", "redis://b:26379"'), [rule('nativelink/redis-config')]);
    assert.deepStrictEqual(found.map((f) => f.severity), ['error']);
  });

  // nativelink-scheduler/src/simple_scheduler.rs: worker_timeout_s 0 becomes DEFAULT_WORKER_TIMEOUT_S = 5.
  const sched = (body: string) => `{ stores: [], schedulers: [{ name: "S", simple: { max_action_executing_timeout_s: 600${body} } }], servers: [] }`;
  for (const [body, expect] of [['', 1], [', worker_timeout_s: 0', 1], [', worker_timeout_s: 5', 1], [', worker_timeout_s: 30', 0]] as const) {
    it(`worker_timeout_s${body || ' unset'}: ${expect ? 'advice' : 'silent'}`, () => {
      const found = runRules(sched(body), [rule('nativelink/worker-timeout-default')]);
      assert.equal(found.length, expect, JSON.stringify(found.map((f) => f.message)));
      if (expect && body.endsWith('5')) assert.match(found[0].message, /same as the default/);
    });
  }
});

describe('did-you-mean: prefix, substring and word similarity; few candidates are all offered', () => {
  it('"SCHEDULER" with only "SCHED" defined gets a fix to "SCHED"', () => {
    const text = `{
  stores: [],
  schedulers: [{ name: "SCHED", simple: { worker_timeout_s: 30, max_action_executing_timeout_s: 600 } }],
  servers: [{ listener: { http: { socket_address: "0.0.0.0:50061" } }, services: { worker_api: { scheduler: "SCHEDULER" } } }],
}`;
    const [f] = runRules(text, [rule('nativelink/undefined-scheduler')]);
    assert.match(f.message, /Did you mean "SCHED"\?/);
    assert.deepEqual(f.fixes!.map((x) => x.title), ['Change to "SCHED"']);
    assert.equal(f.fixes![0].isPreferred, true);
  });
  it('with few stores defined, each is offered even when none looks close', () => {
    const text = `{
  stores: [{ name: "CAS", noop: {} }, { name: "AC", noop: {} }],
  servers: [{ listener: { http: { socket_address: "0.0.0.0:50051" } }, services: { cas: [{ instance_name: "", cas_store: "BLOBS" }], ac: [{ instance_name: "", ac_store: "AC" }] } }],
}`;
    const [f] = runRules(text, [rule('nativelink/undefined-store')]);
    assert.deepEqual(f.fixes!.map((x) => x.title).sort(), ['Change to "AC"', 'Change to "CAS"']);
    assert.ok(f.fixes!.every((x) => !x.isPreferred), 'no guess is preferred when nothing is close');
  });
  it('enum "most_recent" gets fixes to both allocation strategies, "most_recently_used" preferred', () => {
    const text = '{ stores: [], schedulers: [{ name: "S", simple: { worker_timeout_s: 30, allocation_strategy: "most_recent" } }], servers: [] }';
    const doc = TextDocument.create('file:///nativelink.json5', 'json5', 1, text);
    const s = new ConfigLanguageService(engines);
    const d = s.diagnostics(doc, defaultSettings).find((x) => x.code === 'nativelink/bad-enum');
    assert.ok(d, 'bad-enum reported');
    const actions = s.codeActions(doc, d!.range, defaultSettings);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.some((t) => t.includes('most_recently_used')), JSON.stringify(titles));
    assert.ok(titles.some((t) => t.includes('least_recently_used')), JSON.stringify(titles));
    assert.ok(actions.find((a) => a.title.includes('most_recently_used'))!.isPreferred);
  });
});
