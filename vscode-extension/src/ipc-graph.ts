// The program's static call graph between the host, its enclaves and its servers (the
// "Show IPC graph" picture, and the type hierarchy's "who uses this server"). An edge from the
// host says what the host does to a section (`create`, `run`); an edge between enclaves and
// servers is IPC: `acquire` and the server functions called through the handle. Code in
// top-level functions counts for every section that calls them. Two things are marked:
// - cycles between servers, which the checker rejects (E-code ServerCycle): Penglai's monitor
//   answers a call into a server already serving one in the chain as busy (reference §4);
// - servers that two or more enclaves reach, directly or through other servers: every
//   Penglai server is sequential (one caller at a time, no queue, reference §7), so those
//   callers contend for it.
// No LSP types here: the server answers `penglaic/ipcGraph` with this model, the client draws it.
import type { SourceSpan } from '../../grammar/diagnostic.js';
import { sectionCycles } from '../../compiler/check/call-graph.js';
import type { CheckedProgram, FunctionInfo, SectionInfo, SectionKind } from '../../compiler/check/index.js';
import { callerOperations, operationsIn, type Operation } from './ipc-operations.js';

export interface IpcGraphNode {
  /** Unique in the graph: the section's name (`host` for the host). */
  id: string;
  kind: SectionKind;
  name: string;
  /** Servers: the name registered with the monitor. */
  registeredName?: string;
  file: string;
  /** 1-based line of the section's name. */
  line: number;
  /** On a server cycle the checker rejects. */
  inCycle: boolean;
  /** Servers reached by two or more enclaves: those enclaves, sorted (empty otherwise). */
  sharedBy: string[];
}

export interface IpcGraphEdge {
  from: string;
  to: string;
  /** `host`: create/run from the host; `ipc`: acquire and calls through a handle. */
  kind: 'host' | 'ipc';
  /** In source order, each once: `create`, `run`, `acquire`, `fill()`. */
  operations: string[];
  inCycle: boolean;
  /** Where the operations are written, as `file:line`. */
  sites: string[];
}

export interface IpcGraph {
  /** The root file of the program. */
  file: string;
  nodes: IpcGraphNode[];
  edges: IpcGraphEdge[];
  /** Each rejected cycle as section names, first repeated at the end (`A → B → A`). */
  cycles: string[][];
}

interface SectionEdge {
  from: SectionInfo;
  to: SectionInfo;
  edge: IpcGraphEdge;
  expr: { span: SourceSpan };
}

/** Everything a section does, including what the top-level functions it calls do. */
export function sectionOperations(checked: CheckedProgram, section: SectionInfo): Operation[] {
  const operations: Operation[] = [];
  const visited = new Set<FunctionInfo>();
  const visit = (found: Operation[]) => {
    for (const operation of found) {
      operations.push(operation);
      if (operation.kind === 'call' && operation.fn.shared && !visited.has(operation.fn)) {
        visited.add(operation.fn);
        if (operation.fn.decl.body) visit(operationsIn(checked, operation.fn.decl.body));
      }
    }
  };
  for (const fn of section.functions) visit(callerOperations(checked, { kind: 'function', fn }));
  if (section.kind === 'host') visit(callerOperations(checked, { kind: 'host-body', section }));
  return operations;
}

export function ipcGraph(checked: CheckedProgram): IpcGraph {
  const ids = new Map<SectionInfo, string>();
  const nodes: IpcGraphNode[] = [];
  for (const section of checked.sections) {
    let id = section.name;
    for (let n = 2; nodes.some((node) => node.id === id); n++) id = `${section.name}#${n}`;
    ids.set(section, id);
    const nameSpan = section.decl.kind === 'HostDecl' ? section.decl.span : section.decl.name?.span ?? section.decl.span;
    const node: IpcGraphNode = { id, kind: section.kind, name: section.name, file: nameSpan.file, line: nameSpan.startLine, inCycle: false, sharedBy: [] };
    if (section.registeredName !== undefined) node.registeredName = section.registeredName;
    nodes.push(node);
  }
  const edges: IpcGraphEdge[] = [];
  const sectionEdges: SectionEdge[] = [];
  const edgeBetween = (from: SectionInfo, to: SectionInfo, kind: IpcGraphEdge['kind'], span: SourceSpan): IpcGraphEdge | undefined => {
    const fromId = ids.get(from);
    const toId = ids.get(to);
    if (fromId === undefined || toId === undefined) return undefined;
    let edge = edges.find((e) => e.from === fromId && e.to === toId && e.kind === kind);
    if (!edge) {
      edge = { from: fromId, to: toId, kind, operations: [], inCycle: false, sites: [] };
      edges.push(edge);
      sectionEdges.push({ from, to, edge, expr: { span } });
    }
    const site = `${span.file}:${span.startLine}`;
    if (!edge.sites.includes(site)) edge.sites.push(site);
    return edge;
  };
  for (const section of checked.sections) {
    for (const operation of sectionOperations(checked, section)) {
      let edge: IpcGraphEdge | undefined;
      let label: string;
      if (section.kind === 'host') {
        if (operation.kind !== 'create' && operation.kind !== 'run') continue;
        edge = edgeBetween(section, operation.section, 'host', operation.span);
        label = operation.kind;
      } else if (operation.kind === 'acquire') {
        edge = edgeBetween(section, operation.section, 'ipc', operation.span);
        label = 'acquire';
      } else if (operation.kind === 'call' && operation.ipc) {
        edge = edgeBetween(section, operation.fn.section, 'ipc', operation.span);
        label = `${operation.fn.name}()`;
      } else {
        continue;
      }
      if (edge && !edge.operations.includes(label)) edge.operations.push(label);
    }
  }

  const servers = checked.sections.filter((s) => s.kind === 'server');
  const serverEdges = sectionEdges.filter((e) => e.edge.kind === 'ipc' && e.from.kind === 'server' && e.to.kind === 'server');
  const cycles: string[][] = [];
  for (const cycle of sectionCycles(servers, serverEdges)) {
    cycles.push([...cycle.map((e) => ids.get(e.from)!), ids.get(cycle[0].from)!]);
    for (const e of cycle) {
      e.edge.inCycle = true;
      nodes.find((n) => n.id === ids.get(e.from))!.inCycle = true;
    }
  }

  // Which enclaves reach each server, following IPC edges through servers.
  for (const enclave of checked.sections.filter((s) => s.kind === 'enclave')) {
    const reached = new Set<string>();
    const pending = [ids.get(enclave)!];
    while (pending.length > 0) {
      const from = pending.pop()!;
      for (const edge of edges) {
        if (edge.kind !== 'ipc' || edge.from !== from || reached.has(edge.to)) continue;
        reached.add(edge.to);
        pending.push(edge.to);
      }
    }
    for (const node of nodes) if (node.kind === 'server' && reached.has(node.id)) node.sharedBy.push(enclave.name);
  }
  for (const node of nodes) {
    if (node.sharedBy.length < 2) node.sharedBy = [];
    else node.sharedBy.sort();
  }
  return { file: checked.programs[0]?.file ?? '', nodes, edges, cycles };
}
