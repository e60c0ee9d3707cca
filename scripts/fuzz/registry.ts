// Every fuzz target, by name. A new target (monitor, ELF reader, language server) is one file
// in this folder exporting a FuzzTarget, added to this list.
import { elfLoader } from './elf-loader.js';
import { floatDecode } from './float-decode.js';
import { frontEnd } from './front-end.js';
import { languageServer } from './language-server.js';
import { monitorEcalls, monitorElf } from './monitor.js';
import { shareLinks } from './share-links.js';
import type { FuzzTarget } from './target.js';
import { translator } from './translator.js';

export const TARGETS: readonly FuzzTarget[] = [frontEnd, elfLoader, languageServer, monitorElf, monitorEcalls, shareLinks, floatDecode, translator];

export function targetNamed(name: string): FuzzTarget | undefined {
  return TARGETS.find((t) => t.name === name);
}
