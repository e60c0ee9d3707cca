// Servers that enclaves running at once may call (grammar/README.md "Enclaves on other
// harts"). Two runs the host `start`s go on at the same time; a `sequential` server that
// both can reach (acquiring it directly or through other servers) answers busy (-2) to the
// call that finds it in the other's call. That is legal, but rarely what was meant: warn,
// and say how to make callers wait instead.
import { Code } from './codes.js';
import type { CheckContext } from './context.js';
import type { SectionInfo } from './model.js';

/** The servers `from` can call: what it acquires, and what those acquire, transitively. */
function reachableServers(cx: CheckContext, from: SectionInfo): Set<SectionInfo> {
  const seen = new Set<SectionInfo>();
  const work = [from];
  while (work.length) {
    const at = work.pop()!;
    for (const edge of cx.acquireEdges) {
      if (edge.from === at && !seen.has(edge.to)) {
        seen.add(edge.to);
        work.push(edge.to);
      }
    }
  }
  return seen;
}

export function checkSharedSequentialServers(cx: CheckContext): void {
  const firstStart = new Map<SectionInfo, (typeof cx.startedRuns)[number]>();
  const warned = new Set<SectionInfo>();
  for (const run of cx.startedRuns) {
    for (const server of reachableServers(cx, run.section)) {
      if (server.policy !== 'sequential' || warned.has(server)) continue;
      const earlier = firstStart.get(server);
      if (!earlier) {
        firstStart.set(server, run);
        continue;
      }
      warned.add(server);
      const who = earlier.section === run.section ? `two runs of \`${run.section.name}\`` : `\`${earlier.section.name}\` and \`${run.section.name}\``;
      cx.warn(Code.SequentialServerShared, `\`${server.name}\` is sequential, and ${who} run at once can both call it: the call that finds it in the other's call is answered busy (-2)`, run.expr.span, {
        label: 'runs while the other is running',
        hint: `declare it \`server ${server.name} "${server.registeredName ?? server.name}" queue { ... }\` to make callers wait their turn, or handle the -2`,
        related: [{ message: 'the other run starts here', span: earlier.expr.span }],
      });
    }
  }
}
