// The server's line-array text (editable-text.ts) applies LSP content changes exactly as
// vscode-languageserver-textdocument does, the reference implementation: 3,000 seeded random
// edits (multi-line ranges, reversed ranges, positions past a line's or the text's end, \r\n
// and lone \r, full replacements) give the same text after every change, and the same lines
// and offsets as a document created from that text.

import { describe, it, expect } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { EditableText, type ContentChange } from '../../vscode-extension/src/editable-text.js';

function random(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

describe('EditableText', () => {
  it('agrees with TextDocument.update on 3,000 random changes', () => {
    const r = random(20261203);
    const int = (n: number) => Math.floor(r() * n);
    const pieces = ['a', 'bc', ' ', '\n', '\r\n', 'fn x() {}\n', '\r', 'é', '😀', '', 'line\nline\n'];
    const text = (n: number) => Array.from({ length: n }, () => pieces[int(pieces.length)]).join('');
    for (let doc = 0; doc < 30; doc += 1) {
      const initial = text(int(40));
      let reference = TextDocument.create('file:///t.pen', 'penglai', 1, initial);
      const ours = new EditableText(initial, 1);
      for (let step = 0; step < 100; step += 1) {
        const lines = reference.lineCount;
        const position = () => ({ line: int(lines + 2) - (r() < 0.05 ? 1 : 0), character: int(12) });
        const change: ContentChange = r() < 0.03 ? { text: text(int(20)) } : { range: { start: position(), end: position() }, text: text(int(4)) };
        const before = reference.getText();
        // Each step starts from a document created from the text: after a change at a line
        // past the end, TextDocument's own incremental line offsets go wrong (it does not clamp
        // the line), so it is only trusted one change at a time.
        reference = TextDocument.update(TextDocument.create('file:///t.pen', 'penglai', step + 1, before), [change], step + 2);
        ours.apply([change], step + 2);
        const where = `doc ${doc} step ${step}: ${JSON.stringify(before)} + ${JSON.stringify(change)}`;
        expect(ours.text, where).toBe(reference.getText());
        const fresh = TextDocument.create('file:///t.pen', 'penglai', 1, reference.getText());
        expect(ours.lineCount, where).toBe(fresh.lineCount);
        const probe = position();
        expect(ours.offsetAt(probe), `${where} offsetAt ${JSON.stringify(probe)}`).toBe(fresh.offsetAt(probe));
      }
    }
  });
});
