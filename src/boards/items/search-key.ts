/**
 * What pg_trgm compares for "similar items". The database runs in the C locale, where pg_trgm sees
 * no letters in Chinese text at all; so Latin text is kept (lower-cased words) and each run of
 * Han characters becomes ASCII words, one per pair of neighbouring characters (a single character
 * stands alone), written as their code points in hex. Two titles that share a phrase then share words.
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

const hanWord = (chars: string) => `h${[...chars].map((c) => c.codePointAt(0)!.toString(16)).join('')}`;
