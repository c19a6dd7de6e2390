/** The languages Meetloop speaks: every text staff or fans see exists in each. */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
