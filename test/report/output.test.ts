import { describe, expect, it } from 'vitest';
import { OUTPUT_REPORTERS, type OutputRow } from '../../src/report/output/index.js';

const row = (fields: Partial<OutputRow>): OutputRow => ({
  address: 'web/u1',
  source_id: 'u1',
  contact_id: 'id-1',
  inbox: 'i',
  tier: null,
  created_at: 'c',
  updated_at: 'u',
  ...fields,
});

const csvLine = (fields: Partial<OutputRow>): string =>
  OUTPUT_REPORTERS.csv([row(fields)]).split('\r\n')[1] ?? '';

describe('the csv output', () => {
  it('quotes fields holding commas or quotes (RFC 4180); a line break is escaped, never emitted', () => {
    expect(csvLine({ address: 'web/a,b', source_id: 'say "hi"', contact_id: 'line\nbreak' })).toBe(
      '"web/a,b","say ""hi""",line\\nbreak,i,,c,u',
    );
  });

  it('neutralises values a spreadsheet would run as a formula (OWASP CSV injection)', () => {
    for (const start of ['=', '+', '-', '@']) {
      const value = `${start}HYPERLINK("http://evil.example","x")`;
      expect(csvLine({ source_id: value })).toBe(`web/u1,"'${value.replace(/"/g, '""')}",id-1,i,,c,u`);
    }
    expect(csvLine({ source_id: '=1+2' })).toBe("web/u1,'=1+2,id-1,i,,c,u");
    expect(csvLine({ source_id: '\t=1' })).toBe("web/u1,'\\u{0009}=1,id-1,i,,c,u");
    expect(csvLine({ source_id: '\r=1' })).toBe("web/u1,'\\u{000D}=1,id-1,i,,c,u");
    expect(csvLine({ source_id: 'a=1' })).toBe('web/u1,a=1,id-1,i,,c,u');
  });

  it('never emits a control or bidi character', () => {
    const text = OUTPUT_REPORTERS.csv([
      row({ address: 'web/\u202egnp.exe', source_id: 'a\u0000b\u001b[8m', tier: 'x\u0085y' }),
    ]);
    // eslint-disable-next-line no-control-regex
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(text).toContain('web/\\u{202E}gnp.exe');
    expect(text).toContain('a\\u{0000}b\\u{001B}[8m');
  });
});
