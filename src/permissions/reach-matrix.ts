/** The tier x knowledge-base matrix of a config: one row per subject, one cell per knowledge base. */
import { reachesAnything } from './summarize-reach.js';
import type { KnowledgeBaseReach, Reach } from './types.js';

export interface MatrixCell {
  reach?: KnowledgeBaseReach;
  /** Files here are filtered by the row's label condition. */
  labelled: boolean;
}

export interface ReachMatrix {
  /** Knowledge-base ids, in the order given, then any other reached knowledge base (sorted). */
  kbs: string[];
  rows: { name: string; cells: MatrixCell[] }[];
}

export function reachMatrix(
  rows: readonly { name: string; reach: Reach }[],
  kbs: readonly string[] = [],
): ReachMatrix {
  const columns = [...kbs];
  const extra = new Set<string>();
  for (const row of rows)
    for (const k of row.reach.knowledgeBases) if (!columns.includes(k.kb)) extra.add(k.kb);
  columns.push(...[...extra].sort());
  return {
    kbs: columns,
    rows: rows.map(({ name, reach }) => ({
      name,
      cells: columns.map((kb) => {
        const k = reach.knowledgeBases.find((x) => x.kb === kb);
        if (!k || !reachesAnything(k)) return { labelled: false };
        const files = k.files.all || k.files.ids.length > 0;
        return { reach: k, labelled: files && reach.labels !== undefined };
      }),
    })),
  };
}
