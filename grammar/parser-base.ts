// State and helpers shared by the expression and declaration rules: the text being parsed,
// span construction, the nesting guard, and partial-node recovery.
//
// Chevrotain's recovery re-syncs at rule boundaries: a rule that fails either returns its
// `recoveryValueFunc` value (when the next good token may follow it) or rethrows to its caller,
// and an embedded-actions rule that rethrows loses everything it built. Container rules (the
// program, sections, functions, blocks, loops) therefore fill their node in place with `fill`;
// when they fail, the node keeps what was parsed, adopts the deeper container that failed with
// it, and is handed to the rule that recovers. Typing at the end of a file in an editor thus
// keeps every function above the cursor in the tree.
import {
  EmbeddedActionsParser,
  EOF,
  type IRecognitionException,
  type IRuleConfig,
  type IToken,
} from 'chevrotain';
import type { Node } from './ast.js';
import type { DocComment } from './lexer.js';
import { LineIndex, makeDiagnostic, type Diagnostic, type SourceSpan } from './diagnostic.js';
import { penglaiErrorMessages } from './parse-errors.js';
import { allTokens } from './tokens.js';

export interface ParseContext {
  file: string;
  lines: LineIndex;
  docs: Map<number, DocComment>;
  diagnostics: Diagnostic[];
}

/** The undocumented parts of chevrotain's rule machinery (chevrotain 11) that `defineRule`
 *  below builds on. */
interface RuleMachinery {
  fullRuleNameToShort: Record<string, number>;
  subruleIdx: number;
  ruleInvocationStateUpdate(shortName: number, fullName: string, idxInCallingRule: number): void;
  invokeRuleCatch(error: unknown, resyncEnabled: boolean, recoveryValueFunc: (error: IRecognitionException) => unknown): unknown;
  ruleFinallyStateUpdate(): void;
}
type Rule = ((...args: unknown[]) => unknown) & { coreRule: (...args: unknown[]) => unknown };
const chevrotainDefineRule = (EmbeddedActionsParser.prototype as unknown as {
  defineRule(name: string, impl: () => unknown, config: IRuleConfig<unknown>): Rule;
}).defineRule;

const EMPTY_CONTEXT: ParseContext = { file: '', lines: new LineIndex(''), docs: new Map(), diagnostics: [] };

export abstract class ParserBase extends EmbeddedActionsParser {
  // An empty text until the first parse, so spans built while chevrotain records the grammar
  // (rule bodies run once on dummy tokens) have something to point into.
  protected ctx: ParseContext = EMPTY_CONTEXT;
  protected abandoned: Node | undefined = undefined;

  constructor() {
    super(allTokens, { recoveryEnabled: true, maxLookahead: 2, errorMessageProvider: penglaiErrorMessages });
  }

  /** Chevrotain calls a sub-rule through a wrapper taking `...args`, which allocates an array on
   *  every rule call. No rule here takes arguments, so the wrapper is replaced by one that does
   *  the same bookkeeping and error handling without the array. Called by `RULE`. */
  protected defineRule(name: string, impl: () => unknown, config: IRuleConfig<unknown>): Rule {
    const rule = chevrotainDefineRule.call(this, name, impl, config);
    const machinery = this as unknown as RuleMachinery;
    const shortName = machinery.fullRuleNameToShort?.[name];
    // Another chevrotain than the pinned one may lay its machinery out differently: then
    // its own wrapper stays.
    const known = ['ruleInvocationStateUpdate', 'invokeRuleCatch', 'ruleFinallyStateUpdate'] as const;
    if (shortName === undefined || known.some((method) => typeof machinery[method] !== 'function')) return rule;
    const resyncEnabled = config.resyncEnabled ?? true; // chevrotain's defaults
    const recoveryValueFunc = config.recoveryValueFunc ?? (() => undefined);
    rule.coreRule = function (this: RuleMachinery): unknown {
      try {
        this.ruleInvocationStateUpdate(shortName, name, this.subruleIdx);
        return impl.call(this);
      } catch (error) {
        return this.invokeRuleCatch(error, resyncEnabled, recoveryValueFunc);
      } finally {
        this.ruleFinallyStateUpdate();
      }
    };
    return rule;
  }

  begin(tokens: IToken[], ctx: ParseContext): void {
    this.input = tokens;
    this.ctx = ctx;
    this.abandoned = undefined;
    this.covered.clear();
  }

  /** Offsets of tokens where a recovery of ours has already reported the error that
   *  chevrotain's own recovery reports again there (see `recognitionErrors`). */
  protected readonly covered = new Set<number>();

  /** chevrotain's errors of the last parse, less those a recovery of ours already reported. */
  recognitionErrors(): IRecognitionException[] {
    return this.covered.size === 0 ? this.errors : this.errors.filter((error) => !this.covered.has(error.token.startOffset));
  }

  /** Lets go of the tokens and text of the last parse (read `errors` first: this clears them),
   *  so the one long-lived parser instance does not keep them alive. */
  end(): void {
    this.input = [];
    this.ctx = EMPTY_CONTEXT;
    this.abandoned = undefined;
  }

  // ---- spans ----------------------------------------------------------------------------------

  protected isReal(token: IToken): boolean {
    return token.tokenTypeIdx !== EOF.tokenTypeIdx && token.isInsertedInRecovery !== true && token.startOffset >= 0;
  }

  /** End offset (exclusive) of the last consumed token, or 0 before the first. */
  protected previousEnd(): number {
    const previous = this.LA(0);
    return this.isReal(previous) ? previous.endOffset! + 1 : 0;
  }

  /** Where a node starting at `token` begins; a missing token begins just after the previous one. */
  protected startOffset(token: IToken): number {
    return this.isReal(token) ? token.startOffset : this.previousEnd();
  }

  protected span(start: number, end: number): SourceSpan {
    return this.ctx.lines.span(this.ctx.file, start, end);
  }

  /** From `start` (a token, or an offset) to the end of the last consumed token. */
  protected spanFrom(start: IToken | number): SourceSpan {
    const from = typeof start === 'number' ? start : this.startOffset(start);
    return this.span(from, Math.max(from, this.previousEnd()));
  }

  /** Zero-width span where `token` starts: the placeholder span of a part not parsed yet. */
  protected emptyAt(token: IToken): SourceSpan {
    const at = this.startOffset(token);
    return this.span(at, at);
  }

  protected tokenSpan(token: IToken): SourceSpan {
    const from = this.startOffset(token);
    return this.span(from, this.isReal(token) ? token.endOffset! + 1 : from);
  }

  protected spanBetween(first: { span: SourceSpan }, last: { span: SourceSpan }): SourceSpan {
    return this.span(first.span.start, Math.max(first.span.start, last.span.end));
  }

  /** The source text a node covers, as written (for hints that quote the user's code). */
  protected textOf(node: { span: SourceSpan }): string {
    return this.ctx.lines.text.slice(node.span.start, node.span.end);
  }

  /** A doc comment written right before `token`, consumed so it is attached only once. */
  protected takeDoc(token: IToken): string | undefined {
    if (this.RECORDING_PHASE) return undefined;
    const doc = this.ctx.docs.get(token.startOffset);
    if (doc === undefined) return undefined;
    this.ctx.docs.delete(token.startOffset);
    return doc.text;
  }

  protected report(code: string, message: string, span: SourceSpan, extra: Parameters<typeof makeDiagnostic>[3] = {}): void {
    if (!this.RECORDING_PHASE) this.ctx.diagnostics.push(makeDiagnostic(code, message, span, extra));
  }

  // ---- partial-node recovery ------------------------------------------------------------------

  /** Runs `body`, which fills `node` in place; see the header comment for what happens on failure. */
  protected fill<N extends Node>(node: N, start: IToken, body: () => void, adopt?: (child: Node) => void): N {
    const from = this.startOffset(start);
    try {
      body();
    } catch (error) {
      const child = this.abandoned;
      if (child !== undefined && child !== node && adopt !== undefined) adopt(child);
      node.span = this.spanFrom(from);
      this.abandoned = node;
      throw error;
    }
    node.span = this.spanFrom(from);
    return node;
  }

  /** A `recoveryValueFunc`: the partial node abandoned by the failure if it has one of `kinds`,
   *  else `fallback` spanning the offending and skipped tokens. */
  protected recoverWith<T extends Node>(kinds: readonly Node['kind'][], fallback: (span: SourceSpan) => T) {
    return (error: IRecognitionException): T => {
      const partial = this.abandoned;
      this.abandoned = undefined;
      if (partial !== undefined && kinds.includes(partial.kind)) return partial as T;
      return fallback(this.errorSpan(error));
    };
  }

  private errorSpan(error: IRecognitionException): SourceSpan {
    const skipped = error.resyncedTokens ?? [];
    const first = this.isReal(error.token) ? error.token.startOffset : this.previousEnd();
    const lastToken = skipped.length > 0 ? skipped[skipped.length - 1] : error.token;
    const last = this.isReal(lastToken) ? lastToken.endOffset! + 1 : first;
    return this.span(first, Math.max(first, last));
  }
}
