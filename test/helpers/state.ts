import type { Change } from '../../src/plan/types.js';
import type { ContactBody } from '../../src/resolve/types.js';
import type { StateEntryInput } from '../../src/state/types.js';

export const INBOX = '8a2b1c3d-4e5f-6789-abcd-ef0123456789';
export const KB = '123e4567-e89b-12d3-a456-426614174000';

export const TIER_QM = {
  knowledge_bases: [
    { knowledge_base_id: KB, chatbot_file_ids: [], faq_ids: [], has_user_selected_all: 'False' as const },
  ],
};

export function body(sourceId: string, extra: Partial<ContactBody> = {}): ContactBody {
  return { name: `Name ${sourceId}`, source_id: sourceId, inbox: INBOX, query_metadata: TIER_QM, ...extra };
}

export function input(sourceId: string, extra: Partial<StateEntryInput> = {}): StateEntryInput {
  return {
    inbox: INBOX,
    source_id: sourceId,
    address: `web-chat/${sourceId}`,
    contact_id: `contact-${sourceId}`,
    tier: 'visitor',
    body: body(sourceId),
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    ...extra,
  };
}

/** A plan change for `web-chat/<sourceId>` in tier visitor, with the body `body(sourceId)` to send. */
export function change(sourceId: string, action: Change['action'], contactId: string | null = null): Change {
  return {
    address: `web-chat/${sourceId}`,
    action,
    contact_id: contactId,
    inbox: INBOX,
    source_id: sourceId,
    tier: { before: null, after: 'visitor' },
    before: null,
    after: body(sourceId),
    changed_fields: [],
    drift: false,
    drift_fields: [],
    adopted: false,
    warnings: [],
  };
}
