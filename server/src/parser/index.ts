export * from './ast';
export { parseJson5 } from './json5';
export { parseYaml } from './yaml';
