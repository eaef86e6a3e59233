/**
 * A JSON Schema `pattern` for text that travels in an HTTP header (user
 * names, passwords, API keys, tokens): no control character (newline, tab,
 * NUL, DEL), which a header cannot carry and which is, in a credential,
 * almost always a copy-paste slip. The validator words its failure as such,
 * without echoing the value.
 */
export const NO_CONTROL_CHARACTERS = '^[^\\u0000-\\u001f\\u007f]*$';
