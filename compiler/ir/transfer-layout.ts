// Where each argument of a server function sits in the transfer region (runtime/README.md,
// "Typed calls"). Caller and server both derive it from the checked signature, so they
// agree by construction; the interface digest catches a server built from another one.
import { PAGE_SIZE, TransferHeader } from '../../runtime/abi.js';
import type { FunctionInfo } from '../check/model.js';
import { isAggregate, layoutOf } from '../check/model.js';

export interface TransferLayout {
  /** Offset of each parameter's value (scalars) or bytes (arrays, structs), by parameter index. */
  offsets: number[];
  /** Bytes actually used by header and arguments. */
  used: number;
  /** The region size: `used` rounded up to whole pages (at least one). */
  size: number;
}

export function transferLayout(fn: FunctionInfo): TransferLayout {
  const offsets: number[] = new Array(fn.params.length).fill(0);
  let cursor: number = TransferHeader.ARGS;
  fn.params.forEach((p, i) => {
    if (!isAggregate(p.type)) {
      offsets[i] = cursor;
      cursor += 8;
    }
  });
  fn.params.forEach((p, i) => {
    if (isAggregate(p.type)) {
      offsets[i] = cursor;
      cursor += Math.ceil(layoutOf(p.type).size / 8) * 8;
    }
  });
  return { offsets, used: cursor, size: Math.max(PAGE_SIZE, Math.ceil(cursor / PAGE_SIZE) * PAGE_SIZE) };
}
