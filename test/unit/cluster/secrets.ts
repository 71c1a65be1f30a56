import * as assert from 'node:assert/strict';

/**
 * `text` holds no form of `secret`: as is, URL-encoded, base64/base64url (also inside `user:secret`), nor any
 * 8-character piece of it (what a cut leaves behind).
 */
export function assertNoSecret(text: string, secret: string, where = 'output'): void {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const forms = [secret, encodeURIComponent(secret), b64(secret), Buffer.from(secret).toString('base64url'), b64(`user:${secret}`).slice(8, 30)];
  for (const f of forms) assert.ok(!text.includes(f), `${where} holds a form of the secret: ${text.slice(0, 400)}`);
  for (let i = 0; i + 8 <= secret.length; i++) assert.ok(!text.includes(secret.slice(i, i + 8)), `${where} holds the fragment "${secret.slice(i, i + 8)}": ${text.slice(0, 400)}`);
}
