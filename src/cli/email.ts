import type Database from 'better-sqlite3';
import type { CommandContext } from '../../src/commands/context.js';
import type { EmailDeliveryDeps } from '../../src/delivery/send.js';
import { ConfigError } from '../../src/errors.js';
import { digestArchive } from '../../src/library/digests.js';

/**
 * E-mail delivery dependencies from the configuration, or null when `delivery.email` is not configured.
 * The password is read here, once, from the variable `delivery.email.passwordEnv` names; a missing one
 * fails now (ConfigError naming the setting and the variable, never a value), not after the digest is written.
 */
export function emailDeps(ctx: CommandContext, db: Database.Database, outDir?: string): EmailDeliveryDeps | null {
  const config = ctx.config.delivery.email;
  if (config === null) return null;
  let password: string | null = null;
  if (config.user !== null && config.passwordEnv !== null) {
    password = process.env[config.passwordEnv] ?? '';
    if (password === '') {
      throw new ConfigError(`delivery.email.passwordEnv: environment variable ${config.passwordEnv} is not set (it must hold the SMTP password of ${config.user})`);
    }
  }
  return { db, config, password, digests: digestArchive(outDir ?? ctx.config.digest.outDir), logger: ctx.logger };
}
