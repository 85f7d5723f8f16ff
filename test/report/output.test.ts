import { describe, expect, it } from 'vitest';
import { OUTPUT_REPORTERS, type OutputRow } from '../../src/report/output/index.js';

describe('the csv output', () => {
  it('quotes fields holding commas, quotes or line breaks (RFC 4180)', () => {
    const row: OutputRow = {
      address: 'web/a,b',
      source_id: 'say "hi"',
      contact_id: 'line\nbreak',
      inbox: 'i',
      tier: null,
      created_at: 'c',
      updated_at: 'u',
    };
    expect(OUTPUT_REPORTERS.csv([row]).split('\r\n')[1]).toBe('"web/a,b","say ""hi""","line\nbreak",i,,c,u');
  });
});
