/**
 * A JSON Schema `pattern` for text that travels in an HTTP header (user
 * names, passwords, API keys, tokens): no control character (newline, tab,
 * NUL, DEL), which a header cannot carry and which is, in a credential,
 * almost always a copy-paste slip. The validator words its failure as such,
 * without echoing the value.
 */
export const NO_CONTROL_CHARACTERS = '^[^\\u0000-\\u001f\\u007f]*$';

const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * What makes `value` unfit for a setting that becomes part of a name (an
 * object key, a path), as a phrase completing `"field" ...`, or undefined:
 * a control character (which S3's XML listings cannot carry and which is,
 * in a setting, almost always a copy-paste slip), or a lone UTF-16
 * surrogate (not well-formed Unicode: it has no UTF-8 form, so it cannot
 * be encoded in a URL or key). For fields whose schema already has a
 * `pattern` of its own; the others declare `NO_CONTROL_CHARACTERS`.
 */
export function nameTextProblem(value: string): string | undefined {
  if (CONTROL_CHARACTER.test(value)) return 'contains a control character (a newline, tab or NUL, usually pasted by mistake), which this setting cannot hold: remove it';
  if (LONE_SURROGATE.test(value)) return 'contains a lone UTF-16 surrogate (not well-formed Unicode, often a character cut in half), which has no UTF-8 form and cannot be part of an S3 key: retype it';
  return undefined;
}

/**
 * A JSON Schema `pattern` for credentials that travel in an HTTP header as
 * they are (S3 access key ids, secret keys, session tokens): printable ASCII
 * only. A header cannot carry control characters, and Node refuses any
 * character above U+00FF in one; AWS keys and tokens are ASCII. The
 * validator words its failure as such, without echoing the value.
 */
export const PRINTABLE_ASCII = '^[\\u0020-\\u007e]*$';
