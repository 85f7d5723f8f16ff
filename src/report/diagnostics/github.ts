/**
 * `--format github`: GitHub Actions workflow commands, one annotation per problem
 * (`::error file=…,line=…,col=…,title=…::message`), then a plain count.
 */
import { countSummary, displayPath } from './display-path.js';
import type { Reporter } from './index.js';

/** Escaping of the message part (GitHub's `escapeData`). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of property values (GitHub's `escapeProperty`). */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export const formatGithub: Reporter = (diagnostics, options) => {
  const lines = diagnostics.map((d) => {
    const properties: string[] = [];
    if (d.location) {
      const { file, line, column, endLine, endColumn } = d.location;
      properties.push(
        `file=${escapeProperty(displayPath(file, options.cwd))}`,
        `line=${line}`,
        `col=${column}`,
      );
      if (endLine !== undefined) properties.push(`endLine=${endLine}`);
      if (endColumn !== undefined && endLine === line) properties.push(`endColumn=${endColumn}`);
    }
    properties.push(`title=${escapeProperty(`mai-contacts ${d.rule}`)}`);
    const message = d.hint ? `${d.message}\nhint: ${d.hint}` : d.message;
    return `::${d.severity} ${properties.join(',')}::${escapeData(message)}`;
  });
  lines.push(diagnostics.length ? countSummary(diagnostics) : 'config is valid: no problems found');
  return lines.join('\n');
};
