// The monitor's page tables take only canonical Sv39 addresses. A non-canonical VA has
// the same table indices as a canonical twin, so mapping or unmapping through it would
// edit the twin's entry while the lookup cache kept the twin's old leaf.
import { describe, expect, it } from 'vitest';
import { PageTable, type PagePermissions } from '../../../emulator/monitor/page-table.js';

const PAGE = 4096;
const RW: PagePermissions = { read: true, write: true, execute: false, user: true };

/** Physical memory for the tables: a flat buffer of 64 pages, handed out in order. */
function tableMemory() {
  const bytes = new DataView(new ArrayBuffer(64 * PAGE));
  let next = 1;
  const memory = {
    readPhys64: (pa: number) => bytes.getBigUint64(pa, true),
    writePhys64: (pa: number, value: bigint) => bytes.setBigUint64(pa, value, true),
  };
  return { memory, allocate: () => (next < 64 ? next++ * PAGE : undefined) };
}

describe('page tables and non-canonical addresses', () => {
  it('refuse to map or unmap a non-canonical alias, and the canonical mapping stays exact', () => {
    const { memory, allocate } = tableMemory();
    const table = new PageTable(0, memory, allocate);
    const va = 0x20_0000_5000n;
    const alias = va | (1n << 40n);
    expect(table.map(va, 40 * PAGE, RW)).toBe(true);
    expect(table.lookup(va)?.pa).toBe(40 * PAGE);
    expect(table.unmap(alias)).toBeUndefined();
    expect(table.map(alias, 41 * PAGE, RW)).toBe(false);
    expect(table.lookup(alias)).toBeUndefined();
    expect(table.lookup(va)?.pa).toBe(40 * PAGE);
    const fresh = new PageTable(0, memory, allocate);
    expect(fresh.lookup(va)?.pa).toBe(40 * PAGE);
  });
});
