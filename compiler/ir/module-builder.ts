// Module-level pieces shared by the functions of one image: deduplicated string
// literals, globals, transfer-region caches and interface digests.
import type { IrData, IrFunction, IrModule } from './ir.js';

export class ModuleBuilder {
  readonly functions: IrFunction[] = [];
  private readonly data: IrData[] = [];
  private readonly strings = new Map<string, string>();
  private readonly symbols = new Set<string>();

  /** The symbol of a string's UTF-8 bytes in read-only data, and their length. */
  string(value: string): { symbol: string; length: number } {
    const bytes = Buffer.from(value, 'utf8');
    let symbol = this.strings.get(value);
    if (!symbol) {
      symbol = `.Lstr_${this.strings.size}`;
      this.strings.set(value, symbol);
      this.data.push({ symbol, bytes: new Uint8Array(bytes), size: bytes.length, align: 1, readOnly: true });
    }
    return { symbol, length: bytes.length };
  }

  /** Declares a data object once; later declarations of the same symbol are ignored. */
  declare(entry: IrData): string {
    if (!this.symbols.has(entry.symbol)) {
      this.symbols.add(entry.symbol);
      this.data.push(entry);
    }
    return entry.symbol;
  }

  finish(): IrModule {
    return { functions: this.functions, data: this.data };
  }
}
