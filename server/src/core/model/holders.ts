import { normalizeKey } from '../text/normalize';

/**
 * Holder comparison key: the same post written differently must compare equal —
 * 「情報システム課長」, 「情報システム課 課長」, 「情報システム課の課長」, 「ｼｽﾃﾑ課長殿」 — so width,
 * spaces, honorifics and the particle の between nouns are ignored.
 */
export function holderKey(text: string): string {
  let k = known.get(text);
  if (k === undefined) {
    // A bound, not a policy: a long session sees new titles as it is typed.
    if (known.size >= 50_000) known.clear();
    known.set(text, (k = computeHolderKey(text)));
  }
  return k;
}

/** Readers and rules ask for the keys of the same few titles again and again. */
const known = new Map<string, string>();

function computeHolderKey(text: string): string {
  let k = normalizeKey(text)
    .replace(/^(?:the|our|a|an)\s+/u, '')
    .replace(/(?:殿|様|氏|さん|各位)$/u, '')
    .replace(/[「」『』"'“”]/gu, '')
    .replace(/[。．.、,]+$/u, '');
  // 「課の課長」→「課課長」→「課長」: the unit name repeated before its head is the same post.
  k = k.replace(/(?<=[\p{Script=Han}\p{Script=Katakana}])の(?=[\p{Script=Han}\p{Script=Katakana}])/gu, '');
  k = k.replace(/(課|室|部|局|係|班)\1(長|補佐)/gu, '$1$2');
  return k.trim();
}
