// Which images embed which measurements (grammar/README.md, "Measurements"). `measurement(X)`
// puts X's predicted measurement into the image of the section whose code uses it, so that
// image can be built only after X's. A use inside a top-level constant or a shared function
// belongs to every section that uses that constant or calls that function. A cycle (A
// embeds B's measurement and B embeds A's, or A its own) cannot be built: an image's
// measurement covers its own bytes. E0415 reports it once, with the whole cycle.
import type * as ast from '../../grammar/ast.js';
import type { RelatedInfo } from '../../grammar/diagnostic.js';
import { sectionCycles, type SectionEdge } from './call-graph.js';
import { Code } from './codes.js';
import type { BodyContext, CheckContext } from './context.js';
import type { FunctionInfo, SectionInfo } from './model.js';

/** What a `measurement(...)` use belongs to. */
type Owner = SectionInfo | FunctionInfo | ast.ConstDecl;

interface Embed {
  section: SectionInfo;
  expr: ast.CallExpr;
}

export class MeasurementGraph {
  readonly embeds = new Map<Owner, Embed[]>();
  readonly uses = new Map<Owner, Set<Owner>>();
}

function ownerOf(b: BodyContext): Owner | undefined {
  return b.constOwner ?? (b.fn?.shared ? b.fn : b.section);
}

export function recordMeasurementUse(b: BodyContext, section: SectionInfo, expr: ast.CallExpr): void {
  const owner = ownerOf(b);
  if (!owner) return;
  const graph = b.cx.measurementGraph;
  graph.embeds.set(owner, [...(graph.embeds.get(owner) ?? []), { section, expr }]);
}

/** `b`'s code uses a top-level constant or calls a shared function, and so embeds what it embeds. */
export function recordSharedUse(b: BodyContext, used: FunctionInfo | ast.ConstDecl): void {
  const owner = ownerOf(b);
  if (!owner || owner === used) return;
  const graph = b.cx.measurementGraph;
  if (!graph.uses.has(owner)) graph.uses.set(owner, new Set());
  graph.uses.get(owner)!.add(used);
}

/** Sets each section's `measures` and reports cycles (E0415). */
export function resolveMeasurements(cx: CheckContext): void {
  const graph = cx.measurementGraph;
  const edges: (SectionEdge & { expr: ast.CallExpr })[] = [];
  for (const section of cx.result.sections) {
    const found = new Map<SectionInfo, ast.CallExpr>();
    const seen = new Set<Owner>();
    const visit = (owner: Owner) => {
      if (seen.has(owner)) return;
      seen.add(owner);
      for (const embed of graph.embeds.get(owner) ?? []) if (!found.has(embed.section)) found.set(embed.section, embed.expr);
      for (const used of graph.uses.get(owner) ?? []) visit(used);
    };
    visit(section);
    if (found.size === 0) continue;
    section.measures = [...found.keys()];
    for (const [to, expr] of found) edges.push({ from: section, to, expr });
  }
  for (const cycle of sectionCycles(cx.result.sections, edges)) {
    const first = cycle[0].from;
    if (cycle.length === 1) {
      cx.report(Code.MeasurementCycle, `\`${first.name}\` cannot contain its own measurement`, cycle[0].expr.span, {
        label: `this is in \`${first.name}\``,
        hint: "an image's measurement is a hash of its own bytes, so it cannot be one of them; a server checks its callers, an enclave the servers it calls",
      });
      continue;
    }
    const names = [...cycle.map((e) => e.from.name), first.name].map((n) => '`' + n + '`').join(' → ');
    const related: RelatedInfo[] = cycle.slice(1).map((e) => ({
      message: `\`${e.from.name}\` embeds the measurement of \`${e.to.name}\` here`,
      span: e.expr.span,
    }));
    cx.report(Code.MeasurementCycle, `images embed each other's measurement in a cycle: ${names}`, cycle[0].expr.span, {
      label: `\`${first.name}\` embeds the measurement of \`${cycle[0].to.name}\` here`,
      hint: "a measurement is a hash of the image's bytes, so two images cannot contain each other's; check the identity on one side only",
      related,
    });
  }
}
