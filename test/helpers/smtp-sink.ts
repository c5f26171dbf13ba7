// A loopback SMTP server (smtp-server) that keeps every message it accepts, for the
// delivery tests: plain TCP on 127.0.0.1, a free port, closed at the test's teardown.

import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

type Teardown = { teardown(fn: () => unknown): void };

/** One accepted message; `mail` is the mailparser result when the sink parses, else undefined. */
export interface SinkMessage<M extends ParsedMail | undefined = undefined> {
  raw: Buffer;
  mailFrom: string | undefined;
  rcptTo: string[];
  user: string | undefined;
  mail: M;
}

export interface SmtpSinkOptions {
  /** Require AUTH (allowed without TLS) and accept only these credentials. */
  auth?: { user: string; password: string };
  /** Parse each message with mailparser before accepting it (fills `mail`). */
  parse?: boolean;
  /** Further smtp-server hooks or settings (onConnect, onRcptTo, ...). */
  server?: Partial<SMTPServerOptions>;
}

export interface SmtpSink<M extends ParsedMail | undefined = undefined> {
  port: number;
  messages: SinkMessage<M>[];
  /** Counters; a test may reset them. */
  stats: { connections: number; authAttempts: number };
  /** Closes the channel at teardown, before the server. */
  track<C extends { close(): void }>(channel: C): C;
}

export function startSmtpSink(t: Teardown, options: SmtpSinkOptions & { parse: true }): Promise<SmtpSink<ParsedMail>>;
export function startSmtpSink(t: Teardown, options?: SmtpSinkOptions & { parse?: false }): Promise<SmtpSink>;
export async function startSmtpSink(
  t: Teardown,
  options: SmtpSinkOptions = {},
): Promise<SmtpSink<ParsedMail | undefined>> {
  const messages: SinkMessage<ParsedMail | undefined>[] = [];
  const stats = { connections: 0, authAttempts: 0 };
  const { auth } = options;
  const server = new SMTPServer({
    authOptional: !auth,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 500,
    ...(auth && {
      allowInsecureAuth: true,
      onAuth(credentials, _session, callback) {
        stats.authAttempts += 1;
        if (credentials.username === auth.user && credentials.password === auth.password) {
          callback(null, { user: auth.user });
        } else callback(new Error('Invalid username or password'));
      },
    }),
    onConnect(_session, callback) {
      stats.connections += 1;
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const accept = (mail: ParsedMail | undefined) => {
          messages.push({
            raw,
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
            rcptTo: session.envelope.rcptTo.map((r) => r.address),
            user: typeof session.user === 'string' ? session.user : undefined,
            mail,
          });
          callback();
        };
        if (options.parse) simpleParser(raw).then(accept, (err: Error) => callback(err));
        else accept(undefined);
      });
    },
    ...options.server,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  const channels: { close(): void }[] = [];
  t.teardown(async () => {
    for (const channel of channels) channel.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return {
    port,
    messages,
    stats,
    track: (channel) => (channels.push(channel), channel),
  };
}
