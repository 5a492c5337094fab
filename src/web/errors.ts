/** An error a page answers with a 4xx status and a message meant for the reader (never a stack trace). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/**
 * Bidirectional controls (U+202A-U+202E, U+2066-U+2069, LRM, RLM, ALM) and other control characters in
 * text a page echoes from the request, written out as `\u202E`: raw, an override from an address turns
 * the rest of the line around (a query can make an error message read as something else). Pure.
 */
export function visibleControls(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}
