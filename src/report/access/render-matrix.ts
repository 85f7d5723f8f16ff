/** The compact tier x knowledge-base matrix, as a markdown table. */
import type { Names } from '../../permissions/names.js';
import { reachMatrix } from '../../permissions/reach-matrix.js';
import type { Reach } from '../../permissions/types.js';
import { describeCell } from './describe-change.js';
import { code, tableRow } from './markdown.js';

export function renderMatrix(
  tiers: Record<string, Reach>,
  names: Names,
  kbs: readonly string[] = [],
): string {
  const rows = Object.entries(tiers).map(([name, reach]) => ({ name, reach }));
  if (rows.length === 0) return '_No tiers declared._';
  const matrix = reachMatrix(rows, kbs);
  const lines = [
    tableRow(['tier', ...matrix.kbs.map((kb) => code(names.kb(kb)))]),
    tableRow(['---', ...matrix.kbs.map(() => '---')]),
    ...matrix.rows.map((row) =>
      tableRow([code(row.name), ...row.cells.map((cell) => describeCell(cell.reach, cell.labelled, names))]),
    ),
  ];
  if (matrix.rows.some((row) => row.cells.some((cell) => cell.labelled))) {
    lines.push('', "¹ only files whose labels satisfy the tier's label condition.");
  }
  return lines.join('\n');
}
