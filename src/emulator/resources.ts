/**
 * The emulator's inboxes, knowledge bases and what lives inside each knowledge base (labels, files,
 * FAQs). Declared by `--seed-config`; without it, any well-formed inbox UUID used by a contact is
 * registered on first use. Each inbox belongs to an assistant (chatbot); a knowledge base lists the
 * assistants that use it, which is how `validate --remote` learns which inboxes can reach it.
 */
export interface InboxResource {
  id: string;
  name: string;
  channelType: string;
  chatbot: { id: string; name: string };
}

export interface LabelResource {
  id: string;
  name: string;
}

export interface FileResource {
  id: string;
  filename: string;
  status: string;
  labels: LabelResource[];
}

export interface FaqResource {
  id: string;
  question: string;
  answer: string;
  labels: LabelResource[];
}

export interface KnowledgeBaseResource {
  id: string;
  name: string;
  description: string;
  chatbots: { id: string; name: string }[];
  labels: LabelResource[];
  files: FileResource[];
  faqs: FaqResource[];
  createdAt: number;
}

export interface ResourceSnapshot {
  inboxes: InboxResource[];
  knowledgeBases: KnowledgeBaseResource[];
}

export class Resources {
  readonly inboxes = new Map<string, InboxResource>();
  readonly knowledgeBases = new Map<string, KnowledgeBaseResource>();
  /** True once a config declared the inboxes: other inbox ids are then refused. */
  strict = false;

  constructor(private readonly chatbotOf: (inboxId: string) => string) {}

  /** The inbox, registering it when not strict. Undefined: unknown in strict mode. */
  inbox(id: string): InboxResource | undefined {
    const known = this.inboxes.get(id);
    if (known || this.strict) return known;
    const inbox = this.defineInbox(id, `Inbox ${id.slice(0, 8)}`);
    return inbox;
  }

  defineInbox(id: string, name: string): InboxResource {
    const inbox: InboxResource = {
      id,
      name,
      channelType: 'web',
      chatbot: { id: this.chatbotOf(id), name: `${name} assistant` },
    };
    this.inboxes.set(id, inbox);
    return inbox;
  }

  inboxName(id: string): string {
    return this.inboxes.get(id)?.name ?? `Inbox ${id.slice(0, 8)}`;
  }

  snapshot(): ResourceSnapshot {
    return { inboxes: [...this.inboxes.values()], knowledgeBases: [...this.knowledgeBases.values()] };
  }

  restore(snapshot: ResourceSnapshot): void {
    for (const inbox of snapshot.inboxes) this.inboxes.set(inbox.id, inbox);
    for (const kb of snapshot.knowledgeBases) this.knowledgeBases.set(kb.id, kb);
  }
}
