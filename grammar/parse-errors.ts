// How parse errors read (grammar/README.md, section 7). Chevrotain asks this provider
// for a message whenever a rule fails; the rule name tells us what the user was in the middle of
// writing, so the message can say "expected `;` after this statement" instead of a token dump.
import {
  EOF,
  tokenMatcher,
  type IParserErrorMessageProvider,
  type IRecognitionException,
  type IToken,
  type TokenType,
} from 'chevrotain';
import { makeDiagnostic, type Diagnostic, type LineIndex } from './diagnostic.js';
import * as T from './tokens.js';

/** Prefix on messages whose span belongs just after the previous token (a missing `;` is
 *  reported where it should be, not at whatever comes next). Stripped before reporting. */
const AFTER_PREVIOUS = '\u0001';

const DECLARATION_STARTERS = '`server`, `enclave`, `host`, `test`, `struct`, `const` or `import`';
const SECTION_MEMBERS = '`fn`, `private fn`, `var`, `let` or `const`';

/** What the user is writing while inside each rule, for "after this ..." phrasing. */
const RULE_NOUN: Record<string, string> = {
  importDecl: 'import',
  constDecl: 'constant',
  letStmt: 'statement',
  varStmt: 'statement',
  returnStmt: 'statement',
  exprOrAssignStmt: 'statement',
  statement: 'statement',
};

/** What a failed alternative was choosing between. */
const ALTERNATIVE_NOUN: Record<string, string> = {
  topItem: `a declaration (${DECLARATION_STARTERS})`,
  sectionMember: SECTION_MEMBERS,
  statement: 'a statement',
  hostMember: 'a statement or `fn`',
  primary: 'an expression',
  unary: 'an expression',
  postfix: 'an expression',
  cast: 'an expression',
  expression: 'an expression',
  type: 'a type',
  param: 'a parameter',
};

export function describeToken(token: IToken): string {
  if (token.tokenType === EOF) return 'end of file';
  const image = token.image.length > 24 ? token.image.slice(0, 24) + '…' : token.image;
  if (tokenMatcher(token, T.Keyword)) return 'the keyword `' + image + '`';
  return '`' + image + '`';
}

function labelOf(type: TokenType): string {
  return type.LABEL ?? type.name;
}

function mismatch(expected: TokenType, actual: IToken, previous: IToken | undefined, ruleName: string): string {
  const found = describeToken(actual);
  if (expected === T.Semicolon) {
    return `${AFTER_PREVIOUS}expected \`;\` after this ${RULE_NOUN[ruleName] ?? 'statement'}, found ${found}`;
  }
  if (expected === EOF) return `expected a declaration (${DECLARATION_STARTERS}), found ${found}`;
  const afterComma = previous?.tokenType === T.Comma;
  if (expected === T.RBrace) {
    switch (ruleName) {
      case 'block':
      case 'testDecl':
        return `expected a statement or \`}\`, found ${found}`;
      case 'serverDecl':
      case 'enclaveDecl':
        return `expected ${SECTION_MEMBERS.replace(' or ', ', ')} or \`}\`, found ${found}`;
      case 'hostDecl':
        return `expected a statement, \`fn\` or \`}\`, found ${found}`;
      case 'structDecl':
        return afterComma ? `expected a field or \`}\`, found ${found}` : `expected \`,\` or \`}\` after this field, found ${found}`;
    }
  }
  // In a comma-separated list, right after a comma the next item is what is missing.
  if (expected === T.RParen && ruleName === 'fnDecl') {
    return afterComma ? `expected a parameter or \`)\`, found ${found}` : `expected \`,\` or \`)\`, found ${found}`;
  }
  if (expected === T.RParen && ruleName === 'argumentList') {
    return afterComma ? `expected an argument or \`)\`, found ${found}` : `expected \`,\` or \`)\`, found ${found}`;
  }
  if (expected === T.RBracket && ruleName === 'primary') {
    return afterComma ? `expected an element or \`]\`, found ${found}` : `expected \`,\` or \`]\`, found ${found}`;
  }
  if (expected === T.StringLiteral && ruleName === 'serverDecl') {
    return `expected the server's registered name (a string such as \`"adder"\`), found ${found}`;
  }
  if (expected === T.LBrace && ruleName === 'block') return `expected \`{\` to start a block, found ${found}`;
  return `expected ${labelOf(expected)}, found ${found}`;
}

export const penglaiErrorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual, previous, ruleName }) => mismatch(expected, actual, previous, ruleName),
  buildNotAllInputParsedMessage: ({ firstRedundant }) =>
    `expected a declaration (${DECLARATION_STARTERS}), found ${describeToken(firstRedundant)}`,
  buildNoViableAltMessage: ({ actual, ruleName }) =>
    `expected ${ALTERNATIVE_NOUN[ruleName] ?? 'something else'}, found ${describeToken(actual[0])}`,
  buildEarlyExitMessage: ({ actual, ruleName }) =>
    `expected ${ALTERNATIVE_NOUN[ruleName] ?? 'something else'}, found ${describeToken(actual[0])}`,
};

function realOffset(token: IToken | undefined): boolean {
  return token !== undefined && token.tokenType !== EOF && !token.isInsertedInRecovery && token.startOffset >= 0;
}

/** Converts one chevrotain recognition error into an E0001 diagnostic with an exact span. */
export function recognitionDiagnostic(error: IRecognitionException, lines: LineIndex, file: string): Diagnostic {
  const previous = (error as { previousToken?: IToken }).previousToken;
  let message = error.message;
  const afterPrevious = message.startsWith(AFTER_PREVIOUS);
  if (afterPrevious) message = message.slice(AFTER_PREVIOUS.length);
  const token = error.token;
  let start: number;
  let end: number;
  if ((afterPrevious || !realOffset(token)) && realOffset(previous)) {
    start = end = previous!.endOffset! + 1;
  } else if (realOffset(token)) {
    start = token.startOffset;
    end = token.startOffset + token.image.length;
  } else {
    start = end = lines.text.length;
  }
  const label = /^expected (.*), found/.exec(message)?.[1];
  const keyword = /^expected a name, found the keyword (`\w+`)/.exec(message)?.[1];
  // The token that was expected, when it is one token: this module wrote the message.
  const expectedToken = label === undefined ? undefined : /^`([^`]+)`( after |$)/.exec(label)?.[1];
  return makeDiagnostic('E0001', message, lines.span(file, start, end), {
    label: label === undefined ? undefined : `expected ${label}`,
    hint: keyword === undefined ? undefined : `${keyword} is a reserved word; choose another name`,
    data: expectedToken === undefined ? undefined : { expected: expectedToken },
  });
}
