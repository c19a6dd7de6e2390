/** What a masked secret looks like in the Mailbox. */
export const MASK = '••••••';

// The path segments after /rsvp/ and /unsubscribe/ are credentials: whoever holds one answers the
// invitation, asks questions or unsubscribes in the member's name.
const SECRET_LINK = /(\/(?:rsvp|unsubscribe)\/)[^\s"'<>/?#&]+/g;

/** A stored message's text with the member's secrets in links masked: what staff other than admins see. */
export function maskSecretLinks(text: string): string {
  return text.replace(SECRET_LINK, `$1${MASK}`);
}

interface StoredMessage {
  html: string | null;
  text: string | null;
  headers: Record<string, string>;
}

/**
 * A Mailbox message as this viewer may see it: admins get the working links (the Mailbox is how a
 * developer follows an RSVP link); everyone else gets them masked.
 */
export function messageForViewer<T extends StoredMessage>(message: T, admin: boolean): T & { masked: boolean } {
  if (admin) return { ...message, masked: false };
  return {
    ...message,
    html: message.html === null ? null : maskSecretLinks(message.html),
    text: message.text === null ? null : maskSecretLinks(message.text),
    headers: Object.fromEntries(Object.entries(message.headers).map(([k, v]) => [k, maskSecretLinks(String(v))])),
    masked: true,
  };
}
