/**
 * What the client hands to the rest of the tool: every documented response variant of the
 * MaiAgent API folded into one internal shape (see normalize-contact.ts and normalize-listing.ts).
 */
import type { QueryMetadata } from '../resolve/types.js';

export type { ContactBody, QueryMetadata } from '../resolve/types.js';

/** A live contact as MaiAgent reports it, normalised. */
export interface LiveContact {
  id: string;
  name: string;
  avatar: string | null;
  /** '' when the contact has none (MaiAgent's own anonymous contacts). */
  sourceId: string;
  /**
   * Lower-cased inbox UUIDs. Responses of the seed's shape carry only `inboxName`; there the
   * inbox a listing or lookup was filtered by is filled in, and a bare `getContact` leaves it empty.
   */
  inboxIds: string[];
  inboxNames: string[];
  /** snake_case at every depth, as sent; null when the API reports none. */
  queryMetadata: QueryMetadata | null;
  /** ISO 8601 (UTC, milliseconds). */
  createdAt: string;
  updatedAt: string;
}

export interface InboxItem {
  id: string;
  name: string;
  channelType?: string;
  /** The assistant(s) the inbox is attached to, where the API says so. */
  chatbotIds: string[];
}

export interface KnowledgeBaseItem {
  id: string;
  name: string;
  /** The assistants that use this knowledge base, where the API says so. */
  chatbotIds: string[];
}

export interface LabelItem {
  id: string;
  name: string;
}

export interface FileItem {
  id: string;
  filename: string;
  status?: string;
  labelIds: string[];
}

export interface FaqItem {
  id: string;
  question: string;
  labelIds: string[];
}

/** One attempt of one request, for the audit log. Never carries the API key. */
export interface AuditEvent {
  /** ISO time the attempt started. */
  time: string;
  method: string;
  /** Path and query below the host, e.g. `/api/contacts/?inboxes=…&page=2`. */
  path: string;
  status?: number;
  durationMs: number;
  /** 1 for the first try. */
  attempt: number;
  /** Why the attempt failed without a response (timeout, reset …). */
  error?: string;
}

export type AuditHook = (event: AuditEvent) => void;
