import winston from 'winston';
import { redact, redactString } from './redact';

export type LogFormat = 'json' | 'pretty';

export interface LoggerOptions {
  level?: string;
  format?: LogFormat;
  /** Where lines go; defaults to stdout. Tests pass a stream to read what was written. */
  stream?: NodeJS.WritableStream;
}

export type Logger = winston.Logger;

const SYMBOLS = [Symbol.for('level'), Symbol.for('message'), Symbol.for('splat')];

/** Redaction runs first, on the message and on every metadata field, before any transport sees it. */
const redactFormat = winston.format((info) => {
  const clean = redact({ ...info }) as winston.Logform.TransformableInfo;
  if (typeof info.message === 'string') clean.message = redactString(info.message);
  for (const s of SYMBOLS) {
    const v = (info as unknown as Record<symbol, unknown>)[s];
    if (v !== undefined) (clean as unknown as Record<symbol, unknown>)[s] = v;
  }
  return clean;
});

export function createLogger(opts: LoggerOptions = {}): Logger {
  const format = opts.format ?? 'json';
  const shape =
    format === 'json'
      ? winston.format.combine(winston.format.timestamp(), winston.format.json())
      : winston.format.combine(
          winston.format.timestamp({ format: 'HH:mm:ss' }),
          winston.format.colorize(),
          winston.format.printf(({ timestamp, level, message, ...meta }) => {
            const rest = Object.keys(meta).length ? ' ' + JSON.stringify(meta) : '';
            return `${String(timestamp)} ${level} ${String(message)}${rest}`;
          }),
        );
  return winston.createLogger({
    level: opts.level ?? 'info',
    format: winston.format.combine(winston.format.errors({ stack: false }), redactFormat(), shape),
    transports: [
      opts.stream
        ? new winston.transports.Stream({ stream: opts.stream })
        : new winston.transports.Console(),
    ],
  });
}

/** A logger that writes nothing, for library code run without a composition root (tests). */
export function silentLogger(): Logger {
  return winston.createLogger({ silent: true, transports: [new winston.transports.Console({ silent: true })] });
}
