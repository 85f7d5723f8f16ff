/** The YAML contact source: the `contacts:` list of one parsed config file. */
import type { Contact } from '../contacts-config.generated.js';
import type { ParsedFile } from '../parse-yaml.js';
import type { ContactSet, ContactSource } from './contact-source.js';

export function yamlContactSet(file: ParsedFile): ContactSet {
  const root = file.value as { contacts?: unknown } | null;
  const contacts = Array.isArray(root?.contacts) ? (root.contacts as Contact[]) : [];
  return {
    origin: file.path,
    contacts,
    locate: (index, field) =>
      file.locate(field === undefined ? ['contacts', index] : ['contacts', index, field]),
  };
}

export function yamlContactSource(file: ParsedFile): ContactSource {
  return {
    kind: 'yaml',
    origin: file.path,
    read: () => Promise.resolve({ set: yamlContactSet(file), diagnostics: [] }),
  };
}
