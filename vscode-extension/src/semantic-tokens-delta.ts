// Semantic tokens by range and as deltas (LSP 3.17 "textDocument/semanticTokens/range" and
// ".../full/delta"), for large files: the editor asks for the lines it shows, or for what
// changed since the tokens it has. Both start from the full token array of semantic-tokens.ts.
// A delta is one edit of that array, the span between the longest common prefix and suffix:
// with the relative encoding, typing on one line changes a few numbers there and nothing after.
import type { Range, SemanticTokens, SemanticTokensDelta } from 'vscode-languageserver';
import { rangeInDocument } from './document-bounds.js';
import { positionAt } from './positions.js';
import { semanticTokens } from './semantic-tokens.js';
import type { Analysis } from './workspace.js';

const computed = new WeakMap<Analysis, SemanticTokens>();

/** The full tokens of an analysis, computed once: an editor asks for the range it shows, then
 *  a delta, then the next range, all of the same text. */
export function tokensOf(analysis: Analysis): SemanticTokens {
  let tokens = computed.get(analysis);
  if (!tokens) computed.set(analysis, (tokens = semanticTokens(analysis)));
  return tokens;
}

/** The tokens that overlap `range`, re-encoded relative to the first of them. */
export function semanticTokensInRange(analysis: Analysis, full: SemanticTokens, range: Range): SemanticTokens {
  const wanted = rangeInDocument(analysis.lines, range);
  if (!wanted) return { data: [] };
  const from = positionAt(analysis.lines, wanted.start);
  const to = positionAt(analysis.lines, wanted.end);
  const data: number[] = [];
  let line = 0;
  let character = 0;
  let lastLine = 0;
  let lastCharacter = 0;
  for (let i = 0; i + 4 < full.data.length; i += 5) {
    const [deltaLine, deltaStart, length, type, modifiers] = full.data.slice(i, i + 5);
    line += deltaLine;
    character = deltaLine === 0 ? character + deltaStart : deltaStart;
    const endsBefore = line < from.line || (line === from.line && character + length <= from.character);
    const startsAfter = line > to.line || (line === to.line && character >= to.character);
    if (endsBefore) continue;
    // An empty range still touches the token it sits in.
    if (startsAfter && !(wanted.start === wanted.end && line === to.line && character === to.character)) break;
    data.push(line - lastLine, line === lastLine ? character - lastCharacter : character, length, type, modifiers);
    lastLine = line;
    lastCharacter = character;
  }
  return { data };
}

/** The token arrays last sent per document, by result id, so a delta can be computed against them. */
export class SemanticTokensHistory {
  private readonly sent = new Map<string, { resultId: string; data: number[] }>();
  private next = 1;

  /** Full tokens with a fresh result id, remembered for the next delta request. */
  full(uri: string, tokens: SemanticTokens): SemanticTokens {
    const resultId = String(this.next++);
    this.sent.set(uri, { resultId, data: tokens.data });
    return { resultId, data: tokens.data };
  }

  /** The edit from the tokens sent as `previousResultId`, or full tokens when those are unknown. */
  delta(uri: string, previousResultId: unknown, tokens: SemanticTokens): SemanticTokens | SemanticTokensDelta {
    const previous = this.sent.get(uri);
    if (!previous || previous.resultId !== previousResultId) return this.full(uri, tokens);
    const resultId = String(this.next++);
    this.sent.set(uri, { resultId, data: tokens.data });
    const edit = arrayEdit(previous.data, tokens.data);
    return { resultId, edits: edit ? [edit] : [] };
  }

  /** Whether tokens of `uri` were sent, so the editor will ask for deltas of its next text. */
  follows(uri: string): boolean {
    return this.sent.has(uri);
  }

  forget(uri: string): void {
    this.sent.delete(uri);
  }
}

/** The single edit that turns `before` into `after`: everything between their common prefix and suffix. */
export function arrayEdit(before: readonly number[], after: readonly number[]): { start: number; deleteCount: number; data: number[] } | undefined {
  let prefix = 0;
  const shorter = Math.min(before.length, after.length);
  while (prefix < shorter && before[prefix] === after[prefix]) prefix++;
  if (prefix === before.length && prefix === after.length) return undefined;
  let suffix = 0;
  while (suffix < shorter - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  return { start: prefix, deleteCount: before.length - prefix - suffix, data: after.slice(prefix, after.length - suffix) };
}
