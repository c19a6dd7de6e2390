import { decodeEntities } from './mailbox';
import assert from 'node:assert/strict';

/** A form of a server-rendered page, read as a browser without JavaScript submits it. */
export interface PageForm {
  method: string;
  action: string;
  /** Hidden inputs: what the browser sends without the user typing anything. */
  hidden: Record<string, string>;
  /** Each select's options: value and label. */
  selects: Record<string, { value: string; label: string }[]>;
  textareas: string[];
  /** The submit buttons' labels. */
  buttons: string[];
}

const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\b${name}=(?:"([^"]*)"|'([^']*)')`).exec(tag);
  return m ? decodeEntities(m[1] ?? m[2]) : undefined;
};
const textOf = (html: string) => decodeEntities(html.replace(/<[^>]*>/g, '')).trim();

/** Every form of a page, in document order. Enough HTML for our own templates; not a general parser. */
export function formsIn(html: string): PageForm[] {
  return [...html.matchAll(/(<form\b[^>]*>)([\s\S]*?)<\/form>/g)].map(([, open, body]) => {
    const hidden: Record<string, string> = {};
    for (const [input] of body.matchAll(/<input\b[^>]*>/g)) {
      if (attr(input, 'type') === 'hidden') hidden[attr(input, 'name')!] = attr(input, 'value') ?? '';
    }
    const selects: PageForm['selects'] = {};
    for (const [, tag, options] of body.matchAll(/(<select\b[^>]*>)([\s\S]*?)<\/select>/g)) {
      selects[attr(tag, 'name')!] = [...options.matchAll(/(<option\b[^>]*>)([\s\S]*?)<\/option>/g)].map(
        ([, o, label]) => ({
          value: attr(o, 'value') ?? textOf(label),
          label: textOf(label),
        }),
      );
    }
    return {
      method: (attr(open, 'method') ?? 'get').toLowerCase(),
      action: attr(open, 'action') ?? '',
      hidden,
      selects,
      textareas: [...body.matchAll(/<textarea\b[^>]*>/g)].map(([tag]) => attr(tag, 'name')!),
      buttons: [...body.matchAll(/<button\b[^>]*>([\s\S]*?)<\/button>/g)].map(([, label]) => textOf(label)),
    };
  });
}

/** The one form of the page that matches; fails with the page's forms listed when there is not exactly one. */
export function theForm(html: string, match: (form: PageForm) => boolean, what: string): PageForm {
  const forms = formsIn(html);
  const found = forms.filter(match);
  assert.equal(
    found.length,
    1,
    `expected one ${what} form, found ${found.length} among ${JSON.stringify(forms, null, 1)}`,
  );
  return found[0];
}
