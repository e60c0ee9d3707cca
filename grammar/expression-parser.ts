// Rules for types and expressions (grammar/README.md, sections 3 and 5).
// Binary operators are parsed flat (`cast (op cast)*`) and folded by precedence in one pass:
// ten levels of nested rules would cost ten rule calls for every operand.
import { EOF, tokenMatcher, type IOrAlt, type IToken, type TokenType } from 'chevrotain';
import type {
  BinaryExpr, BinaryOp, Expr, ErrorExpr, Ident, PrimitiveName, TypeNode, UnaryOp,
} from './ast.js';
import type { SourceSpan } from './diagnostic.js';
import { decodeInteger, decodeString } from './literals.js';
import { ParserBase } from './parser-base.js';
import * as T from './tokens.js';

/** Binding power of each binary operator, loosest first (README section 5). */
const PRECEDENCE: Record<BinaryOp, number> = {
  '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6,
  '<': 7, '<=': 7, '>': 7, '>=': 7, '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10,
};
const SIMPLE_DECIMAL = /^[0-9]+$/;
const EQUALITY = 6;
const COMPARISON = 7;

export abstract class ExpressionParser extends ParserBase {
  // Chevrotain's OR takes an array of alternatives; building it on every call allocates an array
  // and a closure per alternative. Alternatives that use only `this` are built once and kept
  // here (the caching chevrotain's performance guide recommends).
  private baseTypeAlternatives: IOrAlt<TypeNode>[] | undefined;
  private handleKeywordAlternatives: IOrAlt<IToken>[] | undefined;
  private prefixAlternatives: IOrAlt<IToken>[] | undefined;
  private operandAlternatives: IOrAlt<Expr>[] | undefined;
  private runAlternatives: IOrAlt<IToken>[] | undefined;
  private hartAlternatives: IOrAlt<IToken>[] | undefined;
  private primaryAlternatives: IOrAlt<Expr>[] | undefined;

  protected errorExpr = (span: SourceSpan): ErrorExpr => ({ kind: 'ErrorExpr', span });

  /** Whether a repetition starting with `type` can begin here. Hot rules check this before
   *  calling MANY, whose closure would otherwise be allocated for every operand; while
   *  chevrotain records the grammar the answer is always yes, so the grammar is unchanged. */
  protected mayRepeat(type: TokenType): boolean {
    return this.RECORDING_PHASE || this.LA(1).tokenTypeIdx === type.tokenTypeIdx;
  }

  /** An identifier, or undefined if recovery had to invent it. */
  protected ident(token: IToken): Ident | undefined {
    if (!this.isReal(token) || this.RECORDING_PHASE) return undefined;
    return { kind: 'Ident', name: token.image, span: this.tokenSpan(token) };
  }

  // type = baseType ( "[" expression "]" )*
  // baseType = "u8" | "u16" | "u32" | "u64" | "i8" | "i16" | "i32" | "i64" | "bool"
  //          | IDENT | ( "server" | "enclave" ) "<" IDENT ">"
  type = this.RULE(
    'type',
    (): TypeNode => {
        const start = this.LA(1);
        let base: TypeNode = this.OR((this.baseTypeAlternatives ??= [
          {
            ALT: () => {
              const t = this.CONSUME(T.PrimitiveTypeName);
              return { kind: 'PrimitiveType', name: t.image as PrimitiveName, span: this.tokenSpan(t) } as TypeNode;
            },
          },
          {
            ALT: () => {
              const t = this.CONSUME(T.Identifier);
              return { kind: 'NamedType', name: this.ident(t)!, span: this.tokenSpan(t) } as TypeNode;
            },
          },
          {
            ALT: () => {
              const keyword = this.OR2(
                (this.handleKeywordAlternatives ??= [{ ALT: () => this.CONSUME(T.Server) }, { ALT: () => this.CONSUME(T.Enclave) }]),
              );
              this.CONSUME(T.Less);
              const target = this.ident(this.CONSUME2(T.Identifier));
              this.CONSUME(T.Greater);
              const handleKind = keyword.image === 'enclave' ? 'enclave' : 'server';
              return { kind: 'HandleType', handleKind, target, span: this.spanFrom(keyword) } as TypeNode;
            },
          },
        ]));
        // `u32[4][8]` reads as in C and Java: 4 arrays of u32[8], indexed m[i < 4][j < 8].
        // The repetition ends the rule, so skipping it when no `[` follows changes no recovery.
        if (!this.mayRepeat(T.LBracket)) return base;
        const lengths: Expr[] = [];
        this.MANY(() => {
          this.CONSUME(T.LBracket);
          lengths.push(this.SUBRULE(this.expression));
          this.CONSUME(T.RBracket);
        });
        if (lengths.length > 0 && !this.RECORDING_PHASE) {
          const span = this.spanFrom(start);
          for (let i = lengths.length - 1; i >= 0; i--) base = { kind: 'ArrayType', element: base, length: lengths[i], span };
        }
        return base;
      },
    { recoveryValueFunc: this.recoverWith([], (span) => ({ kind: 'ErrorType', span }) as TypeNode) },
  );

  // expression = cast ( binaryOperator cast )*      folded by PRECEDENCE, all left-associative
  expression = this.RULE(
    'expression',
    (): Expr => {
        const first = this.SUBRULE(this.cast);
        if (!this.RECORDING_PHASE && !tokenMatcher(this.LA(1), T.BinaryOperator)) return first; // as `mayRepeat`
        const operands: Expr[] = [first];
        const operators: IToken[] = [];
        this.MANY(() => {
          operators.push(this.CONSUME(T.BinaryOperator));
          operands.push(this.SUBRULE2(this.cast));
        });
        if (operators.length === 0 || this.RECORDING_PHASE) return operands[0];
        return this.foldBinary(operands, operators);
      },
    { recoveryValueFunc: this.recoverWith([], this.errorExpr) },
  );

  // condition = expression ( "=" expression )?
  // The condition of `if` and `while`. `if x = 5 {` is the classic slip for `==`: it is
  // reported once (E0012) and parsed as the comparison that was meant, so nothing after it
  // cascades (no "expected `{`", no unreachable code).
  condition = this.RULE(
    'condition',
    (): Expr => {
      const left = this.SUBRULE(this.expression);
      const assignment = this.OPTION(() => ({ op: this.CONSUME(T.Equals), right: this.SUBRULE2(this.expression) }));
      if (assignment === undefined || this.RECORDING_PHASE) return left;
      const opSpan = this.tokenSpan(assignment.op);
      this.report('E0012', '`=` assigns a value; it does not compare', opSpan, {
        label: 'an assignment, where a condition belongs',
        hint: 'to compare, write `==`',
        data: { expected: '==', found: '=', replacement: { span: opSpan, text: '==', title: 'Change `=` to `==`' } },
      });
      return { kind: 'BinaryExpr', op: '==', left, right: assignment.right, span: this.spanBetween(left, assignment.right) };
    },
    { recoveryValueFunc: this.recoverWith([], this.errorExpr) },
  );

  // cast = unary ( "as" type )*
  cast = this.RULE(
    'cast',
    (): Expr => {
      let expr = this.SUBRULE(this.unary);
      if (!this.mayRepeat(T.As)) return expr;
      this.MANY(() => {
        this.CONSUME(T.As);
        const type = this.SUBRULE(this.type);
        if (!this.RECORDING_PHASE) expr = { kind: 'CastExpr', expr, type, span: this.spanBetween(expr, type) };
      });
      return expr;
    },
    { recoveryValueFunc: this.recoverWith([], this.errorExpr) },
  );

  // unary = ( "-" | "!" | "~" )* ( "attest" unary ( "with" unary )?
  //                             | ( "run" | "resume" ) unary ( "for" unary )?
  //                             | ( "start" | "join" ) unary | postfix )
  // Prefix operators are collected in a loop, not by recursion, so long chains cost no stack.
  unary = this.RULE(
    'unary',
    (): Expr => {
      let prefixes: IToken[] | undefined; // most operands have none: no array for them
      if (this.mayRepeat(T.Minus) || this.mayRepeat(T.Bang) || this.mayRepeat(T.Tilde)) this.MANY(() => {
        (prefixes ??= []).push(
          this.OR(
            (this.prefixAlternatives ??= [
              { ALT: () => this.CONSUME(T.Minus) },
              { ALT: () => this.CONSUME(T.Bang) },
              { ALT: () => this.CONSUME(T.Tilde) },
            ]),
          ),
        );
      });
      let expr = this.OR2((this.operandAlternatives ??= [
        {
          ALT: () => {
            const keyword = this.CONSUME(T.Attest);
            const target = this.SUBRULE(this.unary);
            let nonce: Expr | undefined;
            this.OPTION(() => {
              this.CONSUME(T.With);
              nonce = this.SUBRULE2(this.unary);
            });
            return { kind: 'AttestExpr', target, nonce, span: this.spanFrom(keyword) } as Expr;
          },
        },
        {
          ALT: () => {
            const keyword = this.OR3((this.runAlternatives ??= [{ ALT: () => this.CONSUME(T.Run) }, { ALT: () => this.CONSUME(T.Resume) }]));
            const target = this.SUBRULE3(this.unary);
            let slice: Expr | undefined;
            this.OPTION2(() => {
              this.CONSUME(T.For);
              slice = this.SUBRULE4(this.unary);
            });
            const kind = keyword.tokenType === T.Run ? 'RunExpr' : 'ResumeExpr';
            return { kind, target, slice, span: this.spanFrom(keyword) } as Expr;
          },
        },
        {
          // "start" unary | "join" unary: another hart (runtime/README.md "Several harts")
          ALT: () => {
            const keyword = this.OR4((this.hartAlternatives ??= [{ ALT: () => this.CONSUME(T.Start) }, { ALT: () => this.CONSUME(T.Join) }]));
            const target = this.SUBRULE5(this.unary);
            return { kind: keyword.tokenType === T.Start ? 'StartExpr' : 'JoinExpr', target, span: this.spanFrom(keyword) } as Expr;
          },
        },
        { ALT: () => this.SUBRULE(this.postfix) },
      ]));
      if (this.RECORDING_PHASE || prefixes === undefined) return expr;
      const end = this.previousEnd();
      for (let i = prefixes.length - 1; i >= 0; i--) {
        const op = prefixes[i];
        const span = this.span(op.startOffset, end);
        expr = { kind: 'UnaryExpr', op: op.image as UnaryOp, operand: expr, span };
      }
      return expr;
    },
    { recoveryValueFunc: this.recoverWith([], this.errorExpr) },
  );

  // postfix = primary ( argumentList | "[" expression "]" | "." IDENT argumentList? )*
  postfix = this.RULE(
    'postfix',
    (): Expr => {
      const start = this.LA(1);
      let expr = this.SUBRULE(this.primary);
      if (!this.mayRepeat(T.LParen) && !this.mayRepeat(T.LBracket) && !this.mayRepeat(T.Dot)) return expr;
      this.MANY(() => {
        this.OR([
          {
            ALT: () => {
              const args = this.SUBRULE(this.argumentList);
              expr = { kind: 'CallExpr', callee: expr, args, span: this.spanFrom(start) };
            },
          },
          {
            ALT: () => {
              this.CONSUME(T.LBracket);
              const index = this.SUBRULE(this.expression);
              this.CONSUME(T.RBracket);
              expr = { kind: 'IndexExpr', target: expr, index, span: this.spanFrom(start) };
            },
          },
          {
            ALT: () => {
              this.CONSUME(T.Dot);
              const name = this.ident(this.CONSUME(T.Identifier));
              const call = this.OPTION(() => this.SUBRULE2(this.argumentList));
              expr = call === undefined
                ? { kind: 'FieldExpr', target: expr, field: name, span: this.spanFrom(start) }
                : { kind: 'MethodCallExpr', receiver: expr, method: name, args: call, span: this.spanFrom(start) };
            },
          },
        ]);
      });
      return expr;
    },
    { recoveryValueFunc: this.recoverWith([], this.errorExpr) },
  );

  // argumentList = "(" ( expression ( "," expression )* ","? )? ")"
  argumentList = this.RULE(
    'argumentList',
    (): Expr[] => {
      const args: Expr[] = [];
      this.CONSUME(T.LParen);
      this.OPTION(() => {
        args.push(this.SUBRULE(this.expression));
        this.MANY(() => {
          this.CONSUME(T.Comma);
          args.push(this.SUBRULE2(this.expression));
        });
        this.OPTION2(() => this.CONSUME2(T.Comma));
      });
      this.CONSUME(T.RParen);
      return args;
    },
    { recoveryValueFunc: () => [] },
  );

  // primary = INT | "true" | "false" | STRING | IDENT | "(" expression ")"
  //         | "[" "]" | "[" expression ";" expression "]" | "[" expression ( "," expression )* ","? "]"
  //         | "create" IDENT | "acquire" IDENT
  primary = this.RULE(
    'primary',
    (): Expr =>
      this.OR((this.primaryAlternatives ??= [
        { ALT: () => this.integerLiteral(this.CONSUME(T.IntegerLiteral)) },
        { ALT: () => ({ kind: 'BoolLiteral', value: true, span: this.tokenSpan(this.CONSUME(T.True)) }) as Expr },
        { ALT: () => ({ kind: 'BoolLiteral', value: false, span: this.tokenSpan(this.CONSUME(T.False)) }) as Expr },
        { ALT: () => this.stringLiteral(this.CONSUME(T.StringLiteral)) },
        {
          ALT: () => {
            const t = this.CONSUME(T.Identifier);
            if (!this.RECORDING_PHASE && tokenMatcher(this.LA(1), T.LBrace) && tokenMatcher(this.LA(2), T.Identifier) && tokenMatcher(this.LA(3), T.Colon)) {
              return this.structLiteral(t);
            }
            return { kind: 'NameExpr', name: t.image, span: this.tokenSpan(t) } as Expr;
          },
        },
        {
          ALT: () => {
            // No node for parentheses; the inner expression's span grows to cover them so a
            // diagnostic on `(a + b) * c` underlines from the `(`.
            const open = this.CONSUME(T.LParen);
            const inner = this.SUBRULE(this.expression);
            this.CONSUME(T.RParen);
            if (!this.RECORDING_PHASE) inner.span = this.spanFrom(open);
            return inner;
          },
        },
        { ALT: () => this.arrayLiteral() },
        {
          ALT: () => {
            const keyword = this.CONSUME(T.Create);
            const target = this.ident(this.CONSUME2(T.Identifier));
            return { kind: 'CreateExpr', target, span: this.spanFrom(keyword) } as Expr;
          },
        },
        {
          ALT: () => {
            const keyword = this.CONSUME(T.Acquire);
            const target = this.ident(this.CONSUME3(T.Identifier));
            return { kind: 'AcquireExpr', target, span: this.spanFrom(keyword) } as Expr;
          },
        },
      ])),
    { recoveryValueFunc: this.recoverWith([], this.errorExpr) },
  );

  /** Part of `primary`: the two array literal forms. */
  private arrayLiteral(): Expr {
    const open = this.CONSUME(T.LBracket);
    let result: Expr | undefined;
    this.OPTION(() => {
      const first = this.SUBRULE2(this.expression);
      this.OR2([
        {
          ALT: () => {
            this.CONSUME(T.Semicolon);
            const count = this.SUBRULE3(this.expression);
            result = { kind: 'ArrayRepeat', value: first, count, span: this.spanFrom(open) };
          },
        },
        {
          ALT: () => {
            const elements = [first];
            this.MANY(() => {
              this.CONSUME(T.Comma);
              elements.push(this.SUBRULE4(this.expression));
            });
            this.OPTION2(() => this.CONSUME2(T.Comma));
            result = { kind: 'ArrayLiteral', elements, span: this.spanFrom(open) };
          },
        },
      ]);
    });
    this.CONSUME(T.RBracket);
    if (result === undefined || this.RECORDING_PHASE) return { kind: 'ArrayLiteral', elements: [], span: this.spanFrom(open) };
    result.span = this.spanFrom(open);
    return result;
  }

  protected integerLiteral(token: IToken): Expr {
    if (this.RECORDING_PHASE || !this.isReal(token)) return this.errorExpr(this.tokenSpan(token));
    const image = token.image;
    let value: bigint;
    if (image.length < 16 && SIMPLE_DECIMAL.test(image)) {
      value = BigInt(Number(image)); // exact below 2^53, and faster than parsing a BigInt
    } else {
      const decoded = decodeInteger(image); // a bad literal was reported by the lexer pass
      value = decoded.ok ? decoded.value : 0n;
    }
    return { kind: 'IntLiteral', value, raw: image, span: this.tokenSpan(token) };
  }

  protected stringLiteral(token: IToken): Expr & { kind: 'StringLiteral' | 'ErrorExpr' } {
    if (this.RECORDING_PHASE || !this.isReal(token)) return this.errorExpr(this.tokenSpan(token));
    return { kind: 'StringLiteral', value: decodeString(token.image).value, raw: token.image, span: this.tokenSpan(token) };
  }

  /** `Point { x: 1, y: 2 }`: the language has no struct literals (README §5). A block cannot
   *  start with `name:`, so this is unambiguous; the whole literal is skipped up to its `}`
   *  and reported once (E0014) instead of as one parse error per field. */
  private structLiteral(name: IToken): Expr {
    let depth = 0;
    let last = name;
    const fields: string[] = [];
    do {
      const token = this.LA(1);
      if (token.tokenType === EOF) break;
      if (tokenMatcher(token, T.LBrace)) depth++;
      else if (tokenMatcher(token, T.RBrace)) depth--;
      else if (depth === 1 && tokenMatcher(token, T.Identifier) && tokenMatcher(this.LA(2), T.Colon)) fields.push(token.image);
      last = this.SKIP_TOKEN();
    } while (depth > 0);
    const span = this.span(this.startOffset(name), last.endOffset! + 1);
    const example = fields.slice(0, 2).map((f) => `p.${f} = ...;`).join(' ');
    this.report('E0014', 'there are no struct literals', span, {
      label: `a \`${name.image}\` written as a literal`,
      hint: `declare a variable and assign its fields one by one: \`var p: ${name.image}; ${example}\``,
    });
    return this.errorExpr(span);
  }

  /** Operator-precedence fold of `operands[0] op0 operands[1] op1 ...`. */
  private foldBinary(operands: Expr[], operators: IToken[]): Expr {
    const output: Expr[] = [operands[0]];
    const pending: IToken[] = [];
    // Comparisons built here, to tell `a < b < c` from `(a < b) < c`; most folds have none.
    let comparisons: Set<Expr> | undefined;
    const reduce = () => {
      const op = pending.pop()!.image as BinaryOp;
      const right = output.pop()!;
      const left = output.pop()!;
      let node: BinaryExpr = { kind: 'BinaryExpr', op, left, right, span: this.spanBetween(left, right) };
      if (isComparisonLevel(op)) {
        if (left.kind === 'BinaryExpr' && comparisons?.has(left)) {
          this.report('E0009', 'comparison operators cannot be chained', node.span, {
            label: `\`${left.op}\` and then \`${op}\``,
            hint: `compare twice and join with \`&&\`: \`${this.textOf(left)} && ${this.textOf(left.right)} ${op} ${this.textOf(right)}\``,
          });
          // Read as what was meant, `a < b && b < c`, so the checker adds no second error
          // about comparing a `bool` with a number.
          const second: BinaryExpr = { kind: 'BinaryExpr', op, left: left.right, right, span: this.spanBetween(left.right, right) };
          node = { kind: 'BinaryExpr', op: '&&', left, right: second, span: node.span };
        }
        (comparisons ??= new Set()).add(node);
      }
      output.push(node);
    };
    for (let i = 0; i < operators.length; i++) {
      const level = PRECEDENCE[operators[i].image as BinaryOp];
      while (pending.length > 0 && PRECEDENCE[pending[pending.length - 1].image as BinaryOp] >= level) reduce();
      pending.push(operators[i]);
      output.push(operands[i + 1]);
    }
    while (pending.length > 0) reduce();
    return output[0];
  }
}

function isComparisonLevel(op: BinaryOp): boolean {
  const level = PRECEDENCE[op];
  return level === EQUALITY || level === COMPARISON;
}
