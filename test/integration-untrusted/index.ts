import { runIn } from '../integration/index';

/** Entry point for the Restricted Mode suite (run.mjs --untrusted). */
export function run(): Promise<void> {
  return runIn(__dirname);
}
