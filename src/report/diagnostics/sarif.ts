/**
 * `--format sarif`: a SARIF 2.1.0 log for code scanning (e.g. GitHub's upload-sarif). Rule metadata
 * comes from the rule catalogue; locations are relative to the working directory (`%SRCROOT%`).
 */
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SourceLocation } from '../../config/diagnostic.js';
import type { RuleInfo } from '../../config/rule-catalog.js';
import { RULE_CATALOG } from '../../validate/rule-catalog.js';
import { TOOL_VERSION } from '../../version.js';
import { displayPath } from './display-path.js';
import type { Reporter } from './index.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const shown = displayPath(file, cwd);
  if (isAbsolute(shown)) return { uri: pathToFileURL(shown).href };
  return { uri: shown.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

function region(location: SourceLocation) {
  return {
    startLine: location.line,
    startColumn: location.column,
    ...(location.endLine !== undefined ? { endLine: location.endLine } : {}),
    ...(location.endColumn !== undefined ? { endColumn: location.endColumn } : {}),
  };
}

function descriptor(rule: RuleInfo) {
  return {
    id: rule.id,
    shortDescription: { text: rule.description },
    help: { text: `Fix: ${rule.fix}` },
    defaultConfiguration: { level: rule.severity },
    properties: { tags: ['mai-contacts', rule.stage] },
  };
}

export const formatSarif: Reporter = (diagnostics, options) => {
  const rules: RuleInfo[] = [...RULE_CATALOG];
  for (const d of diagnostics) {
    if (!rules.some((r) => r.id === d.rule)) {
      rules.push({
        id: d.rule,
        severity: d.severity,
        stage: 'semantic',
        description: d.message,
        fix: d.hint ?? '',
      });
    }
  }
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = diagnostics.map((d) => ({
    ruleId: d.rule,
    ruleIndex: index.get(d.rule) ?? 0,
    level: d.severity,
    message: { text: d.hint ? `${d.message}\nHint: ${d.hint}` : d.message },
    ...(d.location
      ? {
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifactLocation(d.location.file, options.cwd),
                region: region(d.location),
              },
            },
          ],
        }
      : {}),
    ...(d.also
      ? {
          relatedLocations: [
            {
              id: 0,
              physicalLocation: {
                artifactLocation: artifactLocation(d.also.file, options.cwd),
                region: region(d.also),
              },
              message: { text: 'declared first here' },
            },
          ],
        }
      : {}),
  }));
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'mai-contacts',
            version: TOOL_VERSION,
            semanticVersion: TOOL_VERSION,
            rules: rules.map(descriptor),
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2);
};
