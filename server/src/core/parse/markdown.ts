import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import type { Root } from 'mdast';
import { parse as parseYaml } from 'yaml';

/** One frozen processor for the whole process: building it per document costs more than parsing. */
const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).freeze();

export interface FrontMatter {
  /** Parsed YAML mapping, or undefined when absent or not a mapping. */
  data: Record<string, unknown> | undefined;
  /** Set when front matter is present but is not valid YAML. */
  error: string | undefined;
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
  return { tree, frontMatter: readFrontMatter(tree) };
}

function readFrontMatter(tree: Root): FrontMatter {
  const first = tree.children[0];
  if (!first || first.type !== 'yaml') return { data: undefined, error: undefined };
  try {
    const data: unknown = parseYaml(first.value);
    if (data && typeof data === 'object' && !Array.isArray(data)) {
      return { data: data as Record<string, unknown>, error: undefined };
    }
    return { data: undefined, error: undefined };
  } catch (e) {
    return { data: undefined, error: e instanceof Error ? e.message : String(e) };
  }
}
