import { unified, type Processor } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import type { Root } from 'mdast';
import { parse as parseYaml, YAMLError } from 'yaml';

/**
 * GFM as remark-gfm registers it, without autolink literals. Bare URLs and e-mail addresses
 * becoming link nodes changes nothing Kijun reads — their text stays the same, and links with a
 * scheme are never local links — while the literal's tree transform (a find-and-replace over
 * every text node) costs about a third of the whole parse.
 */
function gfmWithoutAutolinkLiterals(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmFootnote(), gfmStrikethrough(), gfmTable(), gfmTaskListItem());
  (data.fromMarkdownExtensions ??= []).push(gfmFootnoteFromMarkdown(), gfmStrikethroughFromMarkdown(), gfmTableFromMarkdown(), gfmTaskListItemFromMarkdown());
}

/** One frozen processor for the whole process: building it per document costs more than parsing. */
const processor = unified().use(remarkParse).use(gfmWithoutAutolinkLiterals).use(remarkFrontmatter, ['yaml']).freeze();

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
  tree: Root;
  frontMatter: FrontMatter;
}

/**
 * Parses Markdown into mdast with source positions. Never throws: a parser failure (which
 * micromark does not do on any input we know of, but a dependency may) yields an empty tree.
 */
export function parseMarkdown(text: string): ParsedMarkdown {
  let tree: Root;
  try {
    tree = processor.parse(text) as Root;
  } catch {
    tree = { type: 'root', children: [] };
  }
  return { tree, frontMatter: readFrontMatter(tree, text) };
}

function readFrontMatter(tree: Root, text: string): FrontMatter {
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
    const start = first.position?.start.offset ?? 0;
    const end = first.position?.end.offset ?? start;
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
