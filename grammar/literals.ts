// Decoding of integer and string literals (grammar/README.md, section 1). The lexer accepts a
// permissive superset of both; these functions decide what the literal means or why it is bad.

export const U64_MAX = (1n << 64n) - 1n;

export type IntegerDecoding =
  | { ok: true; value: bigint }
  | { ok: false; code: 'E0004' | 'E0007'; message: string; hint?: string };

const DIGITS: Record<number, RegExp> = { 10: /^[0-9][0-9_]*$/, 16: /^[0-9a-fA-F_]*[0-9a-fA-F][0-9a-fA-F_]*$/, 2: /^[01_]*[01][01_]*$/ };

/** `123`, `1_000`, `0xff`, `0b1010`; every literal must fit in 64 bits (the widest type, u64). */
export function decodeInteger(raw: string): IntegerDecoding {
  let radix = 10;
  let digits = raw;
  if (/^0[xX]/.test(raw)) {
    radix = 16;
    digits = raw.slice(2);
  } else if (/^0[bB]/.test(raw)) {
    radix = 2;
    digits = raw.slice(2);
  }
  if (!DIGITS[radix].test(digits)) {
    const base = radix === 16 ? 'hexadecimal' : radix === 2 ? 'binary' : 'decimal';
    return {
      ok: false,
      code: 'E0004',
      message: `malformed ${base} number literal \`${raw}\``,
      hint:
        radix === 10
          ? 'a number is digits with optional `_` separators, or `0x`/`0b` followed by hex/binary digits; names cannot start with a digit'
          : `\`${raw.slice(0, 2)}\` must be followed by at least one ${base} digit`,
    };
  }
  const clean = digits.replace(/_/g, '');
  const value = radix === 10 ? BigInt(clean) : BigInt((radix === 16 ? '0x' : '0b') + clean);
  if (value > U64_MAX) {
    return {
      ok: false,
      code: 'E0007',
      message: `number literal \`${raw}\` does not fit in 64 bits`,
      hint: 'the largest value is 18446744073709551615 (0xffff_ffff_ffff_ffff)',
    };
  }
  return { ok: true, value };
}

export interface StringProblem {
  code: 'E0006';
  message: string;
  /** Offsets relative to the start of the raw literal (the opening quote). */
  start: number;
  end: number;
}

/** Decodes the escapes `\n \t \r \\ \" \0 \xNN`; unknown escapes are reported and kept verbatim.
 *  `raw` includes the quotes; a missing closing quote is tolerated (E0002 is reported by the lexer). */
export function decodeString(raw: string): { value: string; problems: StringProblem[] } {
  const closed = raw.length >= 2 && raw.endsWith('"') && !endsWithEscapedQuote(raw);
  const body = raw.slice(1, closed ? raw.length - 1 : raw.length);
  let value = '';
  const problems: StringProblem[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      value += c;
      continue;
    }
    const next = body[i + 1];
    const at = i + 1; // offset of the backslash inside `raw`
    switch (next) {
      case 'n': value += '\n'; i++; break;
      case 't': value += '\t'; i++; break;
      case 'r': value += '\r'; i++; break;
      case '\\': value += '\\'; i++; break;
      case '"': value += '"'; i++; break;
      case '0': value += '\0'; i++; break;
      case 'x': {
        const hex = body.slice(i + 2, i + 4);
        if (/^[0-9a-fA-F]{2}$/.test(hex)) {
          value += String.fromCharCode(parseInt(hex, 16));
          i += 3;
        } else {
          problems.push({ code: 'E0006', message: '`\\x` must be followed by exactly two hex digits', start: at, end: at + 2 });
          value += '\\x';
          i++;
        }
        break;
      }
      case undefined:
        value += '\\';
        break;
      default:
        problems.push({ code: 'E0006', message: `unknown escape sequence \`\\${next}\``, start: at, end: at + 2 });
        value += '\\' + next;
        i++;
    }
  }
  return { value, problems };
}

function endsWithEscapedQuote(raw: string): boolean {
  // `"abc\"` is unterminated: count the backslashes right before the final quote.
  let n = 0;
  for (let i = raw.length - 2; i >= 1 && raw[i] === '\\'; i--) n++;
  return n % 2 === 1;
}
