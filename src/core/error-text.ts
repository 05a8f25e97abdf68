/** Longest error text kept by default: enough for any message a person reads, far below a log line's worth of data. */
export const ERROR_TEXT_MAX = 1_000;

// C0 and C1 controls except tab and newline, and UTF-16 halves without their other half: the
// former break Postgres text (NUL) and terminals, the latter make invalid UTF-8.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Error text made safe to store, return and log: control characters and lone surrogates become
 * `�`, and anything past `max` characters is cut, saying how much was cut. Every place that
 * keeps or shows an error text (a failed upload's reason, the HTTP error body, the log
 * serializer) goes through here, so that an error quoting its input (a 3 MB name, a query's
 * parameters, a NUL byte) cannot carry it along.
 */
export function safeErrorText(text: string, max = ERROR_TEXT_MAX): string {
  const cut = text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
  return cut.replace(UNSAFE, '\ufffd');
}

/** drizzle's "Failed query: <sql>\nparams: <every value>" without the values. */
export const withoutParams = (message: string): string => message.replace(/\nparams: [\s\S]*$/, '\nparams: [not shown]');

/**
 * An error text without the data values it quotes: drizzle's parameters, and Postgres quoting
 * the offending value (`invalid input syntax for type integer: "<value>"`, detail `Key
 * (name)=(<value>) already exists.`). Names the database quotes mid-sentence (`relation "x"`)
 * stay: they are what makes the message useful.
 */
export const withoutValues = (text: string): string =>
  withoutParams(text)
    .replace(/: "[\s\S]*"$/, ': "[value not shown]"')
    .replace(/\)=\([\s\S]*\)/, ')=([value not shown])');

/**
 * Why something failed, short enough to store and show: the driver's own error where drizzle
 * wrapped it in "Failed query: …" (its SQL text says nothing to the person reading), made safe
 * by safeErrorText.
 */
export function errorReason(error: unknown): string {
  if (!(error instanceof Error)) return safeErrorText(String(error));
  const inner = 'params' in error && error.cause instanceof Error ? error.cause : error;
  return safeErrorText(withoutParams(inner.message));
}
