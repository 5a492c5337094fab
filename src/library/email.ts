import type Database from 'better-sqlite3';
import type { Config } from '../config.js';
import type { EmailConfig } from '../delivery/config.js';
import type { EmailDeliveryDeps } from '../delivery/send.js';
import { ConfigError } from '../errors.js';
import type { Logger } from '../log.js';
import { lastStoringRunEnd } from '../store/runs.js';
import { digestArchive } from './digests.js';

/**
 * E-mail delivery dependencies from the configuration, or null when `delivery.email` is not configured.
 * The password is read here, once, from the variable `delivery.email.passwordEnv` names; a missing one
 * fails now (ConfigError naming the setting and the variable, never a value), not after the digest is written.
 */
export function emailDeps(
  config: Config, db: Database.Database, logger: Logger, opts: { outDir?: string | undefined; env?: Record<string, string | undefined> | undefined } = {},
): EmailDeliveryDeps | null {
  const email = config.delivery.email;
  if (email === null) return null;
  return { db, config: email, password: emailPassword(email, opts.env ?? process.env), digests: digestArchive(opts.outDir ?? config.digest.outDir, () => lastStoringRunEnd(db)), logger };
}

/** The SMTP password from the variable `delivery.email.passwordEnv` names (null without a user); ConfigError when unset. */
export function emailPassword(email: EmailConfig, env: Record<string, string | undefined>): string | null {
  if (email.user === null || email.passwordEnv === null) return null;
  const password = env[email.passwordEnv] ?? '';
  if (password === '') {
    throw new ConfigError(`delivery.email.passwordEnv: environment variable ${email.passwordEnv} is not set (it must hold the SMTP password of ${email.user})`);
  }
  return password;
}
