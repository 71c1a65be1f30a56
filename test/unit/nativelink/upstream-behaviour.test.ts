import * as assert from 'node:assert';
import { nativelinkRules } from '../../../server/src/nativelink/rules';
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
});
