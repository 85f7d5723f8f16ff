import { describe, expect, it } from 'vitest';
import { checkBaseUrl } from '../../src/api/base-url.js';
import { clientFromEnvironment } from '../../src/api/client-from-environment.js';
import { shapeContactBody } from '../../src/api/shape-contact-body.js';
import { UsageError } from '../../src/errors.js';

describe('MAIAGENT_API_URL', () => {
  it('accepts https and loopback http, /api and /api/v1, trailing slashes trimmed', () => {
    expect(checkBaseUrl('https://api.maiagent.ai/api/')).toBe('https://api.maiagent.ai/api');
    expect(checkBaseUrl('https://api.maiagent.ai/api/v1')).toBe('https://api.maiagent.ai/api/v1');
    expect(checkBaseUrl('http://127.0.0.1:8787/api')).toBe('http://127.0.0.1:8787/api');
    expect(checkBaseUrl('http://localhost:8787/api')).toBe('http://localhost:8787/api');
    expect(checkBaseUrl('http://[::1]:8787/api')).toBe('http://[::1]:8787/api');
  });

  it.each([
    ['http://api.maiagent.ai/api', /plain http:\/\/ to api\.maiagent\.ai/],
    ['http://127.0.0.1.evil.example/api', /plain http:\/\//],
    ['https://user:secret@api.maiagent.ai/api', /must not contain credentials/],
    ['https://api.maiagent.ai/api/contacts/', /end before \/contacts\//],
    ['ftp://api.maiagent.ai/api', /https:\/\//],
    ['not a url', /not a valid URL/],
  ])('refuses %s', (url, message) => {
    expect(() => checkBaseUrl(url)).toThrow(UsageError);
    expect(() => checkBaseUrl(url)).toThrow(message);
    try {
      checkBaseUrl(url);
    } catch (error) {
      expect((error as Error).message).not.toContain('secret');
    }
  });

  it('needs MAIAGENT_API_KEY', () => {
    expect(() => clientFromEnvironment({})).toThrow(/MAIAGENT_API_KEY is not set/);
    expect(() =>
      clientFromEnvironment({ MAIAGENT_API_KEY: 'k', MAIAGENT_API_URL: 'http://example.com/api' }),
    ).toThrow(UsageError);
    expect(clientFromEnvironment({ MAIAGENT_API_KEY: 'k' })).toHaveProperty('listContacts');
  });
});

describe('api.inbox_field', () => {
  const body = { name: 'n', source_id: 's', inbox: 'i', query_metadata: {} };
  it('rewrites the inbox shape, keeping key order; leaves the body alone otherwise', () => {
    expect(JSON.stringify(shapeContactBody(body, 'inboxes'))).toBe(
      '{"name":"n","source_id":"s","inboxes":[{"id":"i"}],"query_metadata":{}}',
    );
    expect(shapeContactBody(body, 'inbox')).toBe(body);
    expect(shapeContactBody(body, undefined)).toBe(body);
    expect(shapeContactBody({ ...body, inbox: undefined, inboxes: [{ id: 'j' }] }, 'inbox')).toMatchObject({
      inbox: 'j',
    });
  });
});
