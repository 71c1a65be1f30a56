/** A key that YAML reads back as the same string when written plain (otherwise it is written quoted). */
export function isPlainKey(key: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_./-]*$/.test(key) && !/^(?:true|false|null|yes|no|on|off|y|n|~)$/i.test(key);
}
