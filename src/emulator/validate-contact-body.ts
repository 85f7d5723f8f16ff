/**
 * DRF-style validation of a contact request body, after the camel-case parser has underscoreized it
 * at every depth. `inbox` may be an id string or `{id}`; `inboxes` a list of `{id}` (or ids) and wins
 * when both are given. `query_metadata` may be an object, null, or a JSON string (DOC-EN types it
 * "string" in the PUT table). Errors are `{field: [message]}`, snake_case here (camelized on output).
 */
import type { ContactFields } from './contact-store.js';
import { snakeKeysDeep } from '../util/key-case.js';

export type Mode = 'create' | 'replace' | 'partial';
export type FieldErrors = Record<string, unknown[]>;

export interface ParsedContactBody {
  ok: true;
  fields: Partial<ContactFields>;
  /** Which field named the inbox(es), for error messages about them. */
  inboxField?: 'inbox' | 'inboxes';
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const REQUIRED = 'This field is required.';

const canonicalUuid = (value: string): string => {
  const hex = value.replace(/-/g, '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

function charField(
  value: unknown,
  options: { maxLength: number; allowBlank: boolean; allowNull: boolean },
): { value?: string | null; error?: string } {
  if (value === null) return options.allowNull ? { value: null } : { error: 'This field may not be null.' };
  if (typeof value !== 'string' && typeof value !== 'number') return { error: 'Not a valid string.' };
  const text = String(value).trim();
  if (text === '' && !options.allowBlank) return { error: 'This field may not be blank.' };
  if (text.length > options.maxLength) {
    return { error: `Ensure this field has no more than ${options.maxLength} characters.` };
  }
  return { value: text };
}

function inboxId(value: unknown): { id?: string; error?: unknown } {
  const raw =
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as { id?: unknown }).id
      : value;
  if (raw === undefined) return { error: { id: [REQUIRED] } };
  if (typeof raw !== 'string' || !UUID.test(raw)) return { error: 'Must be a valid UUID.' };
  return { id: canonicalUuid(raw) };
}

export function validateContactBody(
  body: Record<string, unknown>,
  mode: Mode,
): ParsedContactBody | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const fields: Partial<ContactFields> = {};
  const result: ParsedContactBody = { ok: true, fields };
  const has = (key: string): boolean => Object.hasOwn(body, key) && body[key] !== undefined;

  if (has('name')) {
    const r = charField(body['name'], { maxLength: 255, allowBlank: false, allowNull: false });
    if (r.error) errors['name'] = [r.error];
    else fields.name = r.value as string;
  } else if (mode !== 'partial') errors['name'] = [REQUIRED];

  if (has('avatar')) {
    const r = charField(body['avatar'], { maxLength: 200, allowBlank: true, allowNull: true });
    if (r.error) errors['avatar'] = [r.error];
    else if (r.value && !/^https?:\/\/[^\s/$.?#][^\s]*$/i.test(r.value))
      errors['avatar'] = ['Enter a valid URL.'];
    else fields.avatar = r.value || null;
  }

  if (has('source_id')) {
    const r = charField(body['source_id'], { maxLength: 255, allowBlank: true, allowNull: true });
    if (r.error) errors['source_id'] = [r.error];
    else fields.sourceId = r.value ?? '';
  }

  if (has('email')) {
    const r = charField(body['email'], { maxLength: 254, allowBlank: true, allowNull: true });
    if (r.error) errors['email'] = [r.error];
    else if (r.value && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(r.value))
      errors['email'] = ['Enter a valid email address.'];
    else fields.email = r.value || null;
  }

  if (has('phone_number')) {
    const r = charField(body['phone_number'], { maxLength: 32, allowBlank: true, allowNull: true });
    if (r.error) errors['phone_number'] = [r.error];
    else fields.phoneNumber = r.value || null;
  }

  const inboxes = has('inboxes') && body['inboxes'] !== null ? body['inboxes'] : undefined;
  if (inboxes !== undefined) {
    result.inboxField = 'inboxes';
    if (!Array.isArray(inboxes)) {
      errors['inboxes'] = [`Expected a list of items but got type "${typeof inboxes}".`];
    } else if (inboxes.length === 0 && mode === 'create') {
      errors['inboxes'] = ['This list may not be empty.'];
    } else {
      const parsed = inboxes.map(inboxId);
      if (parsed.some((p) => p.error)) errors['inboxes'] = parsed.map((p) => p.error ?? {});
      else if (parsed.length > 0) fields.inboxIds = [...new Set(parsed.map((p) => p.id as string))];
    }
  } else if (has('inbox') && body['inbox'] !== null) {
    result.inboxField = 'inbox';
    const parsed = inboxId(body['inbox']);
    if (parsed.error) errors['inbox'] = [parsed.error];
    else fields.inboxIds = [parsed.id as string];
  } else if (mode === 'create') {
    errors['inboxes'] = [REQUIRED];
  }

  if (has('query_metadata')) {
    let qm = body['query_metadata'];
    if (typeof qm === 'string') {
      try {
        qm = qm.trim() === '' ? null : snakeKeysDeep(JSON.parse(qm));
      } catch {
        qm = Symbol.for('invalid');
      }
    }
    if (qm === null) fields.queryMetadata = null;
    else if (typeof qm === 'object' && !Array.isArray(qm))
      fields.queryMetadata = qm as Record<string, unknown>;
    else errors['query_metadata'] = ['Value must be valid JSON.'];
  }

  return Object.keys(errors).length > 0 ? { ok: false, errors } : result;
}
