// Every fuzz target, by name. A new target (monitor, ELF reader, language server) is one file
// in this folder exporting a FuzzTarget, added to this list.
import { elfLoader } from './elf-loader.js';
import { frontEnd } from './front-end.js';
import { languageServer } from './language-server.js';
import { monitorEcalls, monitorElf } from './monitor.js';
import { optimizer } from './optimizer.js';
import type { FuzzTarget } from './target.js';

export const TARGETS: readonly FuzzTarget[] = [frontEnd, elfLoader, languageServer, monitorElf, monitorEcalls, optimizer];

export function targetNamed(name: string): FuzzTarget | undefined {
  return TARGETS.find((t) => t.name === name);
}
