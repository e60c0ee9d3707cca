// "Structs have C layout" (grammar/README.md) against gcc: random structs of every scalar
// type, arrays and nested structs are declared in our language and in C; gcc's sizeof,
// _Alignof and offsetof must equal the layout our checker gives the code generator and
// the transfer regions.
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../compiler/check/index.js';
import { seededRandom } from '../grammar/random-input.js';
import { runC } from './c-oracle.js';

const SCALARS: [pen: string, c: string][] = [
  ['u8', 'uint8_t'], ['i8', 'int8_t'], ['u16', 'uint16_t'], ['i16', 'int16_t'],
  ['u32', 'uint32_t'], ['i32', 'int32_t'], ['u64', 'uint64_t'], ['i64', 'int64_t'], ['bool', '_Bool'],
];

interface FieldSpec {
  name: string;
  pen: string;
  c: string;
  /** C declarator suffix: the array length, if any. */
  length?: number;
}

/** `count` structs; each may use scalars, arrays of them, and the structs before it. */
function randomStructs(seed: number, count: number): { name: string; fields: FieldSpec[] }[] {
  const random = seededRandom(seed);
  const structs: { name: string; fields: FieldSpec[] }[] = [];
  for (let s = 0; s < count; s++) {
    const fields: FieldSpec[] = [];
    const fieldCount = 1 + Math.floor(random() * 6);
    for (let f = 0; f < fieldCount; f++) {
      let [pen, c] = SCALARS[Math.floor(random() * SCALARS.length)];
      if (structs.length > 0 && random() < 0.3) {
        const inner = structs[Math.floor(random() * structs.length)].name;
        [pen, c] = [inner, `struct ${inner}`];
      }
      const length = random() < 0.3 ? 1 + Math.floor(random() * 5) : undefined;
      fields.push({ name: `f${f}`, pen: length ? `${pen}[${length}]` : pen, c, length });
    }
    structs.push({ name: `S${s}`, fields });
  }
  return structs;
}

describe('struct layout agrees with gcc', () => {
  for (const seed of [1, 2, 3]) {
    it(`sizes, alignments and field offsets of random nested structs (seed ${seed})`, () => {
      const structs = randomStructs(seed, 12);
      const pen = structs.map((s) => `struct ${s.name} { ${s.fields.map((f) => `${f.name}: ${f.pen}`).join(', ')} }`).join('\n') + '\nhost { }\n';
      const checked = checkSource(pen, 'layout.pen');
      expect(checked.diagnostics).toEqual([]);
      const ours = checked.structs
        .map((s) => [`${s.name} ${s.size} ${s.align}`, ...s.fields.map((f) => `${s.name}.${f.name} ${f.offset}`)].join('\n'))
        .join('\n');

      const declarations = structs
        .map((s) => `struct ${s.name} { ${s.fields.map((f) => `${f.c} ${f.name}${f.length ? `[${f.length}]` : ''};`).join(' ')} };`)
        .join('\n');
      const say = (text: string) => `{ const char *l = "${text}"; while (*l) out[used++] = *l++; }`;
      const body = structs
        .flatMap((s) => [
          `${say(`${s.name} `)} put_u(sizeof(struct ${s.name})); ${say(' ')} put_u(_Alignof(struct ${s.name})); line();`,
          ...s.fields.map((f) => `${say(`${s.name}.${f.name} `)} put_u(__builtin_offsetof(struct ${s.name}, ${f.name})); line();`),
        ])
        .join('\n');
      expect(ours + '\n').toBe(runC(declarations, body));
    });
  }
});
