import Handlebars from 'handlebars';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../common/project-root';
import type { Locale } from '../common/locale';

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

type Compiled = Handlebars.TemplateDelegate;

/**
 * Email templates: views/mail/<template>/<locale>.{subject,html,text}.hbs inside
 * views/mail/layout.{html,text}.hbs. Its own Handlebars instance: mail must not
 * depend on the page engine's helpers or partials. Values are HTML-escaped in
 * the HTML part; the text part is not HTML, so it uses a non-escaping instance.
 */
export class MailRenderer {
  private readonly html = Handlebars.create();
  private readonly plain = Handlebars.create();
  private readonly cache = new Map<string, Compiled>();
  private readonly dir: string;

  constructor(dir = join(projectRoot(), 'views', 'mail')) {
    this.dir = dir;
    for (const engine of [this.html, this.plain]) engine.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  }

  render(template: string, locale: Locale, data: Record<string, unknown>): RenderedMail {
    const context = { ...data, locale };
    const subject = this.compile(`${template}/${locale}.subject`, 'plain')(context).trim().replace(/\s+/g, ' ');
    const htmlBody = this.compile(`${template}/${locale}.html`, 'html')(context);
    const textBody = this.compile(`${template}/${locale}.text`, 'plain')(context);
    return {
      subject,
      html: this.compile('layout.html', 'html')({ ...context, subject, body: new Handlebars.SafeString(htmlBody) }),
      text: this.compile('layout.text', 'plain')({ ...context, subject, body: textBody }).trim() + '\n',
    };
  }

  has(template: string, locale: Locale): boolean {
    return existsSync(join(this.dir, template, `${locale}.html.hbs`));
  }

  private compile(name: string, kind: 'html' | 'plain'): Compiled {
    const key = `${kind}:${name}`;
    let compiled = this.cache.get(key);
    if (!compiled) {
      const source = readFileSync(join(this.dir, `${name}.hbs`), 'utf8');
      compiled =
        kind === 'html' ? this.html.compile(source, { strict: false }) : this.plain.compile(source, { noEscape: true });
      this.cache.set(key, compiled);
    }
    return compiled;
  }
}
