// A small Markdown reader for the help pages (`ui/src/help/*.md`): headings, paragraphs,
// lists, notes (`> `), and inside them **bold**, *italic*, `code`, <kbd> keys written as
// [[F1]], and links. It builds a tree of plain strings that `Markdown.svelte` renders as
// text nodes: nothing is ever handed to the browser as HTML, so a `<b>` in a page shows
// as the characters `<b>`. Links go only to the app's own routes (`#/…`) or to another
// help page (`bantuan:slug`); any other target is shown as its text.

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'strong' | 'em'; children: Inline[] }
  | { kind: 'code' | 'kbd'; text: string }
  | { kind: 'link'; href: string; children: Inline[] };

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; id: string; children: Inline[] }
  | { kind: 'paragraph' | 'note'; children: Inline[] }
  | { kind: 'list'; ordered: boolean; items: Inline[][] };

export interface HelpPage {
  slug: string;
  title: string;
  blocks: Block[];
}

/** `Masalah yang sering terjadi` → `masalah-yang-sering-terjadi`. */
export function slugify(s: string): string {
  return fold(s)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Lower case without diacritics, for search and ids. */
export function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

const INLINE = /(\*\*(.+?)\*\*|\*(.+?)\*|`([^`]+)`|\[\[([^\]]+)\]\]|\[([^\]]+)\]\(([^)\s]+)\))/;

function safeHref(href: string): string | null {
  if (/^#\/[\w\-/]*$/.test(href)) return href;
  if (/^bantuan:[a-z0-9-]+(#[a-z0-9-]+)?$/.test(href)) return href;
  return null;
}

export function parseInline(src: string): Inline[] {
  const out: Inline[] = [];
  let rest = src;
  while (rest) {
    const m = INLINE.exec(rest);
    if (!m) {
      out.push({ kind: 'text', text: rest });
      break;
    }
    if (m.index > 0) out.push({ kind: 'text', text: rest.slice(0, m.index) });
    if (m[2] !== undefined) out.push({ kind: 'strong', children: parseInline(m[2]) });
    else if (m[3] !== undefined) out.push({ kind: 'em', children: parseInline(m[3]) });
    else if (m[4] !== undefined) out.push({ kind: 'code', text: m[4] });
    else if (m[5] !== undefined) out.push({ kind: 'kbd', text: m[5] });
    else {
      const href = safeHref(m[7]);
      const children = parseInline(m[6]);
      out.push(href ? { kind: 'link', href, children } : { kind: 'em', children });
    }
    rest = rest.slice(m.index + m[0].length);
  }
  return out;
}

/** Reads a page; its first `# ` heading is its title. CRLF and LF alike. */
export function parse(slug: string, src: string): HelpPage {
  const blocks: Block[] = [];
  let para: string[] = [];
  let note: string[] = [];
  let list: { ordered: boolean; items: string[] } | null = null;
  const flush = () => {
    if (para.length) blocks.push({ kind: 'paragraph', children: parseInline(para.join(' ')) });
    if (note.length) blocks.push({ kind: 'note', children: parseInline(note.join(' ')) });
    if (list) blocks.push({ kind: 'list', ordered: list.ordered, items: list.items.map(parseInline) });
    para = [];
    note = [];
    list = null;
  };
  for (const raw of src.split(/\r?\n/)) {
    const line = raw.trimEnd();
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    const item = /^\s*(?:([-*])|(\d+)[.)])\s+(.*)$/.exec(line);
    if (!line.trim()) {
      flush();
    } else if (heading) {
      flush();
      const text = heading[2].trim();
      blocks.push({
        kind: 'heading',
        level: heading[1].length as 1 | 2 | 3,
        id: slugify(text),
        children: parseInline(text),
      });
    } else if (line.startsWith('>')) {
      if (para.length || list) flush();
      note.push(line.replace(/^>\s?/, ''));
    } else if (item) {
      const ordered = item[2] !== undefined;
      if (para.length || note.length || (list && list.ordered !== ordered)) flush();
      list ??= { ordered, items: [] };
      list.items.push(item[3]);
    } else if (list && /^\s+\S/.test(raw)) {
      // A wrapped list item.
      list.items[list.items.length - 1] += ' ' + line.trim();
    } else {
      if (list || note.length) flush();
      para.push(line.trim());
    }
  }
  flush();
  const first = blocks.find((b) => b.kind === 'heading' && b.level === 1);
  return { slug, title: first ? plain(first) : slug, blocks };
}

export function plainInline(xs: Inline[]): string {
  return xs
    .map((x) => ('children' in x ? plainInline(x.children) : x.text))
    .join('');
}

/** A block's text without marks. */
export function plain(b: Block): string {
  return b.kind === 'list' ? b.items.map(plainInline).join(' ') : plainInline(b.children);
}

export interface Hit {
  slug: string;
  title: string;
  /** The heading above the match (its id), if any. */
  section: string | null;
  sectionTitle: string | null;
  snippet: string;
}

/** Every block of every page holding all the words of `q` (case and accents ignored),
 * titles first. */
export function search(pages: HelpPage[], q: string): Hit[] {
  const words = fold(q).split(/\s+/).filter(Boolean);
  if (!words.length) return [];
  const hits: Hit[] = [];
  for (const page of pages) {
    let section: { id: string; title: string } | null = null;
    for (const b of page.blocks) {
      const text = plain(b);
      if (b.kind === 'heading') section = b.level === 1 ? null : { id: b.id, title: text };
      const hay = fold(`${page.title} ${section?.title ?? ''} ${text}`);
      if (b.kind !== 'heading' && words.every((w) => hay.includes(w))) {
        hits.push({
          slug: page.slug,
          title: page.title,
          section: section?.id ?? null,
          sectionTitle: section?.title ?? null,
          snippet: text.length > 180 ? text.slice(0, 177) + '…' : text,
        });
      }
    }
  }
  const inTitle = (h: Hit) => (words.every((w) => fold(h.title).includes(w)) ? 0 : 1);
  return hits.sort((a, b) => inTitle(a) - inTitle(b));
}
