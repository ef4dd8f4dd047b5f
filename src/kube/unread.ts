// Members of a response the plugin never reads, cut from its text before JSON.parse builds them:
// - metadata.managedFields on every object a real API server returns (k8s.io/apiserver fieldmanager): one entry per
//   writer with its field set, often as much JSON as the rest of the object and far more small objects. The plugin
//   never reads them nor writes them (it applies objects it builds, and patches), and kubectl hides them too
//   (--show-managed-fields=false).
// - a Node's status, where only its spec's pod CIDRs are read: the kubelet lists up to 50 images there
//   (--node-status-max-images), most of a real node's 10–20 KB, and a member may have hundreds of nodes.
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

/** Where the JSON list or object starting at `from` ends: the index after its closing bracket, or -1. */
function endOfValue(text: string, from: number): number {
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
 * The JSON text without its `"<name>":` members whose value opens with `open` (`[` or `{`). An API server writes
 * compact JSON, so a member starts right after `{` or `,`; anywhere else the text is the end of another key
 * (`"a\"managedFields":`), and is kept. A value of another type (an annotation's string) is kept, and anything
 * unexpected (text that is not JSON as an API server writes it) is left whole for JSON.parse to judge.
 */
function withoutMembers(text: string, name: string, open: number): string {
  const key = `"${name}":`;
  let at = text.indexOf(key);
  if (at < 0) return text;
  const kept: string[] = [];
  let from = 0;
  while (at >= 0) {
    const value = at + key.length;
    const member = OPEN_OBJECT_OR_COMMA(text.charCodeAt(at - 1)) && text.charCodeAt(value) === open;
    const end = member ? endOfValue(text, value) : -1;
    if (end < 0) {
      at = text.indexOf(key, value);
      continue;
    }
    // The member and one comma beside it: the one before it, else (the object's first member) the one after.
    if (text.charCodeAt(at - 1) === COMMA) kept.push(text.slice(from, at - 1));
    else kept.push(text.slice(from, at));
    from = text.charCodeAt(at - 1) !== COMMA && text.charCodeAt(end) === COMMA ? end + 1 : end;
    at = text.indexOf(key, from);
  }
  kept.push(text.slice(from));
  return kept.join('');
}

/** The text without its `"managedFields":[…]` lists (metadata.managedFields is a list). */
export const withoutManagedFields = (text: string): string => withoutMembers(text, 'managedFields', OPEN_LIST);

/** The text without its `"status":{…}` objects, for a list whose items' status is never read (Nodes). */
export const withoutStatus = (text: string): string => withoutMembers(text, 'status', OPEN_OBJECT);
