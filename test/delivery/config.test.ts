import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { mailboxAddress } from '../../src/delivery/config.js';
import { deliveryKey, messageIdOf } from '../../src/delivery/message.js';
import { ConfigError } from '../../src/errors.js';

const REPO = resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'kratomlit-delivery-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Loads `config` written as a file; returns the config or the ConfigError's message. */
function load(config: unknown): ReturnType<typeof loadConfig> | string {
  const path = join(dir, 'kratomlit.config.json');
  writeFileSync(path, JSON.stringify(config));
  try {
    return loadConfig({ path, env: {}, cwd: dir });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
}

describe('delivery.email addresses', () => {
  it('accepts the configuration block docs/email.md shows, display name included', () => {
    const block = /```json\n([\s\S]*?)\n```/.exec(readFileSync(join(REPO, 'docs', 'email.md'), 'utf8'));
    expect(block, 'docs/email.md has a json block').not.toBeNull();
    const config = load(JSON.parse(block?.[1] ?? ''));
    expect(typeof config === 'string' ? config : null).toBeNull();
    const email = typeof config === 'string' ? null : config.delivery.email;
    expect(email?.from).toBe('kratomlit <digests@lab.example.org>');
    expect(email?.to).toEqual(['ana@lab.example.org', 'ben@lab.example.org']);
  });

  it.each([
    ['from', 'digests(at)lab.example.org'],
    ['from', 'kratomlit <digests>'],
    ['from', '<a@b.org> <c@d.org>'],
    ['to', 'ana@lab.example.org, ben@lab.example.org'],
  ])('names delivery.email.%s when it holds %j', (key, value) => {
    const email = { host: 'smtp.example.org', from: 'k@lab.org', to: ['ana@lab.org'], [key]: key === 'to' ? [value] : value };
    const message = load({ delivery: { email } });
    expect(message).toEqual(expect.stringContaining(`delivery.email.${key}${key === 'to' ? '.0' : ''}: not an e-mail address: give "user@host" or "Name <user@host>"`));
  });

  it('refuses an unknown placeholder in the subject at load, naming it and the known ones', () => {
    const email = (subject: string) => ({ delivery: { email: { host: 'smtp.example.org', from: 'k@lab.org', to: ['ana@lab.org'], subject } } });
    const known = '(known: {week}, {summary}, {new}, {updated}, {notices}, {retractions})';
    expect(load(email('kratomlit: {week} {bogus}'))).toEqual(expect.stringContaining(`delivery.email.subject: unknown placeholder {bogus} ${known}`));
    expect(load(email('{Week} {bogus} {}'))).toEqual(expect.stringContaining(`delivery.email.subject: unknown placeholders {Week}, {bogus}, {} ${known}`));
    const ok = load(email('{week}: {new} new, {updated} updated, {notices} notices ({retractions} retractions); {summary}'));
    expect(typeof ok === 'string' ? ok : null).toBeNull();
  });

  it('reads the address out of a display-name mailbox for the Message-ID and the ledger key', () => {
    expect(mailboxAddress('"Lab digests" <digests@lab.example.org>')).toBe('digests@lab.example.org');
    expect(mailboxAddress('digests@lab.example.org')).toBe('digests@lab.example.org');
    expect(mailboxAddress('a <b')).toBeNull();
    expect(messageIdOf('2026-W48/abc', 'kratomlit <digests@lab.example.org>')).toBe('<kratomlit.2026-W48.abc@lab.example.org>');
    expect(deliveryKey('2026-W48', ['Ana <Ana@Lab.org>', 'ben@lab.org'])).toBe(deliveryKey('2026-W48', ['ben@lab.org', 'ana@lab.org']));
  });
});
