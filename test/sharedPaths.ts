import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Repository root, from out/test/ (transpiled) or test/ (sources). */
export const REPO_ROOT = join(__dirname, '..', ...(__dirname.includes(`${'/'}out${'/'}`) ? ['..'] : []));

/**
 * The shared research folder (corpus of real configs, troubleshooting guide) sits beside the checkout
 * as `../shared` (or beside a folder of worktrees, `../../shared`); NATIVELINK_SHARED_DIR overrides it.
 * Tests that need it say plainly when it is absent.
 */
export const SHARED_DIR = (() => {
  const candidates = [process.env.NATIVELINK_SHARED_DIR, join(REPO_ROOT, '..', 'shared'), join(REPO_ROOT, '..', '..', 'shared')].filter(
    (p): p is string => !!p,
  );
  return candidates.find((p) => existsSync(p)) ?? candidates[0];
})();

export const CORPUS_DIR = join(SHARED_DIR, 'corpus');
export const GUIDE_PATH = join(SHARED_DIR, 'seed', 'troubleshooting-guide.txt');
