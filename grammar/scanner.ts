// A hand-written scanner for the token types of tokens.ts. It must produce exactly the tokens
// that chevrotain's Lexer built from `allTokens` produces (test/grammar/scanner-agrees-with-
// reference-lexer.test.ts checks this on random input); it exists because the regex-driven
// lexer spends most of its time trying keyword patterns and is several times slower.
import type { IToken, TokenType } from 'chevrotain';
import * as T from './tokens.js';

export type TokenCategory =
  | 'keyword' | 'type' | 'identifier' | 'number' | 'string' | 'operator' | 'punctuation'
  | 'comment' | 'doc' | 'invalid';

/** A token as later phases and the language server see it (offsets UTF-16, end exclusive). */
export interface Token {
  /** The token type's name, e.g. `Identifier`, `Fn`, `Semicolon`, `LineComment`;
   *  `InvalidCharacters` for a run of characters that start no token. */
  kind: string;
  category: TokenCategory;
  text: string;
  start: number;
  end: number;
}

/** One object serves as both the parser's token (chevrotain reads the five fields) and the
 *  public Token (getters): a million-token file allocates a million small objects, not two
 *  million large ones. Only three fields are stored; `endOffset` and `tokenType` follow from
 *  them. Being getters, the public fields do not appear in JSON.stringify. */
export class ScannedToken implements IToken, Token {
  constructor(
    public image: string,
    public startOffset: number,
    public tokenTypeIdx: number,
  ) {}

  get endOffset(): number {
    return this.startOffset + this.image.length - 1;
  }

  get tokenType(): TokenType {
    return typeOfIndex(this.tokenTypeIdx);
  }

  set tokenType(type: TokenType) {
    this.tokenTypeIdx = type.tokenTypeIdx!;
  }

  get kind(): string {
    return this.tokenType.name;
  }

  get category(): TokenCategory {
    return CATEGORY.get(this.tokenType)!;
  }

  get text(): string {
    return this.image;
  }

  get start(): number {
    return this.startOffset;
  }

  get end(): number {
    return this.startOffset + this.image.length;
  }
}

/** Placeholder type for runs of invalid characters; never given to the parser. */
export const InvalidCharacters = { name: 'InvalidCharacters', tokenTypeIdx: -1 } as TokenType;

const KEYWORDS = new Map<string, TokenType>(T.keywordTokens.map((t) => [String(t.LABEL).slice(1, -1), t]));

function categoryOf(type: TokenType): TokenCategory {
  switch (type) {
    case T.Identifier: return 'identifier';
    case T.IntegerLiteral: return 'number';
    case T.StringLiteral: case T.UnterminatedString: return 'string';
    case T.DocComment: return 'doc';
    case T.LineComment: case T.BlockComment: case T.UnterminatedBlockComment: return 'comment';
    case InvalidCharacters: return 'invalid';
    case T.Bang: case T.Tilde: case T.Arrow: case T.DotDot: return 'operator';
  }
  const categories = type.CATEGORIES ?? [];
  if (categories.includes(T.PrimitiveTypeName)) return 'type';
  if (categories.includes(T.Keyword)) return 'keyword';
  if (categories.includes(T.BinaryOperator) || categories.includes(T.AssignOperator)) return 'operator';
  return 'punctuation';
}
const CATEGORY = new Map<TokenType, TokenCategory>(
  [...T.allTokens, InvalidCharacters].map((t) => [t, categoryOf(t)]),
);
const TYPE_OF_INDEX: TokenType[] = [];
for (const type of T.allTokens) TYPE_OF_INDEX[type.tokenTypeIdx!] = type;
function typeOfIndex(index: number): TokenType {
  return index < 0 ? InvalidCharacters : TYPE_OF_INDEX[index];
}

function token(type: TokenType, text: string, start: number): ScannedToken {
  return new ScannedToken(text, start, type.tokenTypeIdx!);
}

// Character classes, indexed by char code (ASCII only; everything else is invalid).
const IDENT_START = 1;
const IDENT_PART = 2;
const DIGIT = 4;
const SPACE = 8;
const OPERATOR = 16; // can start an operator or punctuation token
const classes = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_]/.test(ch)) classes[c] |= IDENT_START | IDENT_PART;
  if (/[0-9]/.test(ch)) classes[c] |= DIGIT | IDENT_PART;
  if (/[ \t\r\n\f\v]/.test(ch)) classes[c] |= SPACE;
  if ('<>=!&|-+*/%^~.,:;()[]{}'.includes(ch)) classes[c] |= OPERATOR;
}
const cls = (c: number) => (c < 128 ? classes[c] : 0);

// Operators by the code of their first character, longest first (the order of allTokens).
interface Operator {
  text: string;
  second: number; // char code of the second character, or -1
  third: number;
  type: TokenType;
}
const OPERATORS: Operator[][] = Array.from({ length: 128 }, () => []);
for (const type of T.allTokens) {
  const pattern = type.PATTERN;
  if (typeof pattern !== 'string') continue;
  OPERATORS[pattern.charCodeAt(0)].push({
    text: pattern,
    second: pattern.length > 1 ? pattern.charCodeAt(1) : -1,
    third: pattern.length > 2 ? pattern.charCodeAt(2) : -1,
    type,
  });
}

export interface ScanResult {
  /** Every token in source order: code, comments and invalid runs (merged on first use). */
  readonly all: ScannedToken[];
  /** The tokens the parser reads. */
  code: ScannedToken[];
  comments: ScannedToken[];
  invalid: ScannedToken[];
}

/** Token objects kept from one parse to the next. The parser's tokens never outlive a parse
 *  (the tree keeps only names and offsets), so refilling the same objects spares the garbage
 *  collector from copying a fresh set of tens of thousands on every parse. Only the parse uses
 *  a pool; tokens handed to callers are always fresh objects. */
export class TokenPool {
  private readonly tokens: ScannedToken[] = [];
  private used = 0;
  /** The code-token array of the last scan, reused as well. */
  readonly code: ScannedToken[] = [];

  /** Makes every pooled token available again: tokens taken before are overwritten. */
  reset(): void {
    this.used = 0;
  }

  take(image: string, startOffset: number, tokenTypeIdx: number): ScannedToken {
    if (this.used < this.tokens.length) {
      const t = this.tokens[this.used++];
      t.image = image;
      t.startOffset = startOffset;
      t.tokenTypeIdx = tokenTypeIdx;
      return t;
    }
    const t = new ScannedToken(image, startOffset, tokenTypeIdx);
    if (this.tokens.length < MAX_POOLED) {
      this.tokens.push(t);
      this.used++;
    }
    return t;
  }
}
/** A file of more tokens than this (about 60,000 lines) gets fresh objects for the rest. */
const MAX_POOLED = 1 << 18;

/** Splits `text` into tokens. With a pool, the code tokens are the pool's objects (reset first)
 *  and stay valid only until the pool is used again. */
export function scan(text: string, pool?: TokenPool): ScanResult {
  pool?.reset();
  // A pooled array is overwritten in place and cut to length at the end, so it never regrows.
  const code: ScannedToken[] = pool?.code ?? [];
  let codeCount = 0;
  const add = (image: string, start: number, type: number) => {
    code[codeCount++] = pool ? pool.take(image, start, type) : new ScannedToken(image, start, type);
  };
  const comments: ScannedToken[] = [];
  const invalid: ScannedToken[] = [];
  const length = text.length;
  let i = 0;

  while (i < length) {
    const c = text.charCodeAt(i);
    const k = c < 128 ? classes[c] : 0;
    const start = i;
    if (k & SPACE) {
      i++;
      while (i < length && cls(text.charCodeAt(i)) & SPACE) i++;
    } else if (k & (IDENT_START | DIGIT)) {
      // A word: a keyword, a name or a number. Its text and type come from the word table, so a
      // word that occurs again costs no new string.
      let hash = c;
      i++;
      for (let d: number; i < length && (d = text.charCodeAt(i)) < 128 && classes[d] & IDENT_PART; i++) hash = (Math.imul(hash, 31) + d) | 0;
      const word = words.find(text, start, i, hash, k & DIGIT ? T.IntegerLiteral : undefined);
      add(word.text, start, word.type.tokenTypeIdx!);
    } else if (c === 34 /* " */) {
      i++;
      let closed = false;
      while (i < length) {
        const d = text.charCodeAt(i);
        if (d === 34) {
          i++;
          closed = true;
          break;
        }
        if (d === 10 || d === 13) break;
        if (d === 92 /* \ */) {
          const e = text.charCodeAt(i + 1);
          if (i + 1 >= length || e === 10 || e === 13) {
            i++; // a trailing backslash belongs to the unterminated string
            break;
          }
          i += 2;
          continue;
        }
        i++;
      }
      add(text.slice(start, i), start, (closed ? T.StringLiteral : T.UnterminatedString).tokenTypeIdx!);
    } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      const doc = text.charCodeAt(i + 2) === 47 && text.charCodeAt(i + 3) !== 47;
      i += 2;
      while (i < length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
      comments.push(token(doc ? T.DocComment : T.LineComment, text.slice(start, i), start));
    } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? length : close + 2;
      comments.push(token(close < 0 ? T.UnterminatedBlockComment : T.BlockComment, text.slice(start, i), start));
    } else if (k & OPERATOR) {
      const second = text.charCodeAt(i + 1);
      const third = text.charCodeAt(i + 2);
      // Every OPERATOR character is a one-character token by itself, so a candidate matches.
      const candidates = OPERATORS[c];
      let matched = candidates[0];
      for (let j = 0; j < candidates.length; j++) {
        const candidate = candidates[j];
        if ((candidate.second < 0 || candidate.second === second) && (candidate.third < 0 || candidate.third === third)) {
          matched = candidate;
          break;
        }
      }
      i += matched.text.length;
      add(matched.text, start, matched.type.tokenTypeIdx!);
    } else {
      i++;
      while (i < length && startsNoToken(text.charCodeAt(i))) i++;
      invalid.push(token(InvalidCharacters, text.slice(start, i), start));
    }
  }
  code.length = codeCount;
  let all: ScannedToken[] | undefined;
  return {
    code,
    comments,
    invalid,
    get all() {
      return (all ??= inSourceOrder(code, comments, invalid));
    },
  };
}

/** Merges token lists that are each in source order. */
function inSourceOrder(...lists: ScannedToken[][]): ScannedToken[] {
  const merged: ScannedToken[] = [];
  const next = lists.map(() => 0);
  for (;;) {
    let best = -1;
    for (let l = 0; l < lists.length; l++) {
      if (next[l] < lists[l].length && (best < 0 || lists[l][next[l]].startOffset < lists[best][next[best]].startOffset)) best = l;
    }
    if (best < 0) return merged;
    merged.push(lists[best][next[best]++]);
  }
}

interface Word {
  text: string;
  type: TokenType;
}

const MAX_WORDS = 1 << 16; // then the table starts over, so its memory stays bounded

/** The words seen so far (open addressing on a hash computed while scanning). Scanning looks a
 *  word up without slicing it out of the text; only a word seen for the first time is sliced.
 *  The table lives across scans, so a word's text is one long-lived string. */
class WordTable {
  private hashes = new Int32Array(1024);
  private entries: (Word | undefined)[] = new Array<Word | undefined>(1024).fill(undefined);
  private count = 0;

  /** The word `text[start, end)` with hash `hash`; a new word's type is `type`, else its keyword
   *  type or Identifier. */
  find(text: string, start: number, end: number, hash: number, type: TokenType | undefined): Word {
    const length = end - start;
    let mask = this.hashes.length - 1;
    let slot = hash & mask;
    for (;;) {
      const entry = this.entries[slot];
      if (entry === undefined) break;
      if (this.hashes[slot] === hash && entry.text.length === length && text.startsWith(entry.text, start)) return entry;
      slot = (slot + 1) & mask;
    }
    const word = text.slice(start, end);
    const entry: Word = { text: word, type: type ?? KEYWORDS.get(word) ?? T.Identifier };
    if (this.count >= MAX_WORDS) this.clear();
    else if (2 * (this.count + 1) > this.hashes.length) this.grow();
    if (mask !== this.hashes.length - 1 || this.count === 0) {
      mask = this.hashes.length - 1;
      slot = hash & mask;
      while (this.entries[slot] !== undefined) slot = (slot + 1) & mask;
    }
    this.hashes[slot] = hash;
    this.entries[slot] = entry;
    this.count++;
    return entry;
  }

  private clear(): void {
    this.hashes = new Int32Array(1024);
    this.entries = new Array<Word | undefined>(1024).fill(undefined);
    this.count = 0;
  }

  private grow(): void {
    const oldHashes = this.hashes;
    const oldEntries = this.entries;
    const size = oldHashes.length * 2;
    const mask = size - 1;
    this.hashes = new Int32Array(size);
    this.entries = new Array<Word | undefined>(size).fill(undefined);
    for (let i = 0; i < oldEntries.length; i++) {
      const entry = oldEntries[i];
      if (entry === undefined) continue;
      let slot = oldHashes[i] & mask;
      while (this.entries[slot] !== undefined) slot = (slot + 1) & mask;
      this.hashes[slot] = oldHashes[i];
      this.entries[slot] = entry;
    }
  }
}
const words = new WordTable();

function startsNoToken(c: number): boolean {
  return c !== 34 && (cls(c) & (IDENT_START | DIGIT | SPACE | OPERATOR)) === 0;
}
