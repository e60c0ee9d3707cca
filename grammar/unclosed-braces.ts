// A `{` that is never closed. The parser only notices at the next section keyword or at the
// end of the file, far from the mistake, and the checker then sees a function that "does not
// return on every path". This pass counts braces on the tokens, reports the brace that was
// never closed with the place it opened (E0013), and names the parse errors it explains so
// they are not reported as well. Like rustc, it uses indentation to guess which `{` lost its
// `}`: the innermost pair whose `}` is indented differently from the line of its `{`.
import { tokenMatcher, type IToken } from 'chevrotain';
import { makeDiagnostic, type Diagnostic, type LineIndex } from './diagnostic.js';
import * as T from './tokens.js';

export interface UnclosedBrace {
  diagnostic: Diagnostic;
  /** Offset of the section keyword the parser could not place because of it (Infinity when the
   *  file just ends: the "found end of file" error then stays, it says where the text stops). */
  firstStray: number;
}

const SECTION_STARTS = [T.Server, T.Enclave, T.Host, T.Struct, T.Test, T.Import];

function indentation(lines: LineIndex, offset: number): number {
  const start = lines.lineStarts[lines.lineOf(offset)];
  let i = start;
  while (lines.text[i] === ' ' || lines.text[i] === '\t') i++;
  return i - start;
}

export function findUnclosedBrace(tokens: readonly IToken[], lines: LineIndex, file: string): UnclosedBrace | undefined {
  const open: IToken[] = [];
  /** The innermost pair seen so far whose `}` is indented unlike the line of its `{`. */
  let suspect: IToken | undefined;
  let suspectClose: IToken | undefined;
  let strayAt: number | undefined;
  for (const token of tokens) {
    if (tokenMatcher(token, T.LBrace)) open.push(token);
    else if (tokenMatcher(token, T.RBrace)) {
      const opener = open.pop();
      if (opener && indentation(lines, opener.startOffset) !== indentation(lines, token.startOffset) && lines.lineOf(opener.startOffset) !== lines.lineOf(token.startOffset)) {
        suspect ??= opener;
        suspectClose ??= token;
      }
    } else if (open.length > 0 && SECTION_STARTS.some((t) => tokenMatcher(token, t)) && indentation(lines, token.startOffset) === 0 && lines.lineStarts[lines.lineOf(token.startOffset)] === token.startOffset) {
      // A section keyword at the start of a line inside a still-open brace: the brace was never closed.
      strayAt = token.startOffset;
      break;
    }
  }
  if (open.length === 0) return undefined;
  const unclosed = suspect ?? open[open.length - 1];
  const opened = lines.span(file, unclosed.startOffset, unclosed.startOffset + 1);
  const related = [];
  if (suspect && suspectClose) {
    related.push({ message: 'this `}` closes it, but is indented like an outer block: a `}` is probably missing before it', span: lines.span(file, suspectClose.startOffset, suspectClose.startOffset + 1) });
  }
  const outermost = open[0];
  if (outermost !== unclosed) related.push({ message: 'so this `{` is left open', span: lines.span(file, outermost.startOffset, outermost.startOffset + 1) });
  const diagnostic = makeDiagnostic('E0013', 'this `{` is never closed', opened, {
    label: 'opened here',
    hint: 'add the missing `}` where this block should end',
    related,
    data: { declaration: opened },
  });
  return { diagnostic, firstStray: strayAt ?? Infinity };
}
