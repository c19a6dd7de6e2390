/**
 * What pg_trgm compares for "similar items". The database runs in the C locale, where pg_trgm sees
 * no letters in Chinese text at all; so Latin text is kept (lower-cased words) and each run of
 * Han characters becomes ASCII words, one per pair of neighbouring characters (a single character
 * stands alone), each character as three base-36 digits, least significant first: the first letters
 * of the words spread evenly, so no trigram is shared by every Chinese title (which would make the
 * index read long lists). Two titles that share a phrase then share words.
 */
const HAN = /\p{Script=Han}/u;

export function searchKey(text: string): string {
  const words: string[] = [];
  let latin = '';
  let han: string[] = [];
  const flushLatin = () => {
    if (latin.trim()) words.push(latin.trim());
    latin = '';
  };
  const flushHan = () => {
    if (han.length === 1) words.push(hanWord(han[0]));
    for (let i = 0; i + 1 < han.length; i++) words.push(hanWord(han[i] + han[i + 1]));
    han = [];
  };
  for (const ch of text.normalize('NFKC').toLowerCase()) {
    if (HAN.test(ch)) {
      flushLatin();
      han.push(ch);
    } else {
      flushHan();
      latin += /[\p{L}\p{N}]/u.test(ch) ? ch : ' ';
    }
  }
  flushLatin();
  flushHan();
  return words.join(' ').replace(/\s+/g, ' ').slice(0, 2000);
}

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';

function hanCode(char: string): string {
  let n = char.codePointAt(0)! % 46656;
  let out = '';
  for (let i = 0; i < 3; i++, n = Math.floor(n / 36)) out += DIGITS[n % 36];
  return out;
}

const hanWord = (chars: string) => [...chars].map(hanCode).join('');
