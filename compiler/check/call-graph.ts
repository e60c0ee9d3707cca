// The static server call graph (README, "Servers"): an edge S → T when code in server S
// acquires T. Penglai's monitor refuses a call into a server that is already running in the
// chain (it answers busy, reference §4), so any cycle is a compile-time error, reported once per
// strongly connected component with one whole cycle spelled out.
import type { RelatedInfo, SourceSpan } from '../../grammar/diagnostic.js';
import { Code } from './codes.js';
import type { CheckContext } from './context.js';
import type { SectionInfo } from './model.js';

export function checkServerCycles(cx: CheckContext): void {
  const servers = cx.result.sections.filter((s) => s.kind === 'server');
  for (const cycle of sectionCycles(servers, cx.acquireEdges)) {
    const first = cycle[0].from;
    const names = [...cycle.map((e) => e.from.name), first.name].map((n) => '`' + n + '`').join(' → ');
    const related: RelatedInfo[] = cycle.slice(1).map((e) => ({
      message: `\`${e.from.name}\` acquires \`${e.to.name}\` here`,
      span: e.expr.span,
    }));
    cx.report(Code.ServerCycle, `servers acquire each other in a cycle: ${names}`, cycle[0].expr.span, {
      label: `\`${first.name}\` acquires \`${cycle[0].to.name}\` here`,
      hint: 'a server that is already serving a call in the chain cannot be called again (the monitor answers busy); break the cycle',
      related: related.length ? related : undefined,
    });
  }
}

/** An edge between sections, with the expression that makes it. */
export interface SectionEdge {
  from: SectionInfo;
  to: SectionInfo;
  expr: { span: SourceSpan };
}

/** One whole cycle per strongly connected component of `edges` over `nodes` that has one, in source order. */
export function sectionCycles<E extends SectionEdge>(nodes: SectionInfo[], edges: readonly E[]): E[][] {
  const out = new Map<SectionInfo, E[]>(nodes.map((s) => [s, []]));
  for (const edge of edges) {
    const list = out.get(edge.from);
    if (list && out.has(edge.to) && !list.some((e) => e.to === edge.to)) list.push(edge);
  }
  const cycles: E[][] = [];
  for (const component of stronglyConnected(nodes, out)) {
    const first = component[0];
    const cyclic = component.length > 1 || out.get(first)!.some((e) => e.to === first);
    if (!cyclic) continue;
    const cycle = findCycle(first, new Set(component), out);
    if (cycle) cycles.push(cycle);
  }
  return cycles;
}

/** Tarjan's algorithm, iterative over source order; each component sorted by source order. */
function stronglyConnected<E extends SectionEdge>(nodes: SectionInfo[], out: Map<SectionInfo, E[]>): SectionInfo[][] {
  const order = new Map(nodes.map((n, i) => [n, i]));
  const index = new Map<SectionInfo, number>();
  const low = new Map<SectionInfo, number>();
  const onStack = new Set<SectionInfo>();
  const stack: SectionInfo[] = [];
  const components: SectionInfo[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: SectionInfo; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const frame = work[work.length - 1];
      const edges = out.get(frame.node)!;
      if (frame.next < edges.length) {
        const to = edges[frame.next++].to;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, next: 0 });
        } else if (onStack.has(to)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: SectionInfo[] = [];
        let member: SectionInfo;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component.sort((a, b) => order.get(a)! - order.get(b)!));
      }
    }
  }
  return components.sort((a, b) => order.get(a[0])! - order.get(b[0])!);
}

/** A shortest cycle through `start` inside its component (breadth-first, so it reads simply). */
function findCycle<E extends SectionEdge>(start: SectionInfo, within: Set<SectionInfo>, out: Map<SectionInfo, E[]>): E[] | undefined {
  const via = new Map<SectionInfo, E>();
  const queue: SectionInfo[] = [start];
  for (let i = 0; i < queue.length; i++) {
    for (const edge of out.get(queue[i])!) {
      if (!within.has(edge.to)) continue;
      if (edge.to === start) {
        const path: E[] = [edge];
        for (let node = edge.from; node !== start; node = via.get(node)!.from) path.unshift(via.get(node)!);
        return path;
      }
      if (!via.has(edge.to)) {
        via.set(edge.to, edge);
        queue.push(edge.to);
      }
    }
  }
  return undefined;
}
