// A server's interface digest (runtime/README.md, "Typed calls"): SHA-256 over a canonical text
// of its public functions, so a caller compiled against another version of the server is
// refused at acquire or call time instead of reading misplaced arguments. The text names
// functions, directions and fully expanded types with their layouts; parameter names are left
// out because renaming one does not change what crosses the boundary.
import { sha256 } from '../../runtime/crypto/index.js';
import type { SectionInfo, Type } from './model.js';

export const INTERFACE_TEXT_VERSION = 'penglai-interface 1';

export function interfaceText(server: SectionInfo): string {
  const lines = [INTERFACE_TEXT_VERSION];
  for (const fn of server.functions) {
    if (fn.isPrivate || fn.interfaceIndex < 0) continue;
    const params = fn.params.map((p) => (p.direction === 'value' ? '' : p.direction + ' ') + canonicalType(p.type));
    const result = fn.returnType.kind === 'void' ? '' : ' -> ' + canonicalType(fn.returnType);
    lines.push(`fn ${fn.interfaceIndex} ${fn.name}(${params.join(', ')})${result}`);
  }
  return lines.join('\n') + '\n';
}

/** Structs are spelled out field by field with offsets, so a layout change changes the digest. */
export function canonicalType(type: Type): string {
  switch (type.kind) {
    case 'int':
      return type.name;
    case 'array':
      return `${canonicalType(type.element)}[${type.length}]`;
    case 'struct':
      return `struct ${type.struct.name} { ${type.struct.fields.map((f) => `${f.name}: ${canonicalType(f.type)} @${f.offset}`).join(', ')} } size ${type.struct.size} align ${type.struct.align}`;
    case 'handle':
      return `${type.handleKind}<${type.section.name}>`;
    default:
      return type.kind;
  }
}

export function attachInterfaceDigests(sections: readonly SectionInfo[]): void {
  for (const section of sections) {
    if (section.kind !== 'server') continue;
    section.interfaceText = interfaceText(section);
    section.interfaceDigest = sha256(new TextEncoder().encode(section.interfaceText));
  }
}
