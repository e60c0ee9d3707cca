// Share links (playground/src/share.ts): every sample survives the round trip, and a link that
// is cut short, changed, spliced or a compression bomb decodes to the very program it was made
// from or to a message; it never throws and never yields another program.
import { describe, expect, it } from 'vitest';
import { decodeFragment, encodeProgram } from '../../playground/src/share.js';
import { ROOT } from './browser.js';
import { samplePrograms, shareLinkInput, shareLinkProblem } from '../../scripts/fuzz/share-links.js';
import { seededRandom } from '../grammar/random-input.js';

const programs = samplePrograms(ROOT);
const links = programs.map((program) => ({ program, link: encodeProgram(program) }));

describe('share links', () => {
  it('carry every sample, imports and all, and give it back', () => {
    expect(programs.length).toBeGreaterThan(10);
    for (const { program, link } of links) expect(decodeFragment(link)).toEqual({ ok: true, program });
  });

  it('decode 600 damaged links to the same program or a message', () => {
    const random = seededRandom(0x51a7e);
    const kinds = new Map<string, number>();
    for (let i = 0; i < 600; i++) {
      const input = shareLinkInput(links, random);
      kinds.set(input.kind, (kinds.get(input.kind) ?? 0) + 1);
      expect([input.kind, input.text.slice(0, 80), shareLinkProblem(input.text, programs)]).toEqual([input.kind, input.text.slice(0, 80), undefined]);
    }
    expect([...kinds.keys()].sort()).toEqual(['bomb', 'change', 'delete', 'insert', 'same', 'splice', 'truncate']);
  });

  it('say what is wrong in words', () => {
    const link = links[0].link;
    expect(decodeFragment(link.slice(0, link.length - 10))).toEqual({ ok: false, message: 'This shared link cannot be opened: the compressed program is damaged or cut short. Nothing was run; the editor is empty.' });
    expect(decodeFragment('p1.' + 'x'.repeat(200_001))).toEqual({ ok: false, message: 'This shared link cannot be opened: it is 200004 characters long, more than the 200000 a playground link may have. Nothing was run; the editor is empty.' });
    expect(decodeFragment('hello')).toEqual({ ok: false, message: 'This shared link cannot be opened: it is not a playground program link (it should start with #p1.). Nothing was run; the editor is empty.' });
  });
});
