/**
 * A real SMTP server on 127.0.0.1 (the `smtp-server` package) for the e-mail tests: plain connection
 * (STARTTLS disabled), AUTH PLAIN/LOGIN checked against one user, every accepted message kept raw, and a
 * script of refusals (e.g. one 421, 535 for every login, 550 for one recipient). Events let tests wait for what the server saw.
 */
import { EventEmitter, once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerError } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export interface TestSmtpServer {
  port: number;
  /** Messages accepted (the client got "250" or is about to). */
  received: ReceivedMail[];
  /** Connections refused with a scripted reply so far. */
  refusals: number;
  /** `accepted` (mail) after the 250 reply is queued; `holding` (mail, release) when `hold` is set. */
  events: EventEmitter;
  /** Refuse the next `count` MAIL FROM commands with this reply code (421: transient). */
  refuseMail(code: number, count: number): void;
  /** Refuse `RCPT TO:<address>` (case-insensitive) with this code and text, every time. */
  refuseRecipient(address: string, code: number, text: string): void;
  /** Refuse every login with 535. */
  refuseLogins(): void;
  /** Keep the next message without replying; `holding` fires with it (tests kill the client then). */
  hold(): void;
  close(): Promise<void>;
}

function smtpError(code: number, message: string): SMTPServerError {
  return Object.assign(new Error(message), { responseCode: code });
}

export async function startSmtpServer(auth: { user: string; pass: string }): Promise<TestSmtpServer> {
  const events = new EventEmitter();
  const state = { mailRefusals: [] as number[], refuseLogins: false, hold: false, rcptRefusals: new Map<string, SMTPServerError>() };
  const t: Omit<TestSmtpServer, 'port'> & { port: number } = {
    port: 0,
    received: [],
    refusals: 0,
    events,
    refuseMail: (code, count) => state.mailRefusals.push(...Array<number>(count).fill(code)),
    refuseRecipient: (address, code, text) => state.rcptRefusals.set(address.toLowerCase(), smtpError(code, text)),
    refuseLogins: () => (state.refuseLogins = true),
    hold: () => (state.hold = true),
    close: () => new Promise((r) => server.close(() => r())),
  };
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    onAuth(a, _s, cb) {
      if (state.refuseLogins || a.username !== auth.user || a.password !== auth.pass) return cb(smtpError(535, '5.7.8 Authentication credentials invalid'));
      cb(null, { user: a.username });
    },
    onMailFrom(_addr, _s, cb) {
      const code = state.mailRefusals.shift();
      if (code === undefined) return cb();
      t.refusals++;
      cb(smtpError(code, code === 421 ? '4.3.2 Service shutting down, try again later' : 'Refused'));
    },
    onRcptTo(addr, _s, cb) {
      cb(state.rcptRefusals.get(addr.address.toLowerCase()) ?? null);
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const mail = { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') };
        t.received.push(mail);
        if (state.hold) {
          state.hold = false;
          events.emit('holding', mail, () => cb(null, 'Queued'));
          return;
        }
        cb(null, 'Queued');
        events.emit('accepted', mail);
      });
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  t.port = (server.server.address() as AddressInfo).port;
  return t;
}
