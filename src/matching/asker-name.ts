/**
 * What engineers see of an asker: the first name only. A name with spaces ("Anna Schmidt") gives
 * its first word; a Chinese name without spaces ("王小明") gives the given name after the one-
 * character family name ("小明"); a one-character name stays as it is.
 */
export function firstNameOf(name: string): string {
  const trimmed = name.trim();
  const words = trimmed.split(/\s+/);
  if (words.length > 1) return words[0];
  const chars = [...trimmed];
  if (chars.length >= 2 && /\p{Script=Han}/u.test(chars[0])) return chars.slice(1).join('');
  return trimmed;
}
