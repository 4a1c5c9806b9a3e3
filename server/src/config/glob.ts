import picomatch from 'picomatch';

/**
 * Globs of kijun.json, bounded so that matching them always takes bounded time. picomatch turns
 * each `*` into a lazy `[^/]*?` and each `**` into a lazy run across slashes; a failing match
 * backtracks through every way of splitting the name between them, so the cost grows as the
 * name's length to the power of the number of wildcards (`*a*a*a*a*a*b` against a 200-character
 * name: 90 s). With at most 3 `*` in a path segment (names are at most 255 bytes) and 2 `**` in
 * a glob, the worst case stays in milliseconds; extglobs (`+(a|aa)`, a classic exponential
 * pattern) are not interpreted.
 */

export const MAX_GLOB_LENGTH = 256;
export const MAX_STARS_PER_SEGMENT = 3;
export const MAX_GLOBSTARS = 2;

const OPTIONS = { dot: true, noextglob: true } as const;

/** What is wrong with a glob, or undefined when it is usable. */
export function globProblem(glob: string): string | undefined {
  if (glob.length > MAX_GLOB_LENGTH) return `is ${glob.length} characters long; a glob may have at most ${MAX_GLOB_LENGTH}`;
  const segments = glob.split('/');
  const globstars = segments.filter((s) => s === '**').length;
  if (globstars > MAX_GLOBSTARS) return `has ${globstars} "**"; a glob may have at most ${MAX_GLOBSTARS} "**"`;
  for (const s of segments) {
    if (s === '**') continue;
    const stars = (s.replace(/\\./gu, '').match(/\*+/gu) ?? []).length;
    if (stars > MAX_STARS_PER_SEGMENT) return `has ${stars} "*" in the segment "${s}"; a glob may have at most ${MAX_STARS_PER_SEGMENT} "*" in one path segment`;
  }
  return undefined;
}

/** A matcher for globs already checked by globProblem. */
export function globMatcher(globs: string | string[]): (path: string) => boolean {
  return picomatch(globs, OPTIONS);
}
