import MarkdownIt from 'markdown-it';

/**
 * Raw HTML in the Markdown is shown as text (html: false), and markdown-it's
 * link check drops javascript:, vbscript:, file: and data: links; so the result
 * is safe to put in a staff page as it is. Bare URLs become links, as on the forum.
 */
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: false });

/** The announcement as the forum would show it, for the preview. */
export function announcementHtml(text: string): string {
  return markdown.render(text);
}
