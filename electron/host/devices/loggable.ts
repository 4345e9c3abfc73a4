// What a driver logs, made safe to cross the worker boundary.
/**
 * A log object as text-safe JSON. The worker channel copies objects structurally (fork's
 * 'advanced' serialization, Electron's postMessage) without calling toJSON, so a CardRead a
 * driver logs would cross with the cardholder name; through JSON it crosses masked, as
 * everything leaving the worker must (DESIGN §4). Errors keep their message and code.
 */
export function toLoggable(obj: object): Record<string, unknown> {
  const text = JSON.stringify(obj, (_key, value: unknown) =>
    value instanceof Error ? { message: value.message, ...((value as { code?: unknown }).code !== undefined ? { code: (value as { code?: unknown }).code } : {}) } : value,
  );
  return (text === undefined ? {} : JSON.parse(text)) as Record<string, unknown>;
}

