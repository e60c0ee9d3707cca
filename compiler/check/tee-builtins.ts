// The trusted-execution builtins (family `tee` in ../builtins.ts; grammar/README.md, "Trusted
// execution"): measurements as build-time constants, randomness, the caller's identity inside
// a server, attestation reports, and sealing. Where a call is allowed, its arity and its
// scalar and byte-array arguments come from the table; the generic kinds (a section's name, a
// sealable value and its sealed form) are checked here.
import type * as ast from '../../grammar/ast.js';
import { MAX_SEAL_SIZE, SEAL_OVERHEAD } from '../../runtime/abi.js';
import { builtinSpec, type TeeBuiltinName } from '../builtins.js';
import { allowedIn, tableType } from './builtins.js';
import { Code } from './codes.js';
import { isEnclaveSide, type BodyContext } from './context.js';
import { checkExpr, convertTo, placeName } from './expressions.js';
import { recordMeasurementUse } from './measurement-deps.js';
import type { SectionInfo, Type } from './model.js';
import { layoutOf, typeToString } from './model.js';
import { placeOf } from './places.js';
import { U8, withArticle } from './types.js';

const bytes = (length: number): Type => ({ kind: 'array', element: U8, length });

export function checkTeeBuiltin(b: BodyContext, e: ast.CallExpr, name: TeeBuiltinName): Type {
  const spec = builtinSpec(name);
  const result = tableType(spec.result as Parameters<typeof tableType>[0]);
  if (e.args.length !== spec.params.length) {
    for (const arg of e.args) checkExpr(b, arg);
    const n = spec.params.length;
    b.cx.report(Code.WrongArgumentCount, `\`${name}\` takes ${n} argument${n === 1 ? '' : 's'} but ${e.args.length} ${e.args.length === 1 ? 'was' : 'were'} given`, e.span, {
      label: `expected ${n}`,
    });
    return result;
  }
  if (!allowedIn(spec, b.place)) reportPlace(b, e, name);
  if (name === 'seal' || name === 'unseal') {
    sealing(b, e, name);
    return result;
  }
  spec.params.forEach((param, i) => {
    const arg = e.args[i];
    if (param.type === 'section' || param.type === 'server') {
      const section = sectionArgument(b, arg, name);
      if (section && param.type === 'server' && section.kind !== 'server') {
        b.cx.report(Code.AcquireNotServer, `\`${section.name}\` is an enclave, not a server`, arg.span, {
          label: 'only servers can be found by name',
          hint: 'an enclave reports on itself with `report(nonce)`; the host attests enclaves with `attest e with nonce`',
        });
      }
      if (section && name === 'measurement') recordMeasurementUse(b, section, e);
    } else convertTo(b, arg, tableType(param.type as Parameters<typeof tableType>[0]));
  });
  return result;
}

/** Outside the places of the table: E0417 for a caller's identity in a normal enclave, else E0408. */
function reportPlace(b: BodyContext, e: ast.CallExpr, name: TeeBuiltinName): void {
  const spec = builtinSpec(name);
  const serverOnly = spec.places.length === 1 && spec.places[0] === 'server';
  if (serverOnly && isEnclaveSide(b.place)) {
    b.cx.report(Code.CallerOutsideServer, `\`${name}\` is only allowed in servers`, e.callee.span, {
      label: `${placeName(b)} has no caller`,
      hint: spec.placeHint,
    });
    return;
  }
  b.cx.report(Code.EnclaveOnlyOperation, `\`${name}\` is only allowed in ${serverOnly ? 'servers' : 'enclaves and servers'}`, e.callee.span, {
    label: `not allowed in ${placeName(b)}`,
    hint: b.place === 'shared'
      ? 'a top-level function is compiled into the host too, where there is no monitor to ask; pass the value in as an argument'
      : spec.placeHint,
  });
}

/** The enclave or server named by `arg`, with no value check (a section is not a value). */
function sectionArgument(b: BodyContext, arg: ast.Expr, name: string): SectionInfo | undefined {
  if (arg.kind !== 'NameExpr') {
    checkExpr(b, arg);
    b.cx.report(Code.NotASectionName, `\`${name}\` takes the name of an enclave or server`, arg.span, {
      label: 'not a section name',
      hint: `write \`${name}(Name, ...)\` with the name of an \`enclave\` or \`server\` of this program`,
    });
    return undefined;
  }
  const section = b.cx.sectionsByName.get(arg.name);
  if (!section) {
    const other = b.scope.lookup(arg.name);
    if (other) {
      b.cx.report(Code.NotASectionName, `\`${name}\` takes the name of an enclave or server; \`${arg.name}\` is not one`, arg.span, {
        label: `a ${other.binding.kind === 'struct' ? 'struct' : other.binding.kind === 'function' ? 'function' : 'value'}`,
      });
    } else b.cx.report(Code.UnknownSection, `cannot find a server or enclave named \`${arg.name}\``, arg.span, { label: 'not found' });
    return undefined;
  }
  b.cx.result.bindings.set(arg, { kind: 'section', section });
  return section;
}

/**
 * `seal(value, blob)` writes `value` (any array or struct of S bytes) sealed into
 * `blob: u8[S + 28]`; `unseal(blob, value) -> bool` reverses it, or gives false and zeroes
 * `value` when the blob does not authenticate.
 */
function sealing(b: BodyContext, e: ast.CallExpr, name: 'seal' | 'unseal'): void {
  const [valueArg, blobArg] = name === 'seal' ? [e.args[0], e.args[1]] : [e.args[1], e.args[0]];
  const valueType = checkExpr(b, valueArg);
  if (valueType.kind === 'error') {
    checkExpr(b, blobArg);
    return;
  }
  if (valueType.kind !== 'array' && valueType.kind !== 'struct') {
    checkExpr(b, blobArg);
    b.cx.report(Code.BadSealArgument, `\`${name}\` seals an array or a struct, not ${withArticle(typeToString(valueType))}`, valueArg.span, {
      label: `this is ${withArticle(typeToString(valueType))}`,
      hint: 'put the value in an array, e.g. `var v: u64[1] = [x];`',
    });
    return;
  }
  const size = layoutOf(valueType).size;
  if (size > MAX_SEAL_SIZE) {
    checkExpr(b, blobArg);
    b.cx.report(Code.BadSealArgument, `\`${name}\` takes at most ${MAX_SEAL_SIZE} bytes; this value has ${size}`, valueArg.span, {
      label: `${size} bytes`,
      hint: 'seal it in parts',
    });
    return;
  }
  const blobType = bytes(size + SEAL_OVERHEAD);
  convertTo(b, blobArg, blobType, (actual) =>
    b.cx.report(Code.BadSealArgument, `the sealed form of a ${size}-byte value is \`${typeToString(blobType)}\`, found \`${typeToString(actual)}\``, blobArg.span, {
      label: `expected \`${typeToString(blobType)}\``,
      hint: `a sealed blob is ${SEAL_OVERHEAD} bytes longer than the value: a 12-byte nonce and a 16-byte tag`,
    }),
  );
  const written = name === 'seal' ? blobArg : valueArg;
  const place = placeOf(b, written);
  if (!place.mutable) {
    b.cx.report(Code.NotMutablePlace, `\`${name}\` writes its second argument, so it must be a mutable variable`, written.span, {
      label: place.why,
      hint: place.fix ?? 'pass a `var` (or an element or field of one)',
    });
  }
}
