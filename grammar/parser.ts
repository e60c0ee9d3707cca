// Rules for declarations and statements (grammar/README.md, sections 2 and 4). Chevrotain
// analyses the grammar when the parser is constructed, which is costly: index.ts makes one
// instance and reuses it for every parse.
import { EOF, tokenMatcher, type IOrAlt, type IToken } from 'chevrotain';
import type {
  Block, ConstDecl, EnclaveDecl, Expr, FieldDecl, FnDecl, ForStmt, HostDecl, IfStmt, LetStmt, Node,
  Param, ParamDirection, Program, SectionMember, ServerDecl, Stmt, StructDecl, TestDecl, TestOption, TopItem,
  TypeNode, VarStmt, WhileStmt, AssignOp,
} from './ast.js';
import { ExpressionParser } from './expression-parser.js';
import { describeToken } from './parse-errors.js';
import * as T from './tokens.js';

const CONTAINER_STATEMENTS: Node['kind'][] = ['Block', 'IfStmt', 'WhileStmt', 'ForStmt'];
const STATEMENT_KINDS = new Set<Node['kind']>([
  'LetStmt', 'VarStmt', 'ConstDecl', 'AssignStmt', 'IfStmt', 'WhileStmt', 'ForStmt', 'BreakStmt', 'ContinueStmt',
  'ReturnStmt', 'ExprStmt', 'Block', 'DestroyStmt', 'StopStmt', 'ErrorStmt',
]);
const ASSIGNABLE = new Set<Node['kind']>(['NameExpr', 'IndexExpr', 'FieldExpr', 'ErrorExpr']);
/** Leaf rules do not re-sync themselves: their caller (a dispatching rule) builds the error node. */
const NO_RESYNC = { resyncEnabled: false };

function isStatement(node: Node): node is Stmt {
  return STATEMENT_KINDS.has(node.kind);
}

export class PenglaiParser extends ExpressionParser {
  // Alternatives built once (see ExpressionParser).
  private topItemAlternatives: IOrAlt<TopItem>[] | undefined;
  private sectionMemberAlternatives: IOrAlt<SectionMember>[] | undefined;
  private hostMemberAlternatives: IOrAlt<FnDecl | Stmt>[] | undefined;
  private directionAlternatives: IOrAlt<ParamDirection>[] | undefined;
  private misplacedDirectionAlternatives: IOrAlt<IToken>[] | undefined;
  private statementAlternatives: IOrAlt<Stmt>[] | undefined;

  // program = topItem* EOF
  program = this.RULE(
    'program',
    (): Program => {
      const start = this.LA(1);
      const node: Program = { kind: 'Program', file: this.ctx.file, items: [], span: this.emptyAt(start) };
      return this.fill(
        node,
        start,
        () => {
          this.MANY(() => node.items.push(this.SUBRULE(this.topItem)));
          this.CONSUME(EOF);
        },
        (child) => {
          if (['ServerDecl', 'EnclaveDecl', 'HostDecl', 'TestDecl', 'StructDecl', 'FnDecl'].includes(child.kind)) node.items.push(child as TopItem);
        },
      );
    },
    {
      recoveryValueFunc: this.recoverWith(['Program'], (span): Program => ({ kind: 'Program', file: this.ctx.file, items: [], span })),
    },
  );

  // topItem = importDecl | constDecl | structDecl | fnDecl | serverDecl | enclaveDecl | hostDecl | testDecl
  topItem = this.RULE(
    'topItem',
    (): TopItem =>
      this.OR((this.topItemAlternatives ??= [
        { ALT: () => this.SUBRULE(this.importDecl) },
        { ALT: () => this.SUBRULE(this.constDecl) },
        { ALT: () => this.SUBRULE(this.structDecl) },
        { ALT: () => this.SUBRULE(this.fnDecl) },
        { ALT: () => this.SUBRULE(this.serverDecl) },
        { ALT: () => this.SUBRULE(this.enclaveDecl) },
        { ALT: () => this.SUBRULE(this.hostDecl) },
        { ALT: () => this.SUBRULE(this.testDecl) },
      ])),
    {
      recoveryValueFunc: this.recoverWith(['ServerDecl', 'EnclaveDecl', 'HostDecl', 'TestDecl', 'StructDecl', 'FnDecl'], (span): TopItem => ({
        kind: 'ErrorItem',
        span,
      })),
    },
  );

  // importDecl = "import" STRING ";"
  importDecl = this.RULE(
    'importDecl',
    (): TopItem => {
      const keyword = this.CONSUME(T.Import);
      const path = this.stringLiteral(this.CONSUME(T.StringLiteral));
      this.CONSUME(T.Semicolon);
      return { kind: 'ImportDecl', path: path.kind === 'StringLiteral' ? path : undefined, span: this.spanFrom(keyword) };
    },
    NO_RESYNC,
  );

  // constDecl = "const" IDENT ( ":" type )? "=" expression ";"
  constDecl = this.RULE(
    'constDecl',
    (): ConstDecl => {
      const keyword = this.CONSUME(T.Const);
      const doc = this.takeDoc(keyword);
      const name = this.ident(this.CONSUME(T.Identifier));
      const type = this.OPTION(() => {
        this.CONSUME(T.Colon);
        return this.SUBRULE(this.type);
      });
      this.CONSUME(T.Equals);
      const value = this.SUBRULE(this.expression);
      this.CONSUME(T.Semicolon);
      return { kind: 'ConstDecl', doc, name, type, value, span: this.spanFrom(keyword) };
    },
    NO_RESYNC,
  );

  // structDecl = "struct" IDENT "{" ( field ( "," field )* ","? )? "}"
  structDecl = this.RULE(
    'structDecl',
    (): StructDecl => {
      const keyword = this.LA(1);
      const node: StructDecl = { kind: 'StructDecl', doc: this.takeDoc(keyword), name: undefined, fields: [], span: this.emptyAt(keyword) };
      return this.fill(node, keyword, () => {
        this.CONSUME(T.Struct);
        node.name = this.ident(this.CONSUME(T.Identifier));
        this.CONSUME(T.LBrace);
        this.OPTION(() => {
          node.fields.push(this.SUBRULE(this.field));
          this.MANY(() => {
            this.CONSUME(T.Comma);
            node.fields.push(this.SUBRULE2(this.field));
          });
          this.OPTION2(() => this.CONSUME2(T.Comma));
        });
        this.CONSUME(T.RBrace);
      });
    },
    NO_RESYNC,
  );

  // field = IDENT ":" type
  field = this.RULE(
    'field',
    (): FieldDecl => {
      const nameToken = this.CONSUME(T.Identifier);
      const doc = this.takeDoc(nameToken);
      this.CONSUME(T.Colon);
      const type = this.SUBRULE(this.type);
      return { kind: 'FieldDecl', doc, name: this.ident(nameToken), type, span: this.spanFrom(nameToken) };
    },
    { recoveryValueFunc: this.recoverWith([], (span): FieldDecl => ({ kind: 'FieldDecl', name: undefined, type: { kind: 'ErrorType', span }, span })) },
  );

  // serverDecl = "server" IDENT STRING IDENT? "{" sectionMember* "}"   (the IDENT: its concurrency policy)
  serverDecl = this.RULE(
    'serverDecl',
    (): ServerDecl => {
      const keyword = this.LA(1);
      const node: ServerDecl = {
        kind: 'ServerDecl', doc: this.takeDoc(keyword), name: undefined, registeredName: undefined, members: [], span: this.emptyAt(keyword),
      };
      return this.fill(
        node,
        keyword,
        () => {
          this.CONSUME(T.Server);
          node.name = this.ident(this.CONSUME(T.Identifier));
          const registered = this.stringLiteral(this.CONSUME(T.StringLiteral));
          if (registered.kind === 'StringLiteral') node.registeredName = registered;
          this.OPTION(() => {
            node.policy = this.ident(this.CONSUME2(T.Identifier));
          });
          this.CONSUME(T.LBrace);
          this.MANY(() => node.members.push(this.SUBRULE(this.sectionMember)));
          this.CONSUME(T.RBrace);
        },
        (child) => this.adoptMember(node.members, child),
      );
    },
    NO_RESYNC,
  );

  // enclaveDecl = "enclave" IDENT "{" sectionMember* "}"
  enclaveDecl = this.RULE(
    'enclaveDecl',
    (): EnclaveDecl => {
      const keyword = this.LA(1);
      const node: EnclaveDecl = { kind: 'EnclaveDecl', doc: this.takeDoc(keyword), name: undefined, members: [], span: this.emptyAt(keyword) };
      return this.fill(
        node,
        keyword,
        () => {
          this.CONSUME(T.Enclave);
          node.name = this.ident(this.CONSUME(T.Identifier));
          this.CONSUME(T.LBrace);
          this.MANY(() => node.members.push(this.SUBRULE(this.sectionMember)));
          this.CONSUME(T.RBrace);
        },
        (child) => this.adoptMember(node.members, child),
      );
    },
    NO_RESYNC,
  );

  private adoptMember(members: SectionMember[], child: Node): void {
    if (child.kind === 'FnDecl') members.push(child);
  }

  // sectionMember = fnDecl | letStmt | varStmt | constDecl
  sectionMember = this.RULE(
    'sectionMember',
    (): SectionMember =>
      this.OR((this.sectionMemberAlternatives ??= [
        { ALT: () => this.SUBRULE(this.fnDecl) },
        { ALT: () => this.SUBRULE(this.letStmt) },
        { ALT: () => this.SUBRULE(this.varStmt) },
        { ALT: () => this.SUBRULE(this.constDecl) },
      ])),
    { recoveryValueFunc: this.recoverWith(['FnDecl'], (span): SectionMember => ({ kind: 'ErrorItem', span })) },
  );

  // hostDecl = "host" "{" hostMember* "}"
  hostDecl = this.RULE(
    'hostDecl',
    (): HostDecl => {
      const keyword = this.LA(1);
      const node: HostDecl = { kind: 'HostDecl', doc: this.takeDoc(keyword), members: [], span: this.emptyAt(keyword) };
      return this.fill(
        node,
        keyword,
        () => {
          this.CONSUME(T.Host);
          this.CONSUME(T.LBrace);
          this.MANY(() => node.members.push(this.SUBRULE(this.hostMember)));
          this.CONSUME(T.RBrace);
        },
        (child) => {
          if (child.kind === 'FnDecl' || isStatement(child)) node.members.push(child);
        },
      );
    },
    NO_RESYNC,
  );

  // hostMember = fnDecl | statement
  hostMember = this.RULE(
    'hostMember',
    (): FnDecl | Stmt =>
      this.OR((this.hostMemberAlternatives ??= [{ ALT: () => this.SUBRULE(this.fnDecl) }, { ALT: () => this.SUBRULE(this.statement) }])),
    { recoveryValueFunc: this.recoverWith(['FnDecl', ...CONTAINER_STATEMENTS], (span): Stmt => ({ kind: 'ErrorStmt', span })) },
  );

  // testDecl = "test" STRING ( "(" testOption ( "," testOption )* ","? ")" )? block
  testDecl = this.RULE(
    'testDecl',
    (): TestDecl => {
      const keyword = this.LA(1);
      const node: TestDecl = { kind: 'TestDecl', doc: this.takeDoc(keyword), name: undefined, options: [], body: undefined, span: this.emptyAt(keyword) };
      return this.fill(
        node,
        keyword,
        () => {
          this.CONSUME(T.Test);
          const name = this.stringLiteral(this.CONSUME(T.StringLiteral));
          if (name.kind === 'StringLiteral') node.name = name;
          this.OPTION(() => {
            this.CONSUME(T.LParen);
            // Recovery may leave an option out (undefined): the list keeps only real ones.
            const push = (option: TestOption | undefined) => option && !this.RECORDING_PHASE && node.options.push(option);
            push(this.SUBRULE(this.testOption));
            this.MANY(() => {
              this.CONSUME(T.Comma);
              push(this.SUBRULE2(this.testOption));
            });
            this.OPTION2(() => this.CONSUME2(T.Comma));
            this.CONSUME(T.RParen);
          });
          node.body = this.SUBRULE(this.block);
        },
        (child) => {
          if (child.kind === 'Block') node.body = child;
        },
      );
    },
    NO_RESYNC,
  );

  // testOption = IDENT ":" ( INT | STRING | IDENT )
  testOption = this.RULE('testOption', (): TestOption => {
    const start = this.LA(1);
    const name = this.ident(this.CONSUME(T.Identifier));
    this.CONSUME(T.Colon);
    const value = this.OR([
      { ALT: () => this.integerLiteral(this.CONSUME(T.IntegerLiteral)) as TestOption['value'] },
      { ALT: () => this.stringLiteral(this.CONSUME(T.StringLiteral)) as TestOption['value'] },
      {
        ALT: () => {
          const token = this.CONSUME2(T.Identifier);
          return this.ident(token) ?? this.errorExpr(this.tokenSpan(token));
        },
      },
    ]);
    return { kind: 'TestOption', name, value: value ?? this.errorExpr(this.spanFrom(start)), span: this.spanFrom(start) };
  });

  // fnDecl = "private"? "fn" IDENT "(" ( param ( "," param )* ","? )? ")" ( "->" type )? block
  fnDecl = this.RULE(
    'fnDecl',
    (): FnDecl => {
      const start = this.LA(1);
      const node: FnDecl = {
        kind: 'FnDecl', doc: this.takeDoc(start), isPrivate: false, name: undefined, params: [], returnType: undefined,
        body: undefined, span: this.emptyAt(start),
      };
      return this.fill(
        node,
        start,
        () => {
          this.OPTION(() => {
            this.CONSUME(T.Private);
            node.isPrivate = true;
          });
          this.CONSUME(T.Fn);
          node.name = this.ident(this.CONSUME(T.Identifier));
          this.CONSUME(T.LParen);
          this.OPTION2(() => {
            node.params.push(this.SUBRULE(this.param));
            this.MANY(() => {
              this.CONSUME(T.Comma);
              node.params.push(this.SUBRULE2(this.param));
            });
            this.OPTION3(() => this.CONSUME2(T.Comma));
          });
          this.ACTION(() => this.skipRestOfParameterList());
          this.CONSUME(T.RParen);
          this.OPTION4(() => {
            this.CONSUME(T.Arrow);
            node.returnType = this.SUBRULE(this.type);
          });
          node.body = this.SUBRULE(this.block);
        },
        (child) => {
          if (child.kind === 'Block') node.body = child;
        },
      );
    },
    NO_RESYNC,
  );

  /** A parameter list that goes wrong between parameters (`fn f(a: u64 b: u64)`) is skipped,
   *  with one E0001 at its first wrong token, up to its `)`, or up to the `->` or `{` that
   *  follows when the `)` is missing too (chevrotain then supplies the `)`; its second report
   *  of the same mistake is dropped). So the function's body and the rest of its section still
   *  parse. Before a `}`, `;` or the end of the file the ordinary error and recovery apply. */
  private skipRestOfParameterList(): void {
    const first = this.LA(1);
    if (tokenMatcher(first, T.RParen) || tokenMatcher(first, T.Arrow) || tokenMatcher(first, T.LBrace)) return;
    let depth = 0;
    for (let k = 1; ; k++) {
      const token = this.LA(k);
      if (token.tokenType === EOF || tokenMatcher(token, T.RBrace) || tokenMatcher(token, T.Semicolon)) return;
      const closes = depth === 0 && tokenMatcher(token, T.RParen);
      const missing = depth === 0 && (tokenMatcher(token, T.Arrow) || tokenMatcher(token, T.LBrace));
      if (closes || missing) {
        this.report('E0001', `expected \`,\` or \`)\`, found ${describeToken(first)}`, this.tokenSpan(first), { label: 'expected `,` or `)`' });
        if (missing) this.covered.add(token.startOffset);
        for (let skip = 1; skip < k; skip++) this.SKIP_TOKEN();
        return;
      }
      if (tokenMatcher(token, T.LParen) || tokenMatcher(token, T.LBracket)) depth++;
      else if (tokenMatcher(token, T.RParen) || tokenMatcher(token, T.RBracket)) depth--;
    }
  }

  // param = IDENT ":" ( "in" | "out" | "inout" )? type
  // The direction written first (`inout p: T`, as in C IDLs) parses too, with error E0011, so
  // the rest of the signature and the calls to it are still checked.
  param = this.RULE(
    'param',
    (): Param => {
      const start = this.LA(1);
      let misplaced: IToken | undefined;
      this.OPTION(() => {
        misplaced = this.OR(
          (this.misplacedDirectionAlternatives ??= [
            { ALT: () => this.CONSUME(T.In) },
            { ALT: () => this.CONSUME(T.Out) },
            { ALT: () => this.CONSUME(T.Inout) },
          ]),
        );
      });
      const nameToken = this.CONSUME(T.Identifier);
      this.CONSUME(T.Colon);
      let direction: ParamDirection = misplaced ? (misplaced.image as ParamDirection) : 'value';
      let after: IToken | undefined;
      this.OPTION2(() => {
        after = this.LA(1);
        direction = this.OR2(
          (this.directionAlternatives ??= [
            { ALT: () => (this.CONSUME2(T.In), 'in' as const) },
            { ALT: () => (this.CONSUME2(T.Out), 'out' as const) },
            { ALT: () => (this.CONSUME2(T.Inout), 'inout' as const) },
          ]),
        );
      });
      const type = this.SUBRULE(this.type);
      if (misplaced) {
        const name = nameToken.image;
        this.report('E0011', `a parameter's direction goes after its name: \`${name}: ${misplaced.image} ...\`, not \`${misplaced.image} ${name}: ...\``, this.tokenSpan(misplaced), {
          label: after ? `\`${name}\` already has the direction \`${after.image}\`` : `move \`${misplaced.image}\` after \`${name}:\``,
          hint: 'a parameter is `name: direction type`, e.g. `buf: inout u32[8]`',
        });
      }
      return { kind: 'Param', name: this.ident(nameToken), direction, type, span: this.spanFrom(start) };
    },
    {
      recoveryValueFunc: this.recoverWith([], (span): Param => ({
        kind: 'Param', name: undefined, direction: 'value', type: { kind: 'ErrorType', span }, span,
      })),
    },
  );

  // block = "{" statement* "}"
  block = this.RULE(
    'block',
    (): Block => {
        const open = this.LA(1);
        const node: Block = { kind: 'Block', statements: [], span: this.emptyAt(open) };
        return this.fill(
          node,
          open,
          () => {
            this.CONSUME(T.LBrace);
            this.MANY(() => node.statements.push(this.SUBRULE(this.statement)));
            this.CONSUME(T.RBrace);
          },
          (child) => {
            if (isStatement(child)) node.statements.push(child);
          },
        );
      },
    NO_RESYNC,
  );

  // statement = letStmt | varStmt | constDecl | ifStmt | whileStmt | forStmt | returnStmt
  //           | "break" ";" | "continue" ";" | ( "destroy" | "stop" | "resume" ) expression ";"
  //           | block | exprOrAssignStmt
  statement = this.RULE(
    'statement',
    (): Stmt =>
      this.OR((this.statementAlternatives ??= [
        { ALT: () => this.SUBRULE(this.letStmt) },
        { ALT: () => this.SUBRULE(this.varStmt) },
        { ALT: () => this.SUBRULE(this.constDecl) },
        { ALT: () => this.SUBRULE(this.ifStmt) },
        { ALT: () => this.SUBRULE(this.whileStmt) },
        { ALT: () => this.SUBRULE(this.forStmt) },
        { ALT: () => this.SUBRULE(this.returnStmt) },
        { ALT: () => this.keywordStatement(this.CONSUME(T.Break), 'BreakStmt') },
        { ALT: () => this.keywordStatement(this.CONSUME(T.Continue), 'ContinueStmt') },
        { ALT: () => this.lifecycleStatement(this.CONSUME(T.Destroy), 'DestroyStmt', 1) },
        { ALT: () => this.lifecycleStatement(this.CONSUME(T.Stop), 'StopStmt', 2) },
        { ALT: () => this.SUBRULE(this.block) },
        { ALT: () => this.SUBRULE(this.exprOrAssignStmt) },
      ])),
    { recoveryValueFunc: this.recoverWith(CONTAINER_STATEMENTS, (span): Stmt => ({ kind: 'ErrorStmt', span })) },
  );

  /** `break ;` and `continue ;`, inside `statement`. */
  private keywordStatement(keyword: IToken, kind: 'BreakStmt' | 'ContinueStmt'): Stmt {
    if (kind === 'BreakStmt') this.CONSUME(T.Semicolon);
    else this.CONSUME2(T.Semicolon);
    return { kind, span: this.spanFrom(keyword) };
  }

  /** `destroy e;` and `stop e;` inside `statement` (`occurrence` keeps chevrotain's
   *  DSL indices distinct per alternative). */
  private lifecycleStatement(keyword: IToken, kind: 'DestroyStmt' | 'StopStmt', occurrence: 1 | 2): Stmt {
    let target: Expr;
    if (occurrence === 1) {
      target = this.SUBRULE(this.expression);
      this.CONSUME3(T.Semicolon);
    } else {
      target = this.SUBRULE2(this.expression);
      this.CONSUME4(T.Semicolon);
    }
    return { kind, target, span: this.spanFrom(keyword) };
  }

  // letStmt = "let" IDENT ( ":" type )? "=" expression ";"
  letStmt = this.RULE(
    'letStmt',
    (): LetStmt => {
      const keyword = this.CONSUME(T.Let);
      const doc = this.takeDoc(keyword);
      const name = this.ident(this.CONSUME(T.Identifier));
      const type = this.OPTION(() => {
        this.CONSUME(T.Colon);
        return this.SUBRULE(this.type);
      });
      this.CONSUME(T.Equals);
      const init = this.SUBRULE(this.expression);
      this.CONSUME(T.Semicolon);
      return { kind: 'LetStmt', doc, name, type, init, span: this.spanFrom(keyword) };
    },
    NO_RESYNC,
  );

  // varStmt = "var" IDENT ( ":" type )? ( "=" expression )? ";"
  varStmt = this.RULE(
    'varStmt',
    (): VarStmt => {
      const keyword = this.CONSUME(T.Var);
      const doc = this.takeDoc(keyword);
      const name = this.ident(this.CONSUME(T.Identifier));
      const type = this.OPTION(() => {
        this.CONSUME(T.Colon);
        return this.SUBRULE(this.type);
      });
      const init = this.OPTION2(() => {
        this.CONSUME(T.Equals);
        return this.SUBRULE(this.expression);
      });
      this.CONSUME(T.Semicolon);
      return { kind: 'VarStmt', doc, name, type: type as TypeNode | undefined, init, span: this.spanFrom(keyword) };
    },
    NO_RESYNC,
  );

  // ifStmt = "if" expression block ( "else" "if" expression block )* ( "else" block )?
  // `else if` is a loop, not recursion, so long chains cost no stack; the tree nests them.
  ifStmt = this.RULE(
    'ifStmt',
    (): IfStmt => {
      const keyword = this.LA(1);
      const placeholder = (at: IToken): IfStmt => ({
        kind: 'IfStmt', condition: this.errorExpr(this.emptyAt(at)), then: undefined, else: undefined, span: this.emptyAt(at),
      });
      const node = placeholder(keyword);
      const chain: IfStmt[] = [node];
      let current = node;
      let finalElse = false;
      return this.fill(
        node,
        keyword,
        () => {
          this.CONSUME(T.If);
          node.condition = this.SUBRULE(this.condition);
          node.then = this.SUBRULE(this.block);
          this.MANY(() => {
            this.CONSUME(T.Else);
            const inner = placeholder(this.CONSUME2(T.If));
            current.else = inner;
            chain.push(inner);
            current = inner;
            inner.condition = this.SUBRULE2(this.condition);
            inner.then = this.SUBRULE2(this.block);
          });
          this.OPTION(() => {
            this.CONSUME2(T.Else);
            finalElse = true;
            current.else = this.SUBRULE3(this.block);
          });
          if (!this.RECORDING_PHASE) for (const link of chain.slice(1)) link.span = this.span(link.span.start, this.previousEnd());
        },
        (child) => {
          if (child.kind !== 'Block') return;
          if (current.then === undefined) current.then = child;
          else if (finalElse || current.else === undefined) current.else = child;
        },
      );
    },
    NO_RESYNC,
  );

  // whileStmt = "while" expression block
  whileStmt = this.RULE(
    'whileStmt',
    (): WhileStmt => {
      const keyword = this.LA(1);
      const node: WhileStmt = { kind: 'WhileStmt', condition: this.errorExpr(this.emptyAt(keyword)), body: undefined, span: this.emptyAt(keyword) };
      return this.fill(
        node,
        keyword,
        () => {
          this.CONSUME(T.While);
          node.condition = this.SUBRULE(this.condition);
          node.body = this.SUBRULE(this.block);
        },
        (child) => {
          if (child.kind === 'Block') node.body = child;
        },
      );
    },
    NO_RESYNC,
  );

  // forStmt = "for" IDENT "in" expression ".." expression block
  forStmt = this.RULE(
    'forStmt',
    (): ForStmt => {
      const keyword = this.LA(1);
      const missing = this.emptyAt(keyword);
      const node: ForStmt = {
        kind: 'ForStmt', variable: undefined, start: this.errorExpr(missing), end: this.errorExpr(missing), body: undefined, span: missing,
      };
      return this.fill(
        node,
        keyword,
        () => {
          this.CONSUME(T.For);
          node.variable = this.ident(this.CONSUME(T.Identifier));
          this.CONSUME(T.In);
          node.start = this.SUBRULE(this.expression);
          this.CONSUME(T.DotDot);
          node.end = this.SUBRULE2(this.expression);
          node.body = this.SUBRULE(this.block);
        },
        (child) => {
          if (child.kind === 'Block') node.body = child;
        },
      );
    },
    NO_RESYNC,
  );

  // returnStmt = "return" expression? ";"
  returnStmt = this.RULE(
    'returnStmt',
    (): Stmt => {
      const keyword = this.CONSUME(T.Return);
      const value = this.OPTION(() => this.SUBRULE(this.expression));
      this.CONSUME(T.Semicolon);
      return { kind: 'ReturnStmt', value, span: this.spanFrom(keyword) };
    },
    NO_RESYNC,
  );

  // exprOrAssignStmt = expression ( assignOperator expression )? ";"
  // assignOperator = "=" | "+=" | "-=" | "*=" | "/=" | "%=" | "&=" | "|=" | "^=" | "<<=" | ">>="
  exprOrAssignStmt = this.RULE(
    'exprOrAssignStmt',
    (): Stmt => {
      const start = this.LA(1);
      const expr = this.SUBRULE(this.expression);
      const assignment = this.OPTION(() => {
        const op = this.CONSUME(T.AssignOperator);
        return { op, value: this.SUBRULE2(this.expression) };
      });
      this.CONSUME(T.Semicolon);
      if (assignment === undefined || this.RECORDING_PHASE) return { kind: 'ExprStmt', expr, span: this.spanFrom(start) };
      if (!ASSIGNABLE.has(expr.kind)) {
        this.report('E0008', 'cannot assign to this expression', expr.span, {
          label: 'not a variable, array element or field',
          hint: 'the left of `' + assignment.op.image + '` must be a name, `a[i]` or `p.x`',
        });
      }
      return { kind: 'AssignStmt', op: assignment.op.image as AssignOp, target: expr, value: assignment.value, span: this.spanFrom(start) };
    },
    NO_RESYNC,
  );

  constructor() {
    super();
    this.performSelfAnalysis();
  }
}

