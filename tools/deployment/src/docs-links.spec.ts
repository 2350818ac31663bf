import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { workspaceRoot } from '@moderation/testing';

/** The README is the front page a newcomer reads in five minutes; details belong in docs/. */
const readmeMaxCharacters = 10_500;

/** The documents whose links are checked: the front page, the contributors' guide and docs/. */
function documents(): string[] {
  const docs = resolve(workspaceRoot, 'docs');
  return [
    resolve(workspaceRoot, 'README.md'),
    resolve(workspaceRoot, 'CONTRIBUTING.md'),
    ...readdirSync(docs)
      .filter((name) => name.endsWith('.md'))
      .sort()
      .map((name) => join(docs, name)),
  ];
}

/**
 * The markdown with fenced code blocks and inline code blanked out, character for character so
 * that offsets still point into the original: a `[a](b)` inside code is an example, not a link.
 */
function prose(markdown: string): string[] {
  const blank = (text: string) => ' '.repeat(text.length);
  const lines: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      lines.push(blank(line));
    } else if (marker) {
      fence = marker;
      lines.push(blank(line));
    } else {
      lines.push(line.replace(/(`+)[^`]*?\1/g, blank));
    }
  }
  return lines;
}

/** The anchor GitHub gives a heading: its text, lower case, punctuation dropped, spaces as `-`. */
export function githubSlug(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/[`*]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a markdown file offers, with GitHub's `-1`, `-2` for repeated headings. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      continue;
    }
    if (marker) {
      fence = marker;
      continue;
    }
    const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const slug = githubSlug(heading);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return result;
}

interface Link {
  file: string;
  line: number;
  /** The link as written, for the failure message. */
  source: string;
  target: string;
}

/** The inline links and images of a markdown file that point into the repository. */
function localLinks(file: string): Link[] {
  const markdown = readFileSync(file, 'utf8');
  // Whole text, not line by line: a wrapped paragraph may break a link's text across lines.
  const text = prose(markdown).join('\n');
  const links: Link[] = [];
  for (const match of text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    const target = match[1];
    if (/^(https?:|mailto:)/i.test(target)) continue;
    const start = match.index ?? 0;
    links.push({
      file,
      line: text.slice(0, start).split('\n').length,
      source: markdown.slice(start, start + match[0].length).replace(/\s*\n\s*/g, ' '),
      target,
    });
  }
  return links;
}

/** Why a link leads nowhere, or undefined when it leads to an existing file and heading. */
function brokenBecause(link: Link): string | undefined {
  const hash = link.target.indexOf('#');
  const path = decodeURIComponent(hash < 0 ? link.target : link.target.slice(0, hash));
  const anchor = hash < 0 ? undefined : decodeURIComponent(link.target.slice(hash + 1));
  const target = path ? resolve(dirname(link.file), path) : link.file;
  if (!existsSync(target)) return `no file ${relative(workspaceRoot, target)}`;
  if (anchor === undefined || !target.endsWith('.md') || statSync(target).isDirectory()) return;
  if (!anchors(readFileSync(target, 'utf8')).has(anchor)) {
    return `no heading #${anchor} in ${relative(workspaceRoot, target)}`;
  }
  return undefined;
}

describe('the documentation', () => {
  const files = documents();

  it('finds the README, CONTRIBUTING.md and the documents in docs/', () => {
    const names = files.map((file) => relative(workspaceRoot, file));
    expect(names).toEqual(expect.arrayContaining(['README.md', 'CONTRIBUTING.md']));
    expect(names.filter((name) => name.startsWith('docs/')).length).toBeGreaterThan(0);
  });

  it('has no broken relative link or anchor', () => {
    const broken = files.flatMap((file) =>
      localLinks(file).flatMap((link) => {
        const reason = brokenBecause(link);
        return reason
          ? [`${relative(workspaceRoot, file)}:${link.line} ${link.source}: ${reason}`]
          : [];
      }),
    );
    expect(broken).toEqual([]);
  });

  it('keeps the README a short front page', () => {
    const readme = readFileSync(resolve(workspaceRoot, 'README.md'), 'utf8');
    expect([...readme].length).toBeLessThanOrEqual(readmeMaxCharacters);
  });

  it('links every document from the README', () => {
    const readme = resolve(workspaceRoot, 'README.md');
    const linked = new Set(
      localLinks(readme).map((link) => resolve(workspaceRoot, link.target.split('#')[0])),
    );
    const unlinked = files
      .filter((file) => file !== readme && !linked.has(file))
      .map((file) => relative(workspaceRoot, file));
    expect(unlinked).toEqual([]);
  });
});

describe('githubSlug', () => {
  it.each([
    ['How a request travels', 'how-a-request-travels'],
    [
      'The manifest: any ONNX image classifier plugs in',
      'the-manifest-any-onnx-image-classifier-plugs-in',
    ],
    ['`POST /predict`', 'post-predict'],
    [
      'The whole service: `npm run bench` (2026-11-30)',
      'the-whole-service-npm-run-bench-2026-11-30',
    ],
    ['A [linked](x.md) heading_with_underscore', 'a-linked-heading_with_underscore'],
  ])('turns %p into %p', (heading, slug) => {
    expect(githubSlug(heading)).toBe(slug);
  });
});
