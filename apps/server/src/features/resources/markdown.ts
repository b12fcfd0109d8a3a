import { Lexer, type Token } from 'marked';

/**
 * An article's Markdown as plain text: what search indexes and quotes in snippets, so a snippet
 * shows "Breathe in for four" rather than "**Breathe** in for [four](…)". The web client renders
 * the Markdown itself (marked + DOMPurify); the server never serves it as HTML.
 */
export function markdownToText(markdown: string): string {
  const parts: string[] = [];
  const walk = (tokens: Token[]) => {
    for (const token of tokens) {
      if ('tokens' in token && token.tokens && token.tokens.length > 0) {
        walk(token.tokens);
      } else if (token.type === 'list') {
        for (const item of token.items) walk(item.tokens);
      } else if (token.type === 'table') {
        for (const cell of [...token.header, ...token.rows.flat()]) walk(cell.tokens);
      } else if (token.type === 'code' || token.type === 'codespan' || token.type === 'text') {
        parts.push(token.text);
      } else if (token.type === 'escape') {
        parts.push(token.text);
      } else if (token.type === 'html') {
        // Raw HTML is never shown as markup; its words still count for search.
        parts.push(token.text.replace(/<[^>]*>/g, ' '));
      }
      if (token.type === 'paragraph' || token.type === 'heading' || token.type === 'list_item')
        parts.push('\n');
    }
  };
  walk(new Lexer({ gfm: true }).lex(markdown));
  return parts
    .join(' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n+ */g, '\n')
    .trim();
}
