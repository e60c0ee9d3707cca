// Rules about sections as a whole (README, "Sections"): every enclave has `fn main() -> i64`,
// server registered names fit the monitor's name field and are unique (Penglai's monitor keys
// servers by that name, reference §3).
import { GRADER_NAME_PREFIX, MAX_NAME_CHARS, RunArguments } from '../../runtime/abi.js';
import type * as ast from '../../grammar/ast.js';
import { Code } from './codes.js';
import type { CheckContext } from './context.js';
import { typeToString } from './model.js';

export function checkSectionRules(cx: CheckContext): void {
  const registered = new Map<string, ast.StringLiteral>();
  for (const section of cx.result.sections) {
    if (section.decl.kind === 'ServerDecl') {
      const literal = section.decl.registeredName;
      if (!literal) continue;
      const bytes = Buffer.byteLength(section.registeredName ?? literal.value, 'utf8');
      if (!section.grader && literal.value.startsWith(GRADER_NAME_PREFIX)) {
        cx.report(Code.BadRegisteredName, `registered names starting with \`${GRADER_NAME_PREFIX}\` belong to grading files`, literal.span, {
          label: 'reserved',
          hint: 'choose a name that does not start with `~`',
        });
      } else if (bytes === 0 || literal.value.length === 0) {
        cx.report(Code.BadRegisteredName, `the registered name of \`${section.name}\` is empty`, literal.span, {
          label: 'empty name',
          hint: 'enclaves find a server by this name: give it 1 to 15 bytes, e.g. "adder"',
        });
      } else if (bytes > MAX_NAME_CHARS) {
        const limit = section.grader ? MAX_NAME_CHARS - GRADER_NAME_PREFIX.length : MAX_NAME_CHARS;
        const given = Buffer.byteLength(literal.value, 'utf8');
        cx.report(Code.BadRegisteredName, `the registered name of \`${section.name}\` is ${given} bytes long; the monitor allows at most ${limit}${section.grader ? ' in a grading file' : ''}`, literal.span, {
          label: `${given} bytes`,
          hint: 'shorten the name; it is stored in a 16-byte field with a terminating zero',
        });
      } else {
        const earlier = registered.get(section.registeredName ?? literal.value);
        if (earlier) {
          cx.report(Code.DuplicateRegisteredName, `the name ${literal.raw} is already registered by another server`, literal.span, {
            label: 'registered twice',
            hint: 'the monitor keeps one server per name; choose another name',
            related: [{ message: 'first registered here', span: earlier.span }],
          });
        } else registered.set(section.registeredName ?? literal.value, literal);
      }
    }
    if (section.decl.kind === 'EnclaveDecl' && section.decl.name) {
      const main = section.functions.find((f) => f.name === 'main');
      if (!main) {
        cx.report(Code.MissingMain, `enclave \`${section.name}\` has no \`main\` function`, section.decl.name.span, {
          label: 'no `main`',
          hint: 'the host runs an enclave by calling `fn main() -> i64 { ... }`',
        });
      } else if (main.params.length > RunArguments.MAX || main.params.some((p) => p.type.kind !== 'int' && p.type.kind !== 'bool') || main.returnType.kind !== 'int' || main.returnType.name !== 'i64') {
        if (main.returnType.kind === 'error' || main.params.some((p) => p.type.kind === 'error')) continue;
        cx.report(Code.BadMainSignature, `\`main\` of enclave \`${section.name}\` must be \`fn main(...) -> i64\` with at most ${RunArguments.MAX} integer or \`bool\` parameters`, main.decl.name!.span, {
          label: `found \`fn main(${main.params.map((p) => typeToString(p.type)).join(', ')})${main.returnType.kind === 'void' ? '' : ' -> ' + typeToString(main.returnType)}\``,
          hint: 'its result is what `run` gives the host; its parameters are what the host passes with `run e(...)`',
        });
      }
    }
  }
}
