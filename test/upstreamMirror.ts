import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './sharedPaths';

/**
 * Upstream sources (git mirrors laid out as `<owner>+<name>/repo`, the layout of the session's fetch mirror) for
 * tests that check our knowledge against upstream files. NATIVELINK_UPSTREAM_DIR overrides the location; otherwise
 * `.mirror` beside the checkout or beside its folder of worktrees. Tests that need it say plainly when it is absent.
 */
export const UPSTREAM_DIR = (() => {
  if (process.env.NATIVELINK_UPSTREAM_DIR) return process.env.NATIVELINK_UPSTREAM_DIR;
  const candidates = [join(REPO_ROOT, '..', '.mirror'), join(REPO_ROOT, '..', '..', '.mirror')];
  return candidates.find((p) => existsSync(p)) ?? candidates[0];
})();

/** A git mirror of `owner/name` holding `ref`, or undefined. */
export function upstreamRepo(repo: string, ref: string): string | undefined {
  const dir = [join(UPSTREAM_DIR, repo.replace('/', '+'), 'repo'), join(UPSTREAM_DIR, repo.replace('/', '+'))].find((d) => existsSync(d));
  if (!dir) return undefined;
  try {
    execFileSync('git', ['--git-dir', dir, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { stdio: 'ignore' });
    return dir;
  } catch {
    return undefined;
  }
}

/** Text of `path` at `ref`, or undefined when the file is not there. */
export function gitShow(gitDir: string, ref: string, path: string): string | undefined {
  try {
    return execFileSync('git', ['--git-dir', gitDir, 'show', `${ref}:${path}`], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

/** Files under `prefix` at `ref`. */
export function gitFiles(gitDir: string, ref: string, prefix: string): string[] {
  const out = execFileSync('git', ['--git-dir', gitDir, 'ls-tree', '-r', '--name-only', ref, '--', prefix], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return out.split('\n').filter(Boolean);
}
