import type { ASTNode } from '../../../server/src/parser/ast';
import type { LanguageEngine } from '../../../server/src/service/engine';
import type { DocKind } from '../../../server/src/service/rules';

/** A small schema exercising every walker keyword, so service tests do not depend on the real schemas. */
export const testSchema = {
  type: 'object',
  additionalProperties: false,
  'x-docs': 'https://example.test/docs',
  properties: {
    stores: {
      type: 'array',
      description: 'All stores.',
      items: { $ref: '#/definitions/store' },
    },
    mode: { type: 'string', enum: ['fast', 'slow'], default: 'fast', description: 'How it runs.' },
    level: { type: 'string', enum: ['basic', 'detailed'], 'x-case-insensitive': true, description: 'Case-insensitive enum.' },
    limits: { type: 'object', 'x-at-least-one-of': ['limit_mib', 'limit_percentage'], properties: { limit_mib: { type: 'integer' }, limit_percentage: { type: 'integer' } }, description: 'Limits.' },
    size: { type: ['integer', 'string'], 'x-grammar': 'size', description: 'A size.', 'x-unit': 'bytes' },
    timeout_s: { type: 'integer', minimum: 0, default: 5, description: 'Seconds before giving up.', 'x-guide': 'https://example.test/guide#timeouts' },
    old_mode: { type: 'string', 'x-alias-of': 'mode', deprecationMessage: 'Use "mode".' },
    receivers: { type: 'object', 'x-components': { otlp: '#/definitions/otlp' }, description: 'Receivers.' },
    service: {
      type: 'object',
      properties: {
        pipelines: {
          type: 'object',
          additionalProperties: {
            type: 'object',
            additionalProperties: false,
            properties: { receivers: { type: 'array', items: { type: 'string' } }, exporters: { type: 'array', items: { type: 'string' } } },
          },
        },
      },
    },
  },
  definitions: {
    store: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      'x-exactly-one-of': ['memory', 'filesystem'],
      properties: {
        name: { type: 'string', description: 'Store name.' },
        memory: { type: 'object', additionalProperties: false, properties: { max_bytes: { type: 'integer', description: 'Cap.' } } },
        filesystem: { type: 'object', required: ['path', 'depth'], properties: { path: { type: 'string', default: '/data' }, depth: { type: 'integer' } } },
      },
      defaultSnippets: [{ label: 'memory store', body: { name: '${1:STORE}', memory: {} } }],
    },
    otlp: { type: 'object', description: 'The OTLP receiver.', additionalProperties: false, properties: { protocols: { type: 'object', description: 'Protocols.' } } },
  },
};

export function testEngine(kind: DocKind, rules: LanguageEngine['rules'] = []): LanguageEngine {
  return {
    kind,
    schema: testSchema,
    rules,
    grammars: {
      size: (node: ASTNode) =>
        node.type === 'string' && !/^\d+(kb|mb|gb)$/i.test(String(node.value))
          ? { message: `"${node.value}" is not a size.` }
          : { explain: `${node.value} is a size` },
    },
    symbols: (root) => {
      const definitions = [];
      const stores = root?.type === 'object' ? root.children?.find((p) => p.children?.[0]?.value === 'stores')?.children?.[1] : undefined;
      for (const s of stores?.children ?? []) {
        const nameProp = s.children?.find((p) => p.children?.[0]?.value === 'name');
        if (nameProp?.children?.[1]) definitions.push({ kind: 'store', name: String(nameProp.children[1].value), nameNode: nameProp.children[1], container: s });
      }
      return { definitions, references: [] };
    },
    suggestValues: (_root, path) => (path[path.length - 2] === 'receivers' || path[path.length - 1] === 'receivers' ? [{ label: 'otlp' }, { label: 'otlp/2' }] : []),
    isRuntimeValue: (node) => node.type === 'string' && /\$\{/.test(String(node.value)),
    insertProperty: (text, obj, key, value) => {
      const close = obj.offset + obj.length - 1;
      const hasProps = (obj.children?.length ?? 0) > 0;
      return { offset: close, length: 0, newText: `${hasProps ? ', ' : ' '}${key}: ${value} ` };
    },
  };
}
