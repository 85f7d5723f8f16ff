/** Markdown helpers for the access renderers. */

/** Inline code that survives backticks and pipes inside the text (table cells included). */
export function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  const pad = text.includes('`') ? ' ' : '';
  return `${fence}${pad}${text.replace(/\|/g, '\\|')}${pad}${fence}`;
}

export function tableRow(cells: readonly string[]): string {
  return `| ${cells.map((c) => c.replace(/\n/g, ' ')).join(' | ')} |`;
}
