// The trusted-execution builtins (grammar/README.md, "Trusted execution"): measurements as
// build-time constants, randomness, the caller's identity inside a server, attestation
// reports, and sealing. Each but `measurement` reaches the monitor at run time, so each is
// allowed only where there is a monitor to ask: in enclaves and servers (the caller's
// identity in servers alone, since only a server has a caller).
import type * as ast from '../../grammar/ast.js';
import { AttestReport, MAX_SEAL_SIZE, SEAL_OVERHEAD } from '../../runtime/abi.js';
import { Code } from './codes.js';
import { isEnclaveSide, type BodyContext } from './context.js';
import { checkExpr, convertTo, placeName } from './expressions.js';
import { recordMeasurementUse } from './measurement-deps.js';
import type { SectionInfo, TeeBuiltinName, Type } from './model.js';
import { layoutOf, typeToString } from './model.js';
import { placeOf } from './places.js';
import { BOOL, isAggregate, U64, U8, VOID, withArticle } from './types.js';

/** SM3 digests: measurements and keys. */
export const MEASUREMENT_SIZE = 32;
const bytes = (length: number): Type => ({ kind: 'array', element: U8, length });
export const MEASUREMENT_TYPE = bytes(MEASUREMENT_SIZE);
export const REPORT_TYPE = bytes(AttestReport.SIZE);

export function checkTeeBuiltin(b: BodyContext, e: ast.CallExpr, name: TeeBuiltinName): Type {
  switch (name) {
    case 'measurement':
      return measurement(b, e);
    case 'random_u64':
      arity(b, e, name, [0]);
      enclaveSide(b, e, name);
      return U64;
    case 'sealing_key':
      arity(b, e, name, [0]);
      enclaveSide(b, e, name);
      return MEASUREMENT_TYPE;
    case 'caller_id':
    case 'caller_measurement':
      arity(b, e, name, [0]);
      serverOnly(b, e, name);
      return name === 'caller_id' ? U64 : MEASUREMENT_TYPE;
    case 'report':
      return report(b, e);
    case 'verify_report':
      if (!arity(b, e, name, [3])) return BOOL;
      enclaveSide(b, e, name);
      convertTo(b, e.args[0], REPORT_TYPE);
      convertTo(b, e.args[1], MEASUREMENT_TYPE);
      convertTo(b, e.args[2], U64);
      return BOOL;
    case 'seal':
    case 'unseal':
      return sealing(b, e, name);
  }
}

function arity(b: BodyContext, e: ast.CallExpr, name: string, counts: number[]): boolean {
  if (counts.includes(e.args.length)) return true;
  for (const arg of e.args) checkExpr(b, arg);
  const wanted = counts.map(String).join(' or ');
  b.cx.report(Code.WrongArgumentCount, `\`${name}\` takes ${wanted} argument${counts.length === 1 && counts[0] === 1 ? '' : 's'} but ${e.args.length} ${e.args.length === 1 ? 'was' : 'were'} given`, e.span, {
    label: `expected ${wanted}`,
  });
  return false;
}

function enclaveSide(b: BodyContext, e: ast.CallExpr, name: string): boolean {
  if (isEnclaveSide(b.place)) return true;
  b.cx.report(Code.EnclaveOnlyOperation, `\`${name}\` is only allowed in enclaves and servers`, e.callee.span, {
    label: `not allowed in ${placeName(b)}`,
    hint: b.place === 'shared'
      ? 'a top-level function is compiled into the host too, where there is no monitor to ask; pass the value in as an argument'
      : 'it asks the security monitor on behalf of the enclave that calls it',
  });
  return false;
}

function serverOnly(b: BodyContext, e: ast.CallExpr, name: string): void {
  if (b.place === 'server') return;
  if (!isEnclaveSide(b.place)) {
    enclaveSide(b, e, name);
    return;
  }
  b.cx.report(Code.CallerOutsideServer, `\`${name}\` is only allowed in servers`, e.callee.span, {
    label: `${placeName(b)} has no caller`,
    hint: 'a normal enclave is run by the host, not called; only a server serving a call has a caller',
  });
}

/** The enclave or server named by `arg`, with no value check (a section is not a value). */
function sectionArgument(b: BodyContext, arg: ast.Expr, name: string): SectionInfo | undefined {
  if (arg.kind !== 'NameExpr') {
    checkExpr(b, arg);
    b.cx.report(Code.NotASectionName, `\`${name}\` takes the name of an enclave or server`, arg.span, {
      label: 'not a section name',
      hint: `write \`${name}(Name)\` with the name of an \`enclave\` or \`server\` of this program`,
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

/** `measurement(X)`: the SM3 measurement `build` predicts for X's image, a `u8[32]`. */
function measurement(b: BodyContext, e: ast.CallExpr): Type {
  if (!arity(b, e, 'measurement', [1])) return MEASUREMENT_TYPE;
  const section = sectionArgument(b, e.args[0], 'measurement');
  if (section) recordMeasurementUse(b, section, e);
  return MEASUREMENT_TYPE;
}

/** `report(nonce)` on this enclave, `report(Server, nonce)` on a server: the 328-byte signed report. */
function report(b: BodyContext, e: ast.CallExpr): Type {
  if (!arity(b, e, 'report', [1, 2])) return REPORT_TYPE;
  enclaveSide(b, e, 'report');
  if (e.args.length === 2) {
    const section = sectionArgument(b, e.args[0], 'report');
    if (section && section.kind !== 'server') {
      b.cx.report(Code.AcquireNotServer, `\`${section.name}\` is an enclave, not a server`, e.args[0].span, {
        label: 'only servers can be found by name',
        hint: 'an enclave reports on itself with `report(nonce)`; the host attests enclaves with `attest e with nonce`',
      });
    }
  }
  convertTo(b, e.args[e.args.length - 1], U64);
  return REPORT_TYPE;
}

/**
 * `seal(value, blob)` writes `value` (any array or struct of S bytes) sealed into
 * `blob: u8[S + 28]`; `unseal(blob, value) -> bool` reverses it, or gives false and zeroes
 * `value` when the blob does not authenticate.
 */
function sealing(b: BodyContext, e: ast.CallExpr, name: 'seal' | 'unseal'): Type {
  const result = name === 'seal' ? VOID : BOOL;
  if (!arity(b, e, name, [2])) return result;
  enclaveSide(b, e, name);
  const [valueArg, blobArg] = name === 'seal' ? [e.args[0], e.args[1]] : [e.args[1], e.args[0]];
  const valueType = checkExpr(b, valueArg);
  if (valueType.kind === 'error') {
    checkExpr(b, blobArg);
    return result;
  }
  if (!isAggregate(valueType)) {
    checkExpr(b, blobArg);
    b.cx.report(Code.BadSealArgument, `\`${name}\` seals an array or a struct, not ${withArticle(typeToString(valueType))}`, valueArg.span, {
      label: `this is ${withArticle(typeToString(valueType))}`,
      hint: 'put the value in an array, e.g. `var v: u64[1] = [x];`',
    });
    return result;
  }
  const size = layoutOf(valueType).size;
  if (size > MAX_SEAL_SIZE) {
    checkExpr(b, blobArg);
    b.cx.report(Code.BadSealArgument, `\`${name}\` takes at most ${MAX_SEAL_SIZE} bytes; this value has ${size}`, valueArg.span, {
      label: `${size} bytes`,
      hint: 'seal it in parts',
    });
    return result;
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
  return result;
}

