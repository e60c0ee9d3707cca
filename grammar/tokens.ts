// Token types of Penglai (grammar/README.md, section 1). `allTokens` is ordered as the
// chevrotain lexer needs it (the first pattern that matches wins, so longer operators precede
// their prefixes); scanner.ts follows the same definitions and order.
import { createToken, Lexer, type TokenType } from 'chevrotain';

export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/, label: 'a name' });

/** Every keyword belongs to this category; `keywordTokens` lists them. */
export const Keyword = createToken({ name: 'Keyword', pattern: Lexer.NA });
/** `u8 ... i64 bool`: reserved words that name primitive types. */
export const PrimitiveTypeName = createToken({ name: 'PrimitiveTypeName', pattern: Lexer.NA, label: 'a type' });

function keyword(word: string, extraCategories: TokenType[] = []): TokenType {
  const name = word.length <= 4 && /^[ui]\d+$|^bool$/.test(word) ? `Type_${word}` : word[0].toUpperCase() + word.slice(1);
  return createToken({
    name,
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories: [Keyword, ...extraCategories],
    label: '`' + word + '`',
  });
}

export const Import = keyword('import');
export const Const = keyword('const');
export const Struct = keyword('struct');
export const Server = keyword('server');
export const Enclave = keyword('enclave');
export const Host = keyword('host');
export const Test = keyword('test');
export const Fn = keyword('fn');
export const Private = keyword('private');
export const Var = keyword('var');
export const Let = keyword('let');
export const If = keyword('if');
export const Else = keyword('else');
export const While = keyword('while');
export const For = keyword('for');
// `inout` must precede `in`: both are keywords and `in` is a prefix of `inout`.
export const Inout = keyword('inout');
export const In = keyword('in');
export const Out = keyword('out');
export const Return = keyword('return');
export const Break = keyword('break');
export const Continue = keyword('continue');
export const Destroy = keyword('destroy');
export const Stop = keyword('stop');
export const Resume = keyword('resume');
export const Create = keyword('create');
export const Acquire = keyword('acquire');
export const Run = keyword('run');
export const Attest = keyword('attest');
export const Start = keyword('start');
export const Join = keyword('join');
export const With = keyword('with');
export const As = keyword('as');
export const True = keyword('true');
export const False = keyword('false');
export const PrimitiveTypes = ['u8', 'u16', 'u32', 'u64', 'i8', 'i16', 'i32', 'i64', 'bool'].map((w) =>
  keyword(w, [PrimitiveTypeName]),
);

export const keywordTokens: TokenType[] = [
  Import, Const, Struct, Server, Enclave, Host, Test, Fn, Private, Var, Let, If, Else, While, For,
  Inout, In, Out, Return, Break, Continue, Destroy, Stop, Resume, Create, Acquire, Run, Attest,
  With, As, True, False, Start, Join, ...PrimitiveTypes,
];

/** The keywords as words (`return`, `while`, ...), for "did you mean" on a misspelt keyword. */
export const keywordWords: readonly string[] = keywordTokens.map((t) => String(t.LABEL).slice(1, -1));

// Literals. The integer pattern is deliberately permissive (`0x`, `12ab`, `0b102` all lex as one
// token) so a malformed literal is reported once, as E0004, instead of splitting into pieces.
export const IntegerLiteral = createToken({ name: 'IntegerLiteral', pattern: /[0-9][0-9A-Za-z_]*/, label: 'a number' });
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*"/,
  start_chars_hint: ['"'],
  label: 'a string',
});
/** A string that reaches the end of its line; the lexer pass reports E0002 and hands the parser
 *  a StringLiteral so the statement around it still parses. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*\\?/,
  start_chars_hint: ['"'],
});

// Comments live in their own group: the parser never sees them, the language server does.
export const DocComment = createToken({ name: 'DocComment', pattern: /\/\/\/(?!\/)[^\n\r]*/, start_chars_hint: ['/'], group: 'comments' });
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\n\r]*/, start_chars_hint: ['/'], group: 'comments' });
export const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, group: 'comments' });
export const UnterminatedBlockComment = createToken({
  name: 'UnterminatedBlockComment',
  pattern: /\/\*[\s\S]*/,
  group: 'comments',
});

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\f\v]+/, group: Lexer.SKIPPED });

/** Operators that combine two operands; the parser folds them by `binaryPrecedence`. */
export const BinaryOperator = createToken({ name: 'BinaryOperator', pattern: Lexer.NA, label: 'an operator' });
/** `=` and the compound assignments. */
export const AssignOperator = createToken({ name: 'AssignOperator', pattern: Lexer.NA, label: '`=`' });

function punct(name: string, image: string, categories: TokenType[] = []): TokenType {
  return createToken({ name, pattern: image, label: '`' + image + '`', categories });
}

export const ShiftLeftAssign = punct('ShiftLeftAssign', '<<=', [AssignOperator]);
export const ShiftRightAssign = punct('ShiftRightAssign', '>>=', [AssignOperator]);
export const ShiftLeft = punct('ShiftLeft', '<<', [BinaryOperator]);
export const ShiftRight = punct('ShiftRight', '>>', [BinaryOperator]);
export const LessEqual = punct('LessEqual', '<=', [BinaryOperator]);
export const GreaterEqual = punct('GreaterEqual', '>=', [BinaryOperator]);
export const Less = punct('Less', '<', [BinaryOperator]);
export const Greater = punct('Greater', '>', [BinaryOperator]);
export const EqualEqual = punct('EqualEqual', '==', [BinaryOperator]);
export const NotEqual = punct('NotEqual', '!=', [BinaryOperator]);
export const OrOr = punct('OrOr', '||', [BinaryOperator]);
export const AndAnd = punct('AndAnd', '&&', [BinaryOperator]);
export const Arrow = punct('Arrow', '->');
export const PlusAssign = punct('PlusAssign', '+=', [AssignOperator]);
export const MinusAssign = punct('MinusAssign', '-=', [AssignOperator]);
export const StarAssign = punct('StarAssign', '*=', [AssignOperator]);
export const SlashAssign = punct('SlashAssign', '/=', [AssignOperator]);
export const PercentAssign = punct('PercentAssign', '%=', [AssignOperator]);
export const AmpAssign = punct('AmpAssign', '&=', [AssignOperator]);
export const PipeAssign = punct('PipeAssign', '|=', [AssignOperator]);
export const CaretAssign = punct('CaretAssign', '^=', [AssignOperator]);
export const Equals = punct('Equals', '=', [AssignOperator]);
export const Plus = punct('Plus', '+', [BinaryOperator]);
export const Minus = punct('Minus', '-', [BinaryOperator]);
export const Star = punct('Star', '*', [BinaryOperator]);
export const Slash = punct('Slash', '/', [BinaryOperator]);
export const Percent = punct('Percent', '%', [BinaryOperator]);
export const Amp = punct('Amp', '&', [BinaryOperator]);
export const Pipe = punct('Pipe', '|', [BinaryOperator]);
export const Caret = punct('Caret', '^', [BinaryOperator]);
export const Bang = punct('Bang', '!');
export const Tilde = punct('Tilde', '~');
export const DotDot = punct('DotDot', '..');
export const Dot = punct('Dot', '.');
export const Comma = punct('Comma', ',');
export const Colon = punct('Colon', ':');
export const Semicolon = punct('Semicolon', ';');
export const LParen = punct('LParen', '(');
export const RParen = punct('RParen', ')');
export const LBracket = punct('LBracket', '[');
export const RBracket = punct('RBracket', ']');
export const LBrace = punct('LBrace', '{');
export const RBrace = punct('RBrace', '}');


export const allTokens: TokenType[] = [
  WhiteSpace,
  DocComment, LineComment, BlockComment, UnterminatedBlockComment,
  ...keywordTokens,
  Identifier,
  IntegerLiteral, StringLiteral, UnterminatedString,
  ShiftLeftAssign, ShiftRightAssign, ShiftLeft, ShiftRight, LessEqual, GreaterEqual, Less, Greater,
  EqualEqual, NotEqual, OrOr, AndAnd, Arrow,
  PlusAssign, MinusAssign, StarAssign, SlashAssign, PercentAssign, AmpAssign, PipeAssign, CaretAssign,
  Equals, Plus, Minus, Star, Slash, Percent, Amp, Pipe, Caret, Bang, Tilde,
  DotDot, Dot, Comma, Colon, Semicolon, LParen, RParen, LBracket, RBracket, LBrace, RBrace,
  Keyword, PrimitiveTypeName, BinaryOperator, AssignOperator,
];

/** The lexer the token definitions describe. The parser uses the faster scanner.ts, which the
 *  tests hold to producing exactly this lexer's tokens. */
export function createReferenceLexer(): Lexer {
  return new Lexer(allTokens, { positionTracking: 'onlyOffset', ensureOptimizations: true });
}
