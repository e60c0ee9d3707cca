// The trusted-execution builtins (grammar/README.md, "Trusted execution"), each a call to
// an eapp stub in runtime/lib/enclave.ts. Builtins that give an array (a measurement, a
// report, a key) fill a frame slot and give its address, like any array value. A monitor
// refusal the program cannot have caused through the language stops the enclave with
// `error: <builtin> at FILE:LINE:COL: <reason>`; the two expected refusals, a report that
// does not verify and a blob that does not unseal, give `false`.
import type * as ast from '../../grammar/ast.js';
import { AbiError, AttestReport, KeyType, SEAL_OVERHEAD } from '../../runtime/abi.js';
import type { TeeBuiltinName } from '../builtins.js';
import { layoutOf } from '../check/model.js';
import type { VReg } from './ir.js';
import type { FunctionLowering } from './lower.js';

const MEASUREMENT_SIZE = 32;

/** The data symbol holding the measurement `build` predicts for section `name`. */
export const measurementSymbol = (name: string) => `__pgl_measurement_${name}`;

export function lowerTeeBuiltin(l: FunctionLowering, name: TeeBuiltinName, e: ast.CallExpr): VReg {
  const b = l.b;
  const buffer = (size: number) => b.slotAddress(b.slot(size, 8));
  const lastError = () => b.call('__pgl_last_error', []).a0;
  const succeeded = (code: VReg) => b.bin('eq', code, b.const(0));
  switch (name) {
    case 'measurement':
      return measurement(l, e);
    case 'random_u64':
      return b.call('__pgl_random_u64', []).a0;
    case 'caller_id':
      return b.call('__pgl_caller_id', []).a0;
    case 'caller_measurement': {
      const out = buffer(MEASUREMENT_SIZE);
      const code = b.call('__pgl_caller_measurement', [out]).a0;
      l.failUnless(succeeded(code), `caller_measurement at ${l.where(e)}`, () => code);
      return out;
    }
    case 'sealing_key': {
      const out = buffer(MEASUREMENT_SIZE);
      const code = b.call('__pgl_get_key', [b.const(KeyType.STORAGE_KEY), out, b.const(MEASUREMENT_SIZE)]).a0;
      l.failUnless(succeeded(code), `sealing_key at ${l.where(e)}`, lastError);
      return out;
    }
    case 'report':
    case 'server_report': {
      // GET_REPORT answers Penglai's -1; the reason is in LAST_ERROR (not found: no such server).
      const out = buffer(AttestReport.SIZE);
      const server = name === 'server_report' ? l.checked.bindings.get(e.args[0] as ast.NameExpr) : undefined;
      const registered = server?.kind === 'section' ? (server.section.registeredName ?? server.section.name) : undefined;
      const nameVa = registered === undefined ? b.const(0) : b.symbolAddress(l.ctx.module.string(registered + '\0').symbol);
      const code = b.call('__pgl_get_report', [nameVa, out, l.value(e.args[e.args.length - 1])]).a0;
      l.failUnless(succeeded(code), registered === undefined ? `report at ${l.where(e)}` : `server_report "${registered}" at ${l.where(e)}`, lastError);
      return out;
    }
    case 'verify_report': {
      const code = b.call('__pgl_verify_report', [l.address(e.args[0]), l.address(e.args[1]), l.value(e.args[2])]).a0;
      l.failUnless(b.bin('or', succeeded(code), b.bin('eq', code, b.const(AbiError.BAD_REPORT))), `verify_report at ${l.where(e)}`, () => code);
      return succeeded(code);
    }
    case 'seal': {
      const size = layoutOf(l.typeOf(e.args[0])!).size;
      const code = b.call('__pgl_seal', [l.address(e.args[0]), b.const(size), l.address(e.args[1])]).a0;
      l.failUnless(succeeded(code), `seal at ${l.where(e)}`, () => code);
      return b.const(0);
    }
    case 'unseal': {
      // A blob that does not authenticate leaves the value untouched in the monitor; the
      // value is an `out` argument, so it then reads as zeros, never as stale or partial data.
      const size = layoutOf(l.typeOf(e.args[1])!).size;
      const value = l.address(e.args[1]);
      const code = b.call('__pgl_unseal', [l.address(e.args[0]), b.const(size + SEAL_OVERHEAD), value]).a0;
      l.failUnless(b.bin('or', succeeded(code), b.bin('eq', code, b.const(AbiError.UNSEAL_FAILED))), `unseal at ${l.where(e)}`, () => code);
      const ok = succeeded(code);
      const done = b.label('unsealed');
      const refused = b.label('unsealrefused');
      b.terminate({ op: 'branch', cond: ok, ifTrue: done, ifFalse: refused });
      b.startBlock(refused);
      b.call('__pgl_memzero', [value, b.const(size)], 0);
      b.place(done);
      return ok;
    }
  }
}

/** `measurement(X)`: read-only bytes in this image, the prediction the build made for X's. */
function measurement(l: FunctionLowering, e: ast.CallExpr): VReg {
  const binding = l.checked.bindings.get(e.args[0] as ast.NameExpr);
  if (binding?.kind !== 'section') return l.b.const(0);
  const bytes = l.ctx.measurementOf?.(binding.section);
  if (!bytes) {
    l.ctx.diagnostics.push({
      code: 'E0904',
      severity: 'error',
      message: `the measurement of \`${binding.section.name}\` is not known to this build`,
      span: e.span,
      label: `needs the image of \`${binding.section.name}\``,
      hint: 'build with a measurement predictor (`penglaic build` has one); the build then makes the measured image first',
    });
    return l.b.const(0);
  }
  const symbol = l.ctx.module.declare({ symbol: measurementSymbol(binding.section.name), bytes, size: bytes.length, align: 8, readOnly: true });
  return l.b.symbolAddress(symbol);
}
