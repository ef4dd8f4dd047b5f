// Every object a real API server returns carries metadata.managedFields (k8s.io/apiserver fieldmanager): one entry per
// writer with its field set, often as much JSON as the rest of the object and far more small objects. The plugin
// never reads them nor writes them (it applies objects it builds, and patches), and kubectl hides them too
// (--show-managed-fields=false), so they are cut from a response's text before JSON.parse builds them.
const KEY = '"managedFields":';
const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_LIST = 91;
const OPEN_OBJECT = 123;
const CLOSE_LIST = 93;
const CLOSE_OBJECT = 125;
const COMMA = 44;
const OPEN_OBJECT_OR_COMMA = (c: number) => c === OPEN_OBJECT || c === COMMA;

/** The index of the quote that closes the string whose opening quote is at `open`, or -1. */
function endOfString(text: string, open: number): number {
  // indexOf runs natively, not a character at a time in a CLI's cold code: most of managedFields is short keys.
  let q = text.indexOf('"', open + 1);
  while (q > 0 && text.charCodeAt(q - 1) === BACKSLASH) {
    let backslashes = 1;
    while (text.charCodeAt(q - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) break;
    q = text.indexOf('"', q + 1);
  }
  return q;
}

/** Where the JSON value starting at `from` (a list) ends: the index after its closing bracket, or -1. */
function endOfList(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = endOfString(text, i);
      if (i < 0) return -1;
    } else if (c === OPEN_LIST || c === OPEN_OBJECT) depth++;
    else if ((c === CLOSE_LIST || c === CLOSE_OBJECT) && --depth === 0) return i + 1;
  }
  return -1;
}

/**
 * The JSON text without its `"managedFields":[…]` members. An API server writes compact JSON, so a member starts
 * right after `{` or `,`; anywhere else the text is the end of another key (`"a\"managedFields":`), and is kept.
 * Only a list value is cut (what metadata.managedFields is); anything unexpected (text that is not JSON as an API
 * server writes it) is left whole for JSON.parse to judge.
 */
export function withoutManagedFields(text: string): string {
  let at = text.indexOf(KEY);
  if (at < 0) return text;
  const kept: string[] = [];
  let from = 0;
  while (at >= 0) {
    const value = at + KEY.length;
    const member = OPEN_OBJECT_OR_COMMA(text.charCodeAt(at - 1)) && text.charCodeAt(value) === OPEN_LIST;
    const end = member ? endOfList(text, value) : -1;
    if (end < 0) {
      at = text.indexOf(KEY, value);
      continue;
    }
    // The member and one comma beside it: the one before it, else (the object's first member) the one after.
    if (text.charCodeAt(at - 1) === COMMA) kept.push(text.slice(from, at - 1));
    else kept.push(text.slice(from, at));
    from = text.charCodeAt(at - 1) !== COMMA && text.charCodeAt(end) === COMMA ? end + 1 : end;
    at = text.indexOf(KEY, from);
  }
  kept.push(text.slice(from));
  return kept.join('');
}
