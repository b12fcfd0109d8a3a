import DOMPurify from 'dompurify';
import { Marked, type Tokens } from 'marked';

/**
 * Articles are written in Markdown and shown as HTML. Two layers keep that safe: the Markdown
 * renderer escapes any raw HTML an author typed (it shows as text, never as markup), and the
 * result goes through DOMPurify, which drops anything that could run script. Every link gets
 * rel="noopener noreferrer"; links to other sites open in a new tab.
 */

const escapeHtml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

const markdown = new Marked({ gfm: true, breaks: false, async: false });
markdown.use({
  renderer: {
    /** Raw HTML in the Markdown is shown as the author typed it, not interpreted. */
    html({ text }: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(text);
    },
    /** The page's title is the only h1: an article's own "#" headings become h2. */
    heading({ tokens, depth }: Tokens.Heading) {
      const level = Math.max(depth, 2);
      return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
    },
  },
});

let purifier: ReturnType<typeof DOMPurify> | null = null;

/** One DOMPurify of our own, so that its link hook never touches anyone else's sanitising. */
function getPurifier(): ReturnType<typeof DOMPurify> {
  if (purifier) return purifier;
  const instance = DOMPurify(window);
  instance.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName !== 'A') return;
    const href = node.getAttribute('href');
    if (!href) return;
    node.setAttribute('rel', 'noopener noreferrer');
    let external = false;
    try {
      external = new URL(href, window.location.href).origin !== window.location.origin;
    } catch {
      node.removeAttribute('href');
      return;
    }
    if (external) node.setAttribute('target', '_blank');
    else node.removeAttribute('target');
  });
  purifier = instance;
  return instance;
}

const sanitizeOptions = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'svg'],
  FORBID_ATTR: ['style', 'class', 'id'],
  // Web and mail links, and paths on this site; never javascript:, data: or protocol-relative.
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|\/(?!\/)|#)/i,
  ADD_ATTR: ['target'],
};

/** HTML with anything that could run script removed, and links made safe (see above). */
export function sanitizeHtml(html: string): string {
  return getPurifier().sanitize(html, sanitizeOptions);
}

/** Article Markdown as sanitized HTML, ready for dangerouslySetInnerHTML. */
export function renderMarkdown(source: string): string {
  return sanitizeHtml(markdown.parse(source) as string);
}
