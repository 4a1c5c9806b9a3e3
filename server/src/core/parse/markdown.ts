import { parse, postprocess, preprocess } from 'micromark';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import { parse as parseYaml, YAMLError } from 'yaml';
import { gatedTable } from './tableGate';
import { compileTree, type MdNode } from './tree';

/**
 * GFM as remark-gfm registers it, without autolink literals, then YAML front matter, as
 * remark-frontmatter adds it. Bare URLs and e-mail addresses becoming link nodes changes nothing
 * Kijun reads — their text stays the same, and links with a scheme are never local links — while
 * the literal's tree transform (a find-and-replace over every text node) costs about a third of
 * the whole parse. The extensions are built once for the process, but for the table, which is
 * gated by the lines of each document (tableGate.ts).
 */
const before = [gfmFootnote(), gfmStrikethrough()];
const after = [gfmTaskListItem(), frontmatter(['yaml'])];
const plain = [...before, ...after];

function extensionsFor(text: string) {
  const table = gatedTable(text);
  return table ? [...before, table, ...after] : plain;
}

export interface FrontMatter {
  /** Parsed YAML mapping, or undefined when absent or not a mapping. */
  data: Record<string, unknown> | undefined;
  /** Set when front matter is present but is not valid YAML: the parser's message, without its position. */
  error: string | undefined;
  /** Offset (in the parsed text) where the YAML parser found the error. */
  errorAt: number | undefined;
  /** Whether broken front matter has a `kijun:` or `document:` key: it meant to declare a kind. */
  declaresKind: boolean;
}

export interface ParsedMarkdown {
  tree: MdNode;
  frontMatter: FrontMatter;
}

/**
 * Parses Markdown with micromark into the tree Kijun reads (see tree.ts), with source offsets.
 * Never throws: a parser failure (which micromark does not do on any input we know of, but a
 * dependency may) yields an empty tree.
 */
export function parseMarkdown(text: string): ParsedMarkdown {
  let tree: MdNode;
  try {
    tree = compileTree(postprocess(parse({ extensions: extensionsFor(text) }).document().write(preprocess()(text, undefined, true))), text);
  } catch {
    tree = compileTree([], '');
  }
  return { tree, frontMatter: readFrontMatter(tree, text) };
}

function readFrontMatter(tree: MdNode, text: string): FrontMatter {
  const first = tree.children[0];
  if (!first || first.type !== 'yaml') return { data: undefined, error: undefined, errorAt: undefined, declaresKind: false };
  try {
    const data: unknown = parseYaml(first.value);
    if (data && typeof data === 'object' && !Array.isArray(data)) {
      return { data: data as Record<string, unknown>, error: undefined, errorAt: undefined, declaresKind: false };
    }
    return { data: undefined, error: undefined, errorAt: undefined, declaresKind: false };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // The YAML starts on the line after the opening `---` (the node spans both fences).
    const start = first.start;
    const end = first.end;
    const opening = /\r\n|\r|\n/u.exec(text.slice(start, end));
    const valueStart = opening ? start + opening.index + opening[0].length : end;
    const inYaml = e instanceof YAMLError ? e.pos[0] : 0;
    return {
      data: undefined,
      error: message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/u, ''),
      errorAt: Math.min(valueStart + Math.min(inYaml, first.value.length), end),
      declaresKind: /^[ \t]*(?:kijun|document)[ \t]*:/mu.test(first.value),
    };
  }
}
