/*
 * Everything in a report comes from the pull request (package names, paths, titles): it is
 * written into the page only through these two functions.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or attribute value → HTML that shows exactly that text. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * JSON for a `<script type="application/json">` block: `<` `>` `&` and the two JavaScript line
 * separators become `\uXXXX` escapes, so no string inside can close the element (`</script>`)
 * or open a comment (`<!--`) — JSON.parse reads them back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * http(s) URLs that the URL parser returns unchanged (its `href` is the text itself): a lowercase
 * ASCII host whose last label starts with a letter (not an IPv4 number, no port, no IDNA `xn--`
 * label), then a path of characters the parser neither encodes nor decodes, without `.` or `..`
 * segments, `%`, `\\`, query or fragment. Trivy's advisory links are all of this form; checking
 * it is much cheaper than parsing tens of thousands of them. Anything else is parsed.
 */
const NORMAL_HTTP_URL = /^https?:\/\/(?:(?!xn--)[a-z0-9-]+\.)*(?!xn--)[a-z][a-z0-9-]*(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9\-._~!$&'()*+,;=:@]*)+$/;

/** Only http(s) links are followed; anything else (javascript:, data:) is shown as text. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  if (NORMAL_HTTP_URL.test(url)) return url;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
