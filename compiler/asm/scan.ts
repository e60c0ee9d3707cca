// Character classes for the hand-written scanners on the assembler's hot path. Each one is
// exactly the class the general (regular-expression) code uses, so a fast path and its
// fallback can never disagree about where a token ends.

/** JavaScript `\s` (and what String.prototype.trim removes): ECMA-262 WhiteSpace and LineTerminator. */
export function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029
    || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** What `.` without the `s` flag refuses to match. */
export function isLineTerminator(code: number): boolean {
  return code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;
}

export function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** `[A-Za-z0-9]` */
export function isAlphanumeric(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a);
}

/** `[0-9A-Za-z_]`: a character that makes a following quote part of a word, not a character literal. */
export function isWordCharacter(code: number): boolean {
  return isAlphanumeric(code) || code === 0x5f;
}

/** `[A-Za-z_.$]`: a symbol's first character (GNU as "Symbol Names"). */
export function isSymbolStart(code: number): boolean {
  return ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a) || code === 0x5f || code === 0x2e || code === 0x24;
}

/** `[A-Za-z0-9_.$]` */
export function isSymbolPart(code: number): boolean {
  return isSymbolStart(code) || isDigit(code);
}

/** A whole symbol name: `[A-Za-z_.$][A-Za-z0-9_.$]*`, but not `.` (the location counter). */
export function isPlainSymbol(text: string): boolean {
  if (text.length === 0 || text === '.' || !isSymbolStart(text.charCodeAt(0))) return false;
  for (let i = 1; i < text.length; i++) if (!isSymbolPart(text.charCodeAt(i))) return false;
  return true;
}
