/**
 * Link resolution between documents, with file: URIs so the core never needs a file system:
 * `./incident-runbook.md#初動` from file:///p/policy.md is file:///p/incident-runbook.md + anchor.
 */
export interface ResolvedLink {
  /** Target document URI without fragment; undefined for a same-document anchor. */
  uri: string | undefined;
  anchor: string | undefined;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/iu;

/** Local links only: http(s), mailto and other schemes, and protocol-relative links are not ours. */
export function resolveLink(fromUri: string, url: string): ResolvedLink | undefined {
  const trimmed = url.trim();
  if (!trimmed || SCHEME.test(trimmed) || trimmed.startsWith('//')) return undefined;
  const hash = trimmed.indexOf('#');
  const path = hash >= 0 ? trimmed.slice(0, hash) : trimmed;
  const anchor = hash >= 0 ? safeDecode(trimmed.slice(hash + 1)) : undefined;
  if (path === '') return { uri: undefined, anchor };
  if (path.startsWith('/')) return undefined; // site-absolute paths depend on a web server's root
  try {
    const target = new URL(encodeSegments(safeDecode(path)), fromUri);
    return { uri: target.href, anchor: anchor || undefined };
  } catch {
    return undefined;
  }
}

/**
 * Whether a URI lies under one of the workspace roots (folder URIs, from the host). Without
 * roots everything is inside. Links that leave the roots are not followed: what exists out
 * there, and what it says, is none of the workspace's business.
 */
export function isInside(uri: string, roots: readonly string[] | undefined): boolean {
  if (!roots) return true;
  return roots.some((r) => {
    const root = r.endsWith('/') ? r : `${r}/`;
    return uri === r || uri.startsWith(root);
  });
}

export function isMarkdownUri(uri: string): boolean {
  return /\.(?:md|markdown)$/iu.test(uri);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function encodeSegments(path: string): string {
  return path
    .split('/')
    .map((seg) => (seg === '.' || seg === '..' ? seg : encodeURIComponent(seg)))
    .join('/');
}
